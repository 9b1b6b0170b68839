"""The shared bad-input table (tests/cases/bad_inputs.json, also read by the Rust and C
suites): every case raises InvalidInputError naming the expected field, and the fault server
behind the client sees no request and no connection at all. Python strings carry NUL, so every
case runs here, the ``"c": false`` ones included. The Rust model is core/tests/bad_inputs.rs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from faultkit import FaultServer, bad_inputs_path

from ayrshare_webhooks import Client, InvalidInputError

FIELDS = {"api_key", "profile_key", "action", "url", "secret", "base_url", "proxy", "ca_bundle"}
OPERATIONS = {"client", "with_profile_key", "register", "unregister", "list", "rotate"}


def load_table() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The table's defaults and cases. An unreadable table becomes a failing test."""
    table = json.loads(bad_inputs_path().read_text(encoding="utf-8"))
    return table["defaults"], table["cases"]


try:
    DEFAULTS, CASES = load_table()
    LOAD_ERROR = ""
except (OSError, ValueError, KeyError) as error:
    DEFAULTS, CASES = {}, []
    LOAD_ERROR = f"cannot read the bad-input table {bad_inputs_path()}: {error!r}"


def expand(case_id: str, value: object) -> str:
    """A value of the table: a string, or ``{"repeat", "times", "prefix"?, "suffix"?}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("times"), int):
        times: int = value["times"]
        return (
            str(value.get("prefix", ""))
            + str(value["repeat"]) * times
            + str(value.get("suffix", ""))
        )
    raise AssertionError(f"{case_id}: a value must be a string or a repeat object: {value!r}")


class Call:
    """One case of the table as a call of the Python API."""

    def __init__(self, case: dict[str, Any], base_url: str) -> None:
        self.id: str = case["id"]
        self.op: str = case["op"]
        self.args: dict[str, object] = case["args"]
        self.base_url = base_url

    def arg(self, name: str) -> str | None:
        return expand(self.id, self.args[name]) if name in self.args else None

    def arg_or_default(self, name: str) -> str:
        given = self.arg(name)
        return given if given is not None else str(DEFAULTS[name])

    def valid_client(self) -> Client:
        # A short timeout and no retry: a case that slipped through must not hang the suite.
        return Client(
            str(DEFAULTS["api_key"]), base_url=self.base_url, timeout=5.0, max_retries=0
        )

    def run(self) -> object:
        """Makes the call; returning means the bad input was accepted."""
        profile_key = self.arg("profile_key")
        if self.op == "client":
            base_url = self.arg("base_url")
            return Client(
                self.arg_or_default("api_key"),
                profile_key=profile_key,
                base_url=base_url if base_url is not None else self.base_url,
                timeout=5.0,
                max_retries=0,
                proxy=self.arg("proxy"),
                ca_bundle=self.arg("ca_bundle"),
            )
        client = self.valid_client()
        if self.op == "with_profile_key":
            assert profile_key is not None, f"{self.id}: with_profile_key needs profile_key"
            return client.with_profile_key(profile_key)
        if self.op == "register":
            return client.register_webhook(
                self.arg_or_default("action"),
                self.arg_or_default("url"),
                secret=self.arg("secret"),
                profile_key=profile_key,
            )
        if self.op == "unregister":
            client.unregister_webhook(self.arg_or_default("action"), profile_key=profile_key)
            return None
        if self.op == "list":
            return client.list_webhooks(profile_key=profile_key)
        if self.op == "rotate":
            client.rotate_webhook_secret(self.arg_or_default("secret"), profile_key=profile_key)
            return None
        raise AssertionError(f"{self.id}: unknown op {self.op!r}")


@pytest.fixture(scope="module")
def accepting_server(faultserver_binary: str) -> Iterator[FaultServer]:
    """A server that would accept anything: a request slipping through would succeed."""
    with FaultServer("200", faultserver_binary) as server:
        yield server


@pytest.fixture
def quiet_server(accepting_server: FaultServer) -> Iterator[FaultServer]:
    """The accepting server with its counters zeroed for this case."""
    accepting_server.reset()
    assert accepting_server.counts() == (0, 0)
    yield accepting_server


def test_the_table_is_complete() -> None:
    assert not LOAD_ERROR, LOAD_ERROR
    ids = [case["id"] for case in CASES]
    assert len(ids) >= 40, f"only {len(ids)} cases"
    assert len(set(ids)) == len(ids), "case ids must be unique"
    for case in CASES:
        assert case["field"] in FIELDS, case
        assert case["op"] in OPERATIONS, case
        assert len(case["args"]) == 1, f"{case['id']}: exactly one bad argument"
    # The cases C cannot express (NUL inside a string) do run here.
    assert any("\x00" in expand(case["id"], value) for case in CASES
               for value in case["args"].values())


@pytest.mark.parametrize(
    "case", [pytest.param(case, id=case["id"]) for case in CASES] or [pytest.param(None)]
)
def test_bad_input_is_rejected_before_any_request(
    quiet_server: FaultServer, case: dict[str, Any] | None
) -> None:
    assert case is not None, LOAD_ERROR or "the bad-input table has no cases"
    call = Call(case, quiet_server.base_url)

    with pytest.raises(InvalidInputError) as caught:
        accepted = call.run()
        pytest.fail(f"{call.id}: accepted, returned {accepted!r}")

    error = caught.value
    assert type(error) is InvalidInputError
    assert error.field == case["field"], f"{call.id}: {error}"
    assert "no request was sent" in str(error), f"{call.id}: {error}"
    assert quiet_server.counts() == (0, 0), f"{call.id}: the server saw traffic"


def test_the_defaults_are_valid(quiet_server: FaultServer) -> None:
    """Each case's other arguments are the table's defaults, so the defaults must pass: every
    operation with them alone is sent (and succeeds against the accepting server)."""
    assert not LOAD_ERROR, LOAD_ERROR
    call = Call({"id": "defaults", "op": "client", "args": {}}, quiet_server.base_url)
    client = call.valid_client()
    client.register_webhook(
        str(DEFAULTS["action"]), str(DEFAULTS["url"]), secret=str(DEFAULTS["secret"])
    )
    client.unregister_webhook(str(DEFAULTS["action"]))
    client.list_webhooks()
    client.rotate_webhook_secret(str(DEFAULTS["secret"]))
    assert quiet_server.counts() == (4, 1)
