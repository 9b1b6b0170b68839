"""ayrshare-webhooks for Python, start to finish.

Registers a webhook for a User Profile, lists the profile's webhooks, verifies the signed
delivery Ayrshare would send (and rejects a tampered copy), parses it, unregisters, and shows
a bad input rejected before anything is sent.

Against the mock of the API (what `make demo` does):

    AYRSHARE_API_KEY=demo-api-key AYRSHARE_BASE_URL=http://127.0.0.1:PORT/api \\
    AYR_DEMO_OUTBOX=/tmp/outbox .venv/bin/python python/examples/demo.py

Against the real API, set only AYRSHARE_API_KEY (the API key of your Primary Profile) and pass
the Profile Key of one of your User Profiles as PROFILE_KEY below; the delivery check is then
skipped, since real deliveries go to your HTTPS endpoint.
"""

from __future__ import annotations

import os
import pathlib
import sys

from ayrshare_webhooks import (
    Action,
    AyrshareError,
    Client,
    InvalidInputError,
    SignatureVerificationError,
    Verifier,
    parse_delivery,
)

# Where Ayrshare will POST deliveries: an https URL that is the final destination (no redirect).
HOOK_URL = "https://example.com/hooks/ayrshare"
# The secret Ayrshare signs every delivery with; keep it out of source control in real code.
SECRET = "demo-signing-secret"
# The User Profile to act for. A multi-tenant app passes each customer's key per call.
PROFILE_KEY = "demo-profile-python"


def main() -> int:
    # The API key (and the base URL, here the mock's) come from the environment:
    # AYRSHARE_API_KEY, AYRSHARE_BASE_URL, AYRSHARE_PROFILE_KEY. Arguments override them.
    client = Client()
    print(f"[python] {client!r}")  # the repr masks the key

    # Register (or replace) the webhook for scheduled posts of one User Profile.
    hook = client.register_webhook(
        Action.SCHEDULED, HOOK_URL, secret=SECRET, profile_key=PROFILE_KEY
    )
    print(f"[python] registered {hook.action} -> {hook.url} "
          f"(status {hook.status}, refId {hook.ref_id})")

    # Every webhook of that profile: a dict of action -> url.
    for action, url in client.list_webhooks(profile_key=PROFILE_KEY).items():
        print(f"[python] listed {action} -> {url}")

    outbox = os.environ.get("AYR_DEMO_OUTBOX")
    if outbox:
        receive_delivery(pathlib.Path(outbox) / PROFILE_KEY)
    else:
        print("[python] (no AYR_DEMO_OUTBOX: skipping the delivery check)")

    client.unregister_webhook(Action.SCHEDULED, profile_key=PROFILE_KEY)
    print("[python] unregistered scheduled")

    # Every argument is validated before any request: plain http is refused, nothing is sent.
    try:
        client.register_webhook("scheduled", "http://insecure.example.com/hook")
    except InvalidInputError as error:
        print(f"[python] bad input rejected before sending: field {error.field!r}: {error}")
    else:
        raise SystemExit("[python] an http:// webhook URL was accepted")
    return 0


def receive_delivery(folder: pathlib.Path) -> None:
    """What your webhook handler does with a request: verify the exact bytes, then parse.

    The mock wrote the delivery it would POST to HOOK_URL: the raw body, and the headers
    as `Name: value` lines.
    """
    body = (folder / "scheduled.body").read_bytes()
    headers = dict(
        (name.strip(), value.strip())
        for name, value in (
            line.split(":", 1)
            for line in (folder / "scheduled.headers").read_text().splitlines()
            if ":" in line
        )
    )

    # One Verifier per secret; it checks the HMAC-SHA256 signature header and that the
    # timestamp is within 5 minutes. In Flask: verifier.verify(request.headers,
    # request.get_data()).
    verifier = Verifier(SECRET)
    verifier.verify(headers, body)  # raises SignatureVerificationError when forged
    delivery = parse_delivery(body)
    print(f"[python] delivery verified: action {delivery.action} "
          f"subAction {delivery.sub_action} refId {delivery.ref_id} "
          f"platform {delivery.payload['postIds'][0]['platform']}")

    # One byte more and the signature no longer matches.
    try:
        verifier.verify(headers, body + b" ")
    except SignatureVerificationError as error:
        print(f"[python] tampered delivery rejected ({error.reason}): {error}")
    else:
        raise SystemExit("[python] a tampered delivery passed verification")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except AyrshareError as error:
        print(f"[python] failed: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(1)
