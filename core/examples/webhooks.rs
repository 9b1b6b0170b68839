//! Registers a webhook, lists, verifies a signed delivery, unregisters, and shows a rejected
//! input.
//!
//! Against the mock of the API (what `make demo` does):
//!     AYRSHARE_API_KEY=demo-api-key AYRSHARE_BASE_URL=http://127.0.0.1:PORT/api \
//!     AYR_DEMO_OUTBOX=/tmp/outbox cargo run -p ayrshare-webhooks --example webhooks
//! Against the real API: set only `AYRSHARE_API_KEY` (and `AYRSHARE_PROFILE_KEY` to act for a
//! User Profile). The example then registers, lists and removes a real webhook.

use std::path::PathBuf;
use std::process::ExitCode;

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook, Verifier, parse_delivery};

const HOOK_URL: &str = "https://example.com/hooks/ayrshare";
const SECRET: &str = "demo-signing-secret";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("[rust] failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    // AYRSHARE_API_KEY, and AYRSHARE_PROFILE_KEY / AYRSHARE_BASE_URL when set.
    let client = Client::from_env()?;
    println!("[rust] client for {}", client.base_url());

    let hook = client
        .register_webhook(&RegisterWebhook::new(Action::Scheduled, HOOK_URL).secret(SECRET))?;
    println!(
        "[rust] registered {} -> {} (status {}, refId {})",
        hook.action,
        hook.url,
        hook.status,
        hook.ref_id.as_deref().unwrap_or("-")
    );

    let list = client.list_webhooks()?;
    for (action, url) in list.iter() {
        println!("[rust] listed {action} -> {url}");
    }

    match std::env::var_os("AYR_DEMO_OUTBOX") {
        Some(outbox) => verify_outbox_delivery(PathBuf::from(outbox))?,
        None => println!("[rust] (no AYR_DEMO_OUTBOX: skipping the delivery check)"),
    }

    client.unregister_webhook(Action::Scheduled)?;
    println!("[rust] unregistered scheduled");

    let rejected = client.register_webhook(&RegisterWebhook::new(
        Action::Scheduled,
        "http://insecure.example.com/hook",
    ));
    match rejected {
        Err(Error::InvalidInput { field, reason }) => {
            println!("[rust] bad input rejected before sending: {field}: {reason}");
        }
        other => return Err(format!("expected an invalid-input error, got {other:?}").into()),
    }
    Ok(())
}

/// Reads the delivery the mock signed for our registration, as the webhook endpoint would
/// receive it, and checks it the way a handler should: verify the raw bytes, then parse.
fn verify_outbox_delivery(outbox: PathBuf) -> Result<(), Box<dyn std::error::Error>> {
    let profile = std::env::var("AYRSHARE_PROFILE_KEY").unwrap_or_else(|_| "primary".into());
    let folder = outbox.join(profile);
    let body = std::fs::read(folder.join("scheduled.body"))?;
    let headers: Vec<(String, String)> = std::fs::read_to_string(folder.join("scheduled.headers"))?
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();

    let verifier = Verifier::new(SECRET)?;
    verifier.verify(headers.iter().map(|(k, v)| (k, v)), &body)?;
    let delivery = parse_delivery(&body)?;
    println!(
        "[rust] delivery verified: action {} subAction {} refId {}",
        delivery.action,
        delivery.sub_action.as_deref().unwrap_or("-"),
        delivery.ref_id.as_deref().unwrap_or("-")
    );

    let mut tampered = body.clone();
    tampered.extend_from_slice(b" ");
    match verifier.verify(headers.iter().map(|(k, v)| (k, v)), &tampered) {
        Err(e) => println!("[rust] tampered delivery rejected: {e}"),
        Ok(()) => return Err("a tampered delivery passed verification".into()),
    }
    Ok(())
}
