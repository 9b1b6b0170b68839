"""Uses an installed ``ayrshare_webhooks`` as a new user would, with the standard library only.

Run by tests/packaging/python.sh with the interpreter of a fresh virtualenv holding nothing but
the package (from the wheel or built from the sdist), from a directory outside the source tree:
it registers a webhook against a local HTTP server and checks the exact request, rejects a bad
URL without sending anything, and verifies the signed delivery fixture of the C suite (computed
by OpenSSL). Exits non-zero on any difference.
"""

import json
import pathlib
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import ayrshare_webhooks
from ayrshare_webhooks import Client, InvalidInputError, parse_delivery, verify_signature

FIXTURES = pathlib.Path(sys.argv[1])
URL = "https://example.com/hooks/installed"
SEEN: list[tuple[str, str, dict[str, str], bytes]] = []


class Api(BaseHTTPRequestHandler):
    """Answers a registration; records every request."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        SEEN.append(("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        answer = json.dumps({"status": "success", "action": "scheduled", "url": URL}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: object) -> None:
        pass


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"installed package: {what}")


server = ThreadingHTTPServer(("127.0.0.1", 0), Api)
threading.Thread(target=server.serve_forever, daemon=True).start()
base_url = f"http://127.0.0.1:{server.server_address[1]}/api"
client = Client("installed-key", base_url=base_url, max_retries=0, timeout=5.0)

hook = client.register_webhook("scheduled", URL, secret="installed-secret")
check((hook.action, hook.url) == ("scheduled", URL), f"registered {hook!r}")
check(len(SEEN) == 1, f"{len(SEEN)} requests")
method, path, headers, body = SEEN[0]
check((method, path) == ("POST", "/api/hook/webhook"), f"request {method} {path}")
check(headers.get("authorization") == "Bearer installed-key", "Authorization header")
check(headers.get("content-type") == "application/json", "Content-Type header")
check(
    body == json.dumps({"action": "scheduled", "url": URL, "secret": "installed-secret"},
                       separators=(",", ":")).encode(),
    f"body {body!r}",
)

try:
    client.register_webhook("scheduled", "http://example.com/hook")
    check(False, "an http:// webhook URL was accepted")
except InvalidInputError as error:
    check(error.field == "url", f"field {error.field!r}")
check(len(SEEN) == 1, "the rejected registration reached the server")

delivery = (FIXTURES / "delivery.json").read_bytes()
signature = (FIXTURES / "delivery.hex.sig").read_text().strip()
verify_signature("whsec_c-suite-secret", delivery, signature)
check(parse_delivery(delivery).ref_id == "3dc079614bdc3f281d9", "parsed delivery")
server.shutdown()

native = pathlib.Path(ayrshare_webhooks._native.__file__)
print(
    f"installed package: ok under CPython {sys.version.split()[0]} "
    f"({ayrshare_webhooks.__version__}, {native.name})"
)
