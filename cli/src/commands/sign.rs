//! `sign`: the headers Ayrshare would send with a body.

use std::io::Read;
use std::path::Path;

use ayrshare_webhooks::sign_delivery;
use ayrshare_webhooks_mock::time::unix_now;
use serde_json::{Map, Value};

use crate::args::SignArgs;
use crate::failure::{EXIT_OK, Failure};
use crate::output::Output;
use crate::secrets;

/// `sign`.
///
/// # Errors
/// [`Failure`] when the body or a secret cannot be read, or a secret breaks the rules.
pub fn run(args: &SignArgs, output: &Output) -> Result<u8, Failure> {
    let body = read_body(&args.body_file)?;
    let secrets = signing_secrets(
        args.secret.secret_file.as_deref(),
        args.previous_secret_file.as_deref(),
    )?;
    let timestamp = args.timestamp.unwrap_or_else(unix_now);
    let headers = sign_delivery(&secrets, &body, timestamp)?;
    if output.json {
        let map: Map<String, Value> = headers
            .pairs()
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value.into()))
            .collect();
        output.print_json(&Value::Object(map));
    } else {
        for (name, value) in headers.pairs() {
            output.line(&format!("{name}: {value}"));
        }
    }
    Ok(EXIT_OK)
}

/// The current secret, then the previous one when given (as Ayrshare signs during a rotation).
///
/// # Errors
/// [`Failure::Usage`] when a secret cannot be found or read.
pub fn signing_secrets(
    current: Option<&Path>,
    previous: Option<&Path>,
) -> Result<Vec<String>, Failure> {
    let mut secrets = vec![secrets::required_webhook_secret(current)?];
    if let Some(path) = previous {
        secrets.push(secrets::read_secret_file(path, "previous webhook secret")?);
    }
    Ok(secrets)
}

/// The bytes of `path` (`-` for standard input).
///
/// # Errors
/// [`Failure::Usage`] when it cannot be read.
pub fn read_body(path: &Path) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().read_to_end(&mut body).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut body).map(|_| ()))
    };
    read.map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    Ok(body)
}
