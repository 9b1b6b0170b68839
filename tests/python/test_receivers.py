"""The README's receivers (python/examples/receivers), each run through its own framework's
test client with deliveries signed by ``sign_delivery``: Flask, Django and FastAPI. The README
must show each file as it is here."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

from ayrshare_webhooks import sign_delivery

REPO = Path(__file__).resolve().parents[2]
RECEIVERS = REPO / "python" / "examples" / "receivers"
SECRET = "whsec_receiver-under-test"

SCHEDULED = (
    b'{"action":"scheduled","hookId":"hk_42","status":"success",'
    b'"postIds":[{"platform":"twitter","status":"success","postUrl":"https://x.com/p/1"}]}'
)
UNLINKED = b'{"action":"social","type":"unlink","platform":"linkedin","source":"system","hookId":"hk_43"}'
FEED = b'{"action":"feed","hookId":"hk_44"}'
EXPECTED = {
    SCHEDULED: "hk_42: twitter success https://x.com/p/1\n",
    UNLINKED: "hk_43: relink linkedin\n",
    FEED: "hk_44: feed\n",
}


def receiver(name: str) -> ModuleType:
    """Imports an example receiver with the secret in its environment variable."""
    os.environ["AYRSHARE_WEBHOOK_SECRET"] = SECRET
    if str(RECEIVERS) not in sys.path:
        sys.path.insert(0, str(RECEIVERS))
    return importlib.import_module(name)


@pytest.mark.parametrize("name", ["handling", "flask_receiver", "django_receiver", "fastapi_receiver"])
def test_the_python_readme_shows_each_receiver_as_it_is(name: str) -> None:
    code = (RECEIVERS / f"{name}.py").read_text()
    readme = (REPO / "python" / "README.md").read_text()
    assert code.strip() in readme, f"python/README.md does not show {name}.py as it is"


def test_flask(capsys: pytest.CaptureFixture[str]) -> None:
    client = receiver("flask_receiver").app.test_client()
    for body, printed in EXPECTED.items():
        response = client.post("/hooks/ayrshare", data=body, headers=sign_delivery(SECRET, body))
        assert response.status_code == 204
        assert capsys.readouterr().out == printed
    rotated = sign_delivery(["whsec_next", SECRET], FEED)
    assert client.post("/hooks/ayrshare", data=FEED, headers=rotated).status_code == 204
    capsys.readouterr()

    tampered = client.post("/hooks/ayrshare", data=FEED + b" ", headers=sign_delivery(SECRET, FEED))
    assert (tampered.status_code, tampered.get_data()) == (401, b"mismatch")
    unsigned = client.post("/hooks/ayrshare", data=FEED)
    assert (unsigned.status_code, unsigned.get_data()) == (401, b"missing_signature")
    assert capsys.readouterr().out == ""


def test_django(capsys: pytest.CaptureFixture[str]) -> None:
    import django
    from django.conf import settings
    from django.test import Client

    receiver("django_receiver")
    if not settings.configured:
        settings.configure(
            ROOT_URLCONF="django_receiver",
            ALLOWED_HOSTS=["testserver"],
            SECRET_KEY="only-for-the-test-client",
        )
        django.setup()
    client = Client()
    for body, printed in EXPECTED.items():
        response = client.post(
            "/hooks/ayrshare", data=body, content_type="application/json",
            headers=sign_delivery(SECRET, body),
        )
        assert response.status_code == 204
        assert capsys.readouterr().out == printed

    stale = sign_delivery(SECRET, FEED, timestamp=1_000_000_000)
    response = client.post("/hooks/ayrshare", data=FEED, content_type="application/json", headers=stale)
    assert (response.status_code, response.content) == (401, b"timestamp_outside_tolerance")
    assert client.get("/hooks/ayrshare").status_code == 405
    assert capsys.readouterr().out == ""


def test_fastapi(capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    client = TestClient(receiver("fastapi_receiver").app)
    for body, printed in EXPECTED.items():
        response = client.post("/hooks/ayrshare", content=body, headers=sign_delivery(SECRET, body))
        assert response.status_code == 204
        assert capsys.readouterr().out == printed

    wrong = client.post("/hooks/ayrshare", content=FEED, headers=sign_delivery("whsec_other", FEED))
    assert (wrong.status_code, wrong.json()) == (401, {"detail": "mismatch"})
    assert capsys.readouterr().out == ""
