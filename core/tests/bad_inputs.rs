//! The shared bad-input table (`tests/cases/bad_inputs.json`, also read by the C and Python
//! suites): every case fails with `Error::InvalidInput` naming the expected field, and the
//! server behind the client sees no request at all.

use std::str::FromStr;

use ayrshare_faultserver::FaultServer;
use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook};
use serde_json::{Map, Value};

const TABLE: &str = include_str!("../../tests/cases/bad_inputs.json");

/// One row of the table.
struct Case<'a> {
    id: &'a str,
    op: &'a str,
    args: &'a Map<String, Value>,
    defaults: &'a Map<String, Value>,
}

impl Case<'_> {
    /// The argument `name`, if the case gives it.
    fn arg(&self, name: &str) -> Option<String> {
        self.args.get(name).map(|v| expand(self.id, v))
    }

    /// The argument `name`, or its default.
    fn arg_or_default(&self, name: &str) -> String {
        self.arg(name).unwrap_or_else(|| {
            self.defaults[name]
                .as_str()
                .unwrap_or_else(|| panic!("default {name} is not a string"))
                .to_owned()
        })
    }

    /// Runs the operation; `Ok(())` means it was accepted (which fails the case).
    fn run(&self, base_url: &str) -> Result<(), Error> {
        let client = || {
            Client::builder()
                .api_key(self.arg_or_default("api_key"))
                .base_url(base_url)
                .build()
                .expect("the default client is valid")
        };
        let action = || Action::from_str(&self.arg_or_default("action"));
        let profile_key = self.arg("profile_key");
        match self.op {
            "client" => {
                let mut builder = Client::builder()
                    .api_key(self.arg_or_default("api_key"))
                    .base_url(self.arg("base_url").unwrap_or_else(|| base_url.to_owned()));
                if let Some(key) = profile_key {
                    builder = builder.profile_key(key);
                }
                builder.build().map(drop)
            }
            "with_profile_key" => client()
                .with_profile_key(&profile_key.expect("with_profile_key needs profile_key"))
                .map(drop),
            "register" => {
                let mut request = RegisterWebhook::new(action()?, self.arg_or_default("url"));
                if let Some(secret) = self.arg("secret") {
                    request = request.secret(secret);
                }
                if let Some(key) = profile_key {
                    request = request.profile_key(key);
                }
                client().register_webhook(&request).map(drop)
            }
            "unregister" => match profile_key {
                Some(key) => client().unregister_webhook_for_profile(action()?, &key),
                None => client().unregister_webhook(action()?),
            },
            "list" => match profile_key {
                Some(key) => client().list_webhooks_for_profile(&key).map(drop),
                None => client().list_webhooks().map(drop),
            },
            "rotate" => {
                let secret = self.arg_or_default("secret");
                match profile_key {
                    Some(key) => client().rotate_webhook_secret_for_profile(&secret, &key),
                    None => client().rotate_webhook_secret(&secret),
                }
            }
            other => panic!("{}: unknown op {other:?}", self.id),
        }
    }
}

/// A value of the table: a string, or `{"repeat", "times", "prefix"?, "suffix"?}`.
fn expand(id: &str, value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(spec) => {
            let text = |key: &str| spec.get(key).and_then(Value::as_str).unwrap_or("");
            let times = spec
                .get("times")
                .and_then(Value::as_u64)
                .unwrap_or_else(|| panic!("{id}: `times` must be a count"));
            let times = usize::try_from(times).expect("count fits in memory");
            format!(
                "{}{}{}",
                text("prefix"),
                text("repeat").repeat(times),
                text("suffix")
            )
        }
        other => panic!("{id}: a value must be a string or a repeat object, not {other}"),
    }
}

#[test]
fn every_bad_input_is_rejected_by_field_before_any_request() {
    let table: Value = serde_json::from_str(TABLE).expect("bad_inputs.json is JSON");
    let defaults = table["defaults"].as_object().expect("defaults");
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() >= 40, "only {} cases", cases.len());

    // A server that would accept anything: a request slipping through would succeed, and be
    // counted.
    let server = FaultServer::start("200");
    let mut failures = Vec::new();
    for row in cases {
        let case = Case {
            id: row["id"].as_str().expect("id"),
            op: row["op"].as_str().expect("op"),
            args: row["args"].as_object().expect("args"),
            defaults,
        };
        let field = row["field"].as_str().expect("field");
        match case.run(&server.base_url()) {
            Err(Error::InvalidInput { field: got, .. }) if got == field => {}
            other => failures.push(format!(
                "{}: expected invalid {field}, got {other:?}",
                case.id
            )),
        }
        if server.requests() != 0 {
            failures.push(format!("{}: the server saw a request", case.id));
            server.reset(None);
        }
    }
    assert_eq!(server.connections(), 0, "a connection was opened");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_defaults_alone_are_accepted() {
    // Guards the table itself: each case must fail because of its one bad argument.
    let table: Value = serde_json::from_str(TABLE).expect("bad_inputs.json is JSON");
    let defaults = table["defaults"].as_object().expect("defaults");
    let server = FaultServer::start("200");
    let empty = Map::new();
    for op in ["client", "register", "unregister", "list", "rotate"] {
        let case = Case {
            id: op,
            op,
            args: &empty,
            defaults,
        };
        case.run(&server.base_url())
            .unwrap_or_else(|e| panic!("{op} with the defaults: {e}"));
    }
    assert_eq!(server.requests(), 4);
}
