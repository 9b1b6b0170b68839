"""A webhook receiver to develop against: verifies every delivery with the Python package and
answers 204, or 401 with the reason it was rejected.

    AYRSHARE_WEBHOOK_SECRET=my-secret python cli/examples/receiver.py [PORT]

Prints its URL on the first line (PORT 0, the default, picks a free one), then one line per
delivery. Try it with the CLI:

    ayrshare-webhooks send-test --action scheduled --to URL --secret-file secret.txt
    ayrshare-webhooks send-test --action scheduled --to URL --secret-file secret.txt --tamper
"""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ayrshare_webhooks import SignatureVerificationError, Verifier, parse_delivery

VERIFIER = Verifier(os.environ["AYRSHARE_WEBHOOK_SECRET"])


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            VERIFIER.verify(self.headers, body)  # the exact bytes received
        except SignatureVerificationError as error:
            print(f"rejected: {error.reason}", flush=True)
            self.answer(401, error.reason.encode())
            return
        delivery = parse_delivery(body)
        print(f"accepted: {delivery.action} hookId {delivery.hook_id}", flush=True)
        self.answer(204, b"")

    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per delivery is printed above


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Receiver)
    print(f"http://127.0.0.1:{server.server_address[1]}/hooks", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
