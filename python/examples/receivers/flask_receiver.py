import os

from flask import Flask, request

from ayrshare_webhooks import SignatureVerificationError, Verifier
from handling import handle

app = Flask(__name__)
verifier = Verifier(os.environ["AYRSHARE_WEBHOOK_SECRET"])


@app.post("/hooks/ayrshare")
def ayrshare_hook() -> tuple[str, int]:
    try:
        event = verifier.verify_event(request.headers, request.get_data())
    except SignatureVerificationError as error:
        return error.reason, 401  # "mismatch", "timestamp_outside_tolerance", ...
    handle(event)
    return "", 204
