//! The shared bad-input table (`tests/cases/bad_inputs.json`, also read by the C and Python
//! suites): every case fails with `Error::InvalidInput` naming the expected field, and the
//! server behind the client sees no request at all.

use std::str::FromStr;

use ayrshare_faultserver::FaultServer;
use ayrshare_faultserver::bad_inputs::{BadInput, BadInputTable};
use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook};

/// One case to run, with the table's defaults for the arguments it does not set.
struct Case<'a> {
    input: &'a BadInput,
    table: &'a BadInputTable,
}

impl Case<'_> {
    /// The argument `name`, if the case gives it.
    fn arg(&self, name: &str) -> Option<String> {
        self.input.arg(name).map(str::to_owned)
    }

    /// The argument `name`, or its default.
    fn arg_or_default(&self, name: &str) -> String {
        self.arg(name)
            .unwrap_or_else(|| self.table.default(name).to_owned())
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
        match self.input.op.as_str() {
            "client" => {
                let mut builder = Client::builder()
                    .api_key(self.arg_or_default("api_key"))
                    .base_url(self.arg("base_url").unwrap_or_else(|| base_url.to_owned()));
                if let Some(key) = profile_key {
                    builder = builder.profile_key(key);
                }
                if let Some(proxy) = self.arg("proxy") {
                    builder = builder.proxy(proxy);
                }
                if let Some(path) = self.arg("ca_bundle") {
                    builder = builder.ca_bundle(path);
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
            other => panic!("{}: unknown op {other:?}", self.input.id),
        }
    }
}

#[test]
fn every_bad_input_is_rejected_by_field_before_any_request() {
    let table = BadInputTable::load();
    assert!(table.cases.len() >= 40, "only {} cases", table.cases.len());

    // A server that would accept anything: a request slipping through would succeed, and be
    // counted.
    let server = FaultServer::start("200");
    let mut failures = Vec::new();
    for input in &table.cases {
        let case = Case {
            input,
            table: &table,
        };
        let field = input.field.as_str();
        match case.run(&server.base_url()) {
            Err(Error::InvalidInput { field: got, .. }) if got == field => {}
            other => failures.push(format!(
                "{}: expected invalid {field}, got {other:?}",
                input.id
            )),
        }
        if server.requests() != 0 {
            failures.push(format!("{}: the server saw a request", input.id));
            server.reset(None);
        }
    }
    assert_eq!(server.connections(), 0, "a connection was opened");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_defaults_alone_are_accepted() {
    // Guards the table itself: each case must fail because of its one bad argument.
    let table = BadInputTable::load();
    let server = FaultServer::start("200");
    for op in ["client", "register", "unregister", "list", "rotate"] {
        let input = BadInput {
            id: op.to_owned(),
            op: op.to_owned(),
            field: String::new(),
            c: true,
            args: Vec::new(),
        };
        let case = Case {
            input: &input,
            table: &table,
        };
        case.run(&server.base_url())
            .unwrap_or_else(|e| panic!("{op} with the defaults: {e}"));
    }
    assert_eq!(server.requests(), 4);
}
