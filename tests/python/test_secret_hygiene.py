"""Secret hygiene from Python: with distinctive API key, profile key and secret values, every
error path (invalid input of each field, from arguments and from the environment; every API
error status with bodies echoing the request; 429; timeout; refused connection; non-HTTP
answers; decode errors quoting an echoed body; signature failures) and every repr/str of the
public types is collected (for exceptions also ``args``, attributes, ``__notes__``, the pickled
form and ``traceback.format_exception``), and none of it holds any of those values, nor any
8-character piece of one. The Rust model is core/tests/secret_hygiene.rs.
"""

from __future__ import annotations

import json
import pickle
import time
import traceback
from collections.abc import Callable, Iterator

import pytest
from faultkit import FaultServer, closed_base_url
from support import sign_hex

from ayrshare_webhooks import (
    Action,
    AyrshareError,
    Client,
    DecodeError,
    InvalidInputError,
    SignatureVerificationError,
    Verifier,
    parse_delivery,
    verify_signature,
)

API_KEY = "PyAK3q9Zr7Wx2Lm8Tn4Vb6Hy"
PROFILE_KEY = "PyPK8e1Gt5Rw3Yu7Io0Pa4Sd"
CALL_PROFILE_KEY = "PyCP6r2Ty0Ui4Op8As1Df5Gh"
SECRET = "PySC4z6Xc8Vb0Nm2Qw7Er3Ty"
NEW_SECRET = "PyNS9a3Sd5Fg7Hj1Kl6Zx8Cv"
VALUES = (API_KEY, PROFILE_KEY, CALL_PROFILE_KEY, SECRET, NEW_SECRET)

HOOK_URL = "https://example.com/hooks/ayrshare"
SIGNATURE_HEADER = "X-Authorization-Content-SHA256"
V2_HEADER = "X-Authorization-Content-SHA256-V2"
TIMESTAMP_HEADER = "X-Authorization-Timestamp"
STATUSES = (400, 401, 402, 403, 404, 405, 408, 409, 422, 429, 500, 502, 503, 504)
#: Scripts whose every operation fails, besides echo and echo-json of each status.
FAILING_SCRIPTS = (
    "echo-json:200",  # a 2xx whose JSON says "error", its message echoing the request
    "echo:200",  # a 2xx that is not JSON: a decode error quoting the body's start
    "mirror",
    "garbage",
    "reset",
    "close",
    "truncated",
    "429",
    "429:3600",
    "huge",
)


class Shown:
    """Everything the package shows a user, labelled by where it came from."""

    def __init__(self) -> None:
        self.texts: list[tuple[str, str]] = []

    def add(self, label: str, text: str) -> None:
        self.texts.append((label, text))

    def value(self, label: str, value: object) -> None:
        self.add(f"{label} (repr)", repr(value))
        self.add(f"{label} (str)", str(value))

    def exception(self, label: str, error: BaseException) -> None:
        self.value(label, error)
        self.add(f"{label} (args)", repr(error.args))
        for name, attribute in vars(error).items():
            self.add(f"{label} (.{name})", repr(attribute))
        self.add(f"{label} (__notes__)", repr(getattr(error, "__notes__", None)))
        self.add(f"{label} (traceback)", "".join(traceback.format_exception(error)))
        self.add(f"{label} (pickle)", pickle.dumps(error).decode("latin-1"))
        self.add(f"{label} (unpickled)", repr(vars(pickle.loads(pickle.dumps(error)))))

    def raises(
        self, label: str, call: Callable[[], object], expected: type[Exception] = AyrshareError
    ) -> Exception:
        """Runs ``call``, which must raise ``expected``; records the exception."""
        try:
            returned = call()
        except expected as error:
            self.exception(label, error)
            return error
        pytest.fail(f"{label}: expected {expected.__name__}, returned {returned!r}")

    def invalid(self, label: str, field: str, call: Callable[[], object]) -> None:
        error = self.raises(label, call, InvalidInputError)
        assert isinstance(error, InvalidInputError)
        assert error.field == field, f"{label}: {error}"

    def leaks(self, forms: dict[str, str], window: int | None = 8) -> list[str]:
        """Every text holding a form of a value (or, with ``window``, any piece of it)."""
        found = []
        for name, form in forms.items():
            pieces = (
                {form[i : i + window] for i in range(len(form) - window + 1)}
                if window
                else {form}
            )
            for label, text in self.texts:
                piece = next((p for p in pieces if p in text), None)
                if piece is not None:
                    found.append(f"{label}: holds {piece!r} of {name}: {text!r}")
        return found


