import os

from fastapi import FastAPI, HTTPException, Request

from ayrshare_webhooks import SignatureVerificationError, Verifier
from handling import handle

app = FastAPI()
verifier = Verifier(os.environ["AYRSHARE_WEBHOOK_SECRET"])


@app.post("/hooks/ayrshare", status_code=204)
async def ayrshare_hook(request: Request) -> None:
    body = await request.body()
    try:
        event = verifier.verify_event(request.headers, body)
    except SignatureVerificationError as error:
        raise HTTPException(401, error.reason) from error
    handle(event)
