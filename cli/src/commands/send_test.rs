//! `send-test`: a signed sample delivery POSTed to a receiver under development.

use ayrshare_webhooks::{Event, duration_from_secs_f64, parse_event, sign_delivery};
use ayrshare_webhooks_mock::samples::{SampleContext, sample_delivery};
use ayrshare_webhooks_mock::time::{iso8601, unix_now};
use ayrshare_webhooks_mock::{Attempt, DeliveryClient};
use serde_json::json;

use crate::args::SendTestArgs;
use crate::client;
use crate::commands::sign::{read_body, signing_secrets};
use crate::event_view;
use crate::failure::{EXIT_NO_ANSWER, EXIT_OK, EXIT_REFUSED, Failure};
use crate::output::{Output, Tone};

/// The `refId` of the sample deliveries `send-test` sends.
const SAMPLE_REF_ID: &str = "send-test-ref-id";

/// `send-test`.
///
/// # Errors
/// [`Failure`] when the action, URL, timeout, body or secrets cannot be used; nothing is sent
/// then. The receiver's answer (or silence) is the exit status, not a failure.
pub fn run(args: &SendTestArgs, output: &Output) -> Result<u8, Failure> {
    let action = client::action(&args.action, output)?;
    if !(args.to.starts_with("http://") || args.to.starts_with("https://")) {
        return Err(Failure::Usage(format!(
            "--to must be an http:// or https:// URL, not {:?}",
            args.to
        )));
    }
    let timeout = duration_from_secs_f64("timeout", args.timeout)?;
    if timeout.is_zero() {
        return Err(Failure::Usage("--timeout must be more than 0".to_owned()));
    }
    let secrets = signing_secrets(
        args.secret.secret_file.as_deref(),
        args.previous_secret_file.as_deref(),
    )?;
    let now = unix_now();
    let hook_id = format!("send-test-{now}-{}", std::process::id());
    let body = match &args.body_file {
        Some(path) => read_body(path)?,
        None => sample_delivery(
            action,
            &SampleContext {
                ref_id: SAMPLE_REF_ID,
                url: &args.to,
                hook_id: &hook_id,
                created: &iso8601(now),
            },
        ),
    };
    let client = delivery_client(args, timeout)?;
    let headers = sign_delivery(&secrets, &body, now)?;
    // The event as signed: what a receiver that verifies it gets (a --tamper one gets none).
    let event = parse_event(&body).ok();
    let sent = if args.tamper { tampered(&body) } else { body };
    let attempt = client.post(&args.to, &sent, &headers.pairs());
    let code = verdict(args.tamper, &attempt);
    let sent = Sent {
        action: action.as_str(),
        hook_id: &hook_id,
        event: event.as_ref(),
    };
    print(args, &sent, &attempt, code, output);
    Ok(code)
}

/// The client that posts: `--ca-bundle` trusted for an https receiver, through `--proxy`
/// when given (never the environment's proxy: Ayrshare's deliveries do not come through it).
///
/// # Errors
/// [`Failure::Usage`] for a bundle that cannot be read or holds no certificate, or a proxy
/// that is not an `http://` URL without credentials.
fn delivery_client(
    args: &SendTestArgs,
    timeout: std::time::Duration,
) -> Result<DeliveryClient, Failure> {
    let pem = match args
        .ca_bundle
        .as_ref()
        .filter(|p| !p.as_os_str().is_empty())
    {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            Failure::Usage(format!("cannot read the CA bundle {}: {e}", path.display()))
        })?),
        None => None,
    };
    let proxy = match args.proxy.as_deref() {
        None | Some("") => None,
        Some(url) => Some(client::proxy_without_credentials(url)?),
    };
    DeliveryClient::for_receiver(timeout, pem.as_deref(), proxy)
        .map_err(|reason| Failure::Usage(format!("send-test: {reason}")))
}

/// What was sent.
struct Sent<'a> {
    action: &'a str,
    hook_id: &'a str,
    event: Option<&'a Event>,
}

