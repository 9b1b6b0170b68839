//! `verify`: a captured delivery's signature and timestamp checked, then its typed event printed.

use std::io::IsTerminal;
use std::time::Duration;

use ayrshare_webhooks::{Error, Event, Verifier};
use serde_json::json;

use crate::args::VerifyArgs;
use crate::capture::{self, Captured};
use crate::commands::sign::read_body;
use crate::event_view;
use crate::failure::{EXIT_OK, EXIT_REFUSED, Failure, error_json};
use crate::output::{Output, Tone};
use crate::secrets;

/// `verify`.
///
/// # Errors
/// [`Failure::Usage`] when the delivery or the secret cannot be read. A delivery that fails
/// verification is exit status 1, not a failure.
pub fn run(args: &VerifyArgs, output: &Output) -> Result<u8, Failure> {
    let captured = read_delivery(args)?;
    let secret = secrets::required_webhook_secret(args.secret.secret_file.as_deref())?;
    let verifier = Verifier::new(&secret)?;
    let verifier = if args.no_timestamp_check {
        verifier.without_timestamp_check()
    } else {
        verifier.tolerance(Duration::from_secs(args.tolerance))
    };
    let pairs = captured.headers.iter().map(|(k, v)| (k, v));
    match verifier.verify_event(pairs, &captured.body) {
        Ok(event) => {
            print_event(&event, output);
            Ok(EXIT_OK)
        }
        Err(Error::Signature(reason)) => {
            if output.json {
                output.print_json(&json!({
                    "verified": false,
                    "reason": reason.code(),
                    "message": reason.to_string(),
                }));
            } else {
                output.line(&format!(
                    "{}: {reason} ({})",
                    output.paint(Tone::Bad, "rejected"),
                    reason.code()
                ));
            }
            Ok(EXIT_REFUSED)
        }
        Err(error) => {
            if output.json {
                output.print_json(
                    &json!({"verified": true, "event": null, "error": error_json(&error)}),
                );
            } else {
                output.line(&format!(
                    "{}, but it is not a delivery: {error}",
                    output.paint(Tone::Warn, "signature verified")
                ));
            }
            Ok(EXIT_REFUSED)
        }
    }
}

fn read_delivery(args: &VerifyArgs) -> Result<Captured, Failure> {
    if let (Some(headers), Some(body)) = (&args.headers_file, &args.body_file) {
        let text = read_body(headers)?;
        return Ok(Captured {
            headers: capture::parse_headers(&String::from_utf8_lossy(&text)),
            body: read_body(body)?,
        });
    }
    let raw = match &args.request_file {
        Some(path) => read_body(path)?,
        None if std::io::stdin().is_terminal() => {
            return Err(Failure::Usage(
                "give the delivery: a raw HTTP request on standard input or with --request-file, or --headers-file and --body-file".to_owned(),
            ));
        }
        None => read_body(std::path::Path::new("-"))?,
    };
    capture::parse_request(&raw)
        .map_err(|reason| Failure::Usage(format!("cannot read the request: {reason}")))
}

fn print_event(event: &Event, output: &Output) {
    if output.json {
        output.print_json(&json!({"verified": true, "event": event_view::to_json(event)}));
        return;
    }
    output.line(&format!(
        "{}: {}",
        output.paint(Tone::Good, "verified"),
        event_view::title(event)
    ));
    for line in event_view::lines(event, "  ") {
        output.line(&line);
    }
}