def client_for(base_url: str, timeout: float = 2.0) -> Client:
    return Client(
        API_KEY,
        profile_key=PROFILE_KEY,
        base_url=base_url,
        timeout=timeout,
        connect_timeout=timeout,
        max_retries=0,
    )


def every_operation_fails(shown: Shown, label: str, client: Client) -> None:
    """Every operation once, with and without a per-call profile key; each must fail."""
    calls: dict[str, Callable[[], object]] = {
        "register": lambda: client.register_webhook(Action.SCHEDULED, HOOK_URL, secret=SECRET),
        "register per-call profile": lambda: client.register_webhook(
            Action.SCHEDULED, HOOK_URL, secret=SECRET, profile_key=CALL_PROFILE_KEY
        ),
        "list": lambda: client.list_webhooks(),
        "list per-call profile": lambda: client.list_webhooks(profile_key=CALL_PROFILE_KEY),
        "unregister per-call profile": lambda: client.unregister_webhook(
            Action.FEED, profile_key=CALL_PROFILE_KEY
        ),
        "rotate": lambda: client.rotate_webhook_secret(NEW_SECRET),
        "rotate per-call profile": lambda: client.rotate_webhook_secret(
            NEW_SECRET, profile_key=CALL_PROFILE_KEY
        ),
    }
    for operation, call in calls.items():
        shown.raises(f"{label} {operation}", call)