/// The exit status: what was expected (accepted, or refused with `--tamper`) is 0.
fn verdict(tamper: bool, attempt: &Attempt) -> u8 {
    match (attempt.status, tamper) {
        (None, _) => EXIT_NO_ANSWER,
        (Some(_), false) if attempt.accepted() => EXIT_OK,
        (Some(_), true) if !attempt.accepted() => EXIT_OK,
        _ => EXIT_REFUSED,
    }
}

fn print(args: &SendTestArgs, sent: &Sent<'_>, attempt: &Attempt, code: u8, output: &Output) {
    let elapsed_ms = attempt.elapsed.as_secs_f64() * 1000.0;
    let action = sent.action;
    if output.json {
        output.print_json(&json!({
            "url": args.to,
            "action": action,
            "hookId": if args.body_file.is_some() { None } else { Some(sent.hook_id) },
            "tampered": args.tamper,
            "status": attempt.status,
            "accepted": attempt.accepted(),
            "passed": code == EXIT_OK,
            "elapsedMs": (elapsed_ms * 1000.0).round() / 1000.0,
            "answer": attempt.answer,
            "error": attempt.error,
            "event": sent.event.map(event_view::to_json),
        }));
        return;
    }
    let what = if args.tamper {
        "tampered delivery"
    } else {
        "delivery"
    };
    let answer = match (&attempt.status, &attempt.error) {
        (Some(status), _) => format!("answered {status} in {elapsed_ms:.1} ms"),
        (None, Some(error)) => format!("{error} after {elapsed_ms:.1} ms"),
        (None, None) => format!("no answer after {elapsed_ms:.1} ms"),
    };
    let verdict = match (code, args.tamper, attempt.status.is_some()) {
        (EXIT_OK, false, _) => output.paint(Tone::Good, "accepted"),
        (EXIT_OK, true, _) => output.paint(Tone::Good, "refused, as it should"),
        (_, _, false) => output.paint(Tone::Bad, "no answer"),
        (_, false, true) => output.paint(Tone::Bad, "not accepted"),
        (_, true, true) => output.paint(
            Tone::Bad,
            "ACCEPTED a forged delivery: the receiver does not verify signatures",
        ),
    };
    output.line(&format!(
        "{verdict}: {action} {what} to {} {answer}",
        args.to
    ));
    if !attempt.answer.is_empty() && code != EXIT_OK {
        output.line(&format!("  the receiver said: {}", attempt.answer));
    }
    if args.ca_bundle.is_none()
        && attempt
            .error
            .as_deref()
            .is_some_and(|e| e.contains("certificate"))
    {
        output.line("  hint: a receiver with a certificate of a private CA needs --ca-bundle FILE");
    }
    match sent.event {
        Some(event) => {
            let signed = if args.tamper {
                ", before tampering"
            } else {
                ""
            };
            output.line(&format!("  sent{signed}: {}", event_view::title(event)));
            for line in event_view::lines(event, "    ") {
                output.line(&line);
            }
        }
        None => output.line("  sent: a body that is not a JSON object (no event)"),
    }
}

/// `body` with one byte changed: the case of the first ASCII letter after the first `:` (a
/// value, in a JSON object), or a space appended when there is none; it stays valid JSON.
fn tampered(body: &[u8]) -> Vec<u8> {
    let mut changed = body.to_vec();
    let start = body.iter().position(|&b| b == b':').unwrap_or(0);
    match changed[start..].iter().position(u8::is_ascii_alphabetic) {
        Some(offset) => changed[start + offset] ^= 0x20,
        None => changed.push(b' '),
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tampering_changes_one_value_byte() {
        assert_eq!(
            tampered(br#"{"action":"scheduled"}"#),
            br#"{"action":"Scheduled"}"#
        );
        assert_eq!(tampered(b"[1]"), b"[1] ");
        assert_eq!(tampered(b""), b" ");
    }
}