def invalid_inputs(shown: Shown, base_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    long = 50
    for label, key in [
        ("api key with a space", f"{API_KEY} x"),
        ("api key with CRLF", f"{API_KEY}\r\nX: y"),
        ("api key with NUL", f"{API_KEY}\x00"),
        ("api key too long", API_KEY * long),
    ]:
        shown.invalid(label, "api_key", lambda: Client(key, base_url=base_url))
        if "\x00" not in key:  # the environment cannot hold NUL
            with monkeypatch.context() as env:
                env.setenv("AYRSHARE_API_KEY", key)
                shown.invalid(f"{label} from the environment", "api_key", Client)

    client = client_for(base_url)
    for label, key in [
        ("profile key with a tab", f"{PROFILE_KEY}\tx"),
        ("profile key with LF", f"{CALL_PROFILE_KEY}\n"),
        ("profile key too long", PROFILE_KEY * long),
    ]:
        shown.invalid(
            label, "profile_key", lambda: Client(API_KEY, profile_key=key, base_url=base_url)
        )
        with monkeypatch.context() as env:
            env.setenv("AYRSHARE_API_KEY", API_KEY)
            env.setenv("AYRSHARE_PROFILE_KEY", key)
            shown.invalid(
                f"{label} from the environment",
                "profile_key",
                lambda: Client(base_url=base_url),
            )
        shown.invalid(label, "profile_key", lambda: client.with_profile_key(key))
        shown.invalid(label, "profile_key", lambda: client.list_webhooks(profile_key=key))
        shown.invalid(
            label, "profile_key", lambda: client.unregister_webhook("feed", profile_key=key)
        )
        shown.invalid(
            label,
            "profile_key",
            lambda: client.rotate_webhook_secret(NEW_SECRET, profile_key=key),
        )
        shown.invalid(
            label,
            "profile_key",
            lambda: client.register_webhook("feed", HOOK_URL, secret=SECRET, profile_key=key),
        )

    for label, secret in [
        ("secret with LF", f"{SECRET}\n"),
        ("secret with DEL", f"{SECRET}\x7f"),
        ("secret with NUL", f"{NEW_SECRET}\x00"),
        ("secret too long", SECRET * long),
    ]:
        shown.invalid(
            label, "secret", lambda: client.register_webhook("feed", HOOK_URL, secret=secret)
        )
        shown.invalid(label, "secret", lambda: client.rotate_webhook_secret(secret))
    shown.invalid("empty verifier secret", "secret", lambda: Verifier(""))
    shown.invalid("bad tolerance", "tolerance", lambda: Verifier(SECRET, tolerance=-1))

    for label, url in [
        ("http url", f"http://example.com/{SECRET}"),
        ("url with a space", f"https://example.com/ {SECRET}"),
        ("url with credentials", f"https://u:{SECRET}@example.com/"),
        ("url too long", f"https://example.com/{SECRET * 100}"),
    ]:
        shown.invalid(label, "url", lambda: client.register_webhook("feed", url, secret=SECRET))
    shown.invalid("unknown action", "action", lambda: client.unregister_webhook("Feed"))

    for label, bad_base in [
        ("remote http base url", "http://example.com/api"),
        ("base url with credentials", f"https://u:{SECRET}@example.com/api"),
        ("base url with an api key", f"https://{API_KEY}@example.com/api"),
    ]:
        shown.invalid(
            label,
            "base_url",
            lambda: Client(API_KEY, profile_key=PROFILE_KEY, base_url=bad_base),
        )
        with monkeypatch.context() as env:
            env.setenv("AYRSHARE_BASE_URL", bad_base)
            env.setenv("AYRSHARE_API_KEY", API_KEY)
            env.setenv("AYRSHARE_PROFILE_KEY", PROFILE_KEY)
            shown.invalid(f"{label} from the environment", "base_url", Client)
    for field, make in {
        "timeout": lambda: Client(API_KEY, base_url=base_url, timeout=0.0),
        "connect_timeout": lambda: Client(
            API_KEY, profile_key=PROFILE_KEY, base_url=base_url, connect_timeout=-1.0
        ),
        "max_retries": lambda: Client(
            API_KEY, profile_key=PROFILE_KEY, base_url=base_url, max_retries=11
        ),
    }.items():
        shown.invalid(field, field, make)

    # Wrong Python types holding a secret: a TypeError naming the type, not the value.
    wrong_types: dict[str, Callable[[], object]] = {
        "bytes api key": lambda: Client(API_KEY.encode()),  # type: ignore[arg-type]
        "bytes profile key": lambda: client.with_profile_key(
            CALL_PROFILE_KEY.encode()  # type: ignore[arg-type]
        ),
        "bytes secret": lambda: client.rotate_webhook_secret(
            NEW_SECRET.encode()  # type: ignore[arg-type]
        ),
        "list secret": lambda: client.register_webhook(
            "feed", HOOK_URL, secret=[SECRET]  # type: ignore[arg-type]
        ),
    }
    for label, call in wrong_types.items():
        shown.raises(label, call, TypeError)
    shown.raises("pickling a client", lambda: pickle.dumps(client), TypeError)


def signature_failures(shown: Shown) -> None:
    body = b'{"action":"scheduled","status":"success"}'
    good = sign_hex(SECRET.encode(), body)
    zeros = "0" * 64
    now = str(int(time.time()))
    for label, verifier in {
        "verifier": Verifier(SECRET),
        "bytes verifier": Verifier(SECRET.encode(), tolerance=None),
    }.items():
        shown.value(label, verifier)
        for case, headers in {
            "missing signature": {},
            "malformed signature": {SIGNATURE_HEADER: "zz", TIMESTAMP_HEADER: now},
            "wrong signature": {SIGNATURE_HEADER: zeros, TIMESTAMP_HEADER: now},
            "signature of the secret": {
                SIGNATURE_HEADER: sign_hex(SECRET.encode(), SECRET.encode()),
                TIMESTAMP_HEADER: now,
            },
            "wrong rotation signatures": {V2_HEADER: f"v1={zeros},v1=zz", TIMESTAMP_HEADER: now},
        }.items():
            shown.raises(
                f"{label} {case}",
                lambda: verifier.verify(headers, body),
                SignatureVerificationError,
            )
    strict = Verifier(SECRET, tolerance=60)
    for case, headers in {
        "missing timestamp": {SIGNATURE_HEADER: good},
        "malformed timestamp": {SIGNATURE_HEADER: good, TIMESTAMP_HEADER: "yesterday"},
        "old timestamp": {SIGNATURE_HEADER: good, TIMESTAMP_HEADER: "1000000000"},
    }.items():
        shown.raises(case, lambda: strict.verify(headers, body), SignatureVerificationError)
    for case, signature in {"hex": zeros, "empty": "", "junk": "not a signature"}.items():
        shown.raises(
            f"verify_signature {case}",
            lambda: verify_signature(SECRET, body, signature),
            SignatureVerificationError,
        )
    shown.raises(
        "verify_signature empty secret",
        lambda: verify_signature(b"", body, zeros),
        AyrshareError,
    )
    shown.raises("not a delivery", lambda: parse_delivery(b"<html>"), DecodeError)
    strict.verify({SIGNATURE_HEADER: good, TIMESTAMP_HEADER: now}, body)
    shown.value("delivery", parse_delivery(body))


def well_formed_values(shown: Shown, base_url: str) -> None:
    client = client_for(base_url)
    shown.value("client", client)
    shown.value("client per profile", client.with_profile_key(CALL_PROFILE_KEY))
    shown.value("client without profile", Client(API_KEY, base_url=base_url))
    shown.value("client base url", client.base_url)
    hook = client.register_webhook(
        Action.SCHEDULED, HOOK_URL, secret=SECRET, profile_key=CALL_PROFILE_KEY
    )
    shown.value("webhook", hook)
    shown.value("list", client.list_webhooks(profile_key=CALL_PROFILE_KEY))


@pytest.fixture
def server(faultserver_binary: str) -> Iterator[FaultServer]:
    with FaultServer("200", faultserver_binary) as started:
        yield started


def test_no_key_or_secret_appears_in_any_message(
    server: FaultServer, monkeypatch: pytest.MonkeyPatch, faultserver_binary: str
) -> None:
    shown = Shown()
    invalid_inputs(shown, server.base_url, monkeypatch)
    assert server.counts() == (0, 0), "invalid inputs must send nothing"
    well_formed_values(shown, server.base_url)
    assert server.stats().requests == 2, "only the two well-formed calls are sent"

    scripts = [f"{kind}:{status}" for status in STATUSES for kind in ("echo-json", "echo")]
    for script in [*scripts, *FAILING_SCRIPTS, "silent"]:
        server.reset(script)
        client = client_for(server.base_url, 0.2 if script == "silent" else 2.0)
        every_operation_fails(shown, script, client)
        assert server.stats().requests == 7, script
    refused = client_for(closed_base_url(faultserver_binary))
    every_operation_fails(shown, "refused", refused)
    signature_failures(shown)

    leaks = shown.leaks({f"value {i}": value for i, value in enumerate(VALUES)})
    assert not leaks, "\n".join(leaks[:20]) + f"\n({len(leaks)} leaks)"
    assert len(shown.texts) > 1000, f"only {len(shown.texts)} texts collected"
    # The echoes did reach the messages, scrubbed: the check above saw real server text.
    scrubbed = sum("[redacted]" in text for _, text in shown.texts)
    assert scrubbed > 300, f"the echoes reached only {scrubbed} texts"


def test_escaped_forms_of_keys_and_secrets_do_not_appear(server: FaultServer) -> None:
    """Values holding characters that JSON and repr escape (``"``, ``\\``, ``'``): a server
    echoing the JSON request body sends them back escaped, and no form may leak."""
    api_key = 'PyAK"q7Zr\\2Wx9\'Lm'
    secret = 'PySC"z8X\\c6Vb/4\'Tn'
    shown = Shown()
    for script in ("echo-json:400", "echo:400", "echo:200", "mirror"):
        server.reset(script)
        client = Client(api_key, base_url=server.base_url, max_retries=0, timeout=2.0)
        shown.raises(
            script, lambda: client.register_webhook("feed", HOOK_URL, secret=secret)
        )
        shown.raises(script, lambda: client.rotate_webhook_secret(secret))
        shown.value(script, client)
    forms: dict[str, str] = {}
    for name, value in (("api key", api_key), ("secret", secret)):
        forms[name] = value
        forms[f"{name} as JSON"] = json.dumps(value)[1:-1]
        forms[f"{name} as repr"] = repr(value)[1:-1]
        forms[f"{name} as repr of its repr"] = repr(repr(value))[2:-2]
    leaks = shown.leaks(forms, window=None)
    assert not leaks, "\n".join(leaks)
    assert server.stats().requests == 2
