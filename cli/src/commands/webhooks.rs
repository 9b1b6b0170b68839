//! `register`, `list`, `unregister` and `rotate-secret`: for one profile here, for a file of
//! profiles through [`crate::bulk`].

use ayrshare_webhooks::{Client, RegisterWebhook};
use serde_json::{Map, Value, json};

use crate::args::{ListArgs, RegisterArgs, RotateArgs, UnregisterArgs};
use crate::bulk::{self, operation::Operation};
use crate::client::{self, Profiles};
use crate::failure::{EXIT_OK, Failure};
use crate::output::{Output, Tone};
use crate::secrets::{self, Prompt};

/// `register`.
///
/// # Errors
/// Any [`Failure`] of reading the secret, building the client or the call.
pub fn register(args: &RegisterArgs, output: &Output) -> Result<u8, Failure> {
    let action = client::action(&args.action, output)?;
    let prompt = if args.prompt_secret {
        Prompt::WhenTerminal
    } else {
        Prompt::Never
    };
    let secret =
        secrets::webhook_secret(args.secret.secret_file.as_deref(), prompt, "Webhook secret")?;
    if args.prompt_secret && secret.is_none() {
        return Err(Failure::Usage(
            "--prompt-secret needs a terminal".to_owned(),
        ));
    }
    if let Some(path) = &args.bulk.profiles_file {
        let operation = Operation::Register {
            action,
            url: args.url.clone(),
            secret,
        };
        return bulk::run(&operation, path, &args.api, &args.bulk, output);
    }
    let client = client::build(&args.api, Profiles::FromFlags)?;
    let mut request = RegisterWebhook::new(action, args.url.clone());
    if let Some(secret) = secret {
        request = request.secret(secret);
    }
    let hook = client.register_webhook(&request)?;
    if output.json {
        output.print_json(&json!({
            "action": hook.action.as_str(),
            "url": hook.url,
            "status": hook.status,
            "refId": hook.ref_id,
            "profile": client.masked_profile_key(),
            "signed": request.has_secret(),
        }));
    } else {
        let signed = if request.has_secret() {
            ", deliveries signed"
        } else {
            ""
        };
        output.line(&format!(
            "{} {} -> {} ({}{signed})",
            output.paint(Tone::Good, "registered"),
            hook.action,
            hook.url,
            who(&client, hook.ref_id.as_deref()),
        ));
    }
    Ok(EXIT_OK)
}

/// `list`.
///
/// # Errors
/// Any [`Failure`] of building the client or the call.
pub fn list(args: &ListArgs, output: &Output) -> Result<u8, Failure> {
    let client = client::build(&args.api, Profiles::FromFlags)?;
    let webhooks = client.list_webhooks()?;
    if output.json {
        let map: Map<String, Value> = webhooks
            .iter()
            .map(|(action, url)| (action.as_str().to_owned(), url.into()))
            .collect();
        output.print_json(&json!({"profile": client.masked_profile_key(), "webhooks": map}));
    } else if webhooks.is_empty() {
        output.line(&format!("no webhooks registered ({})", who(&client, None)));
    } else {
        let width = webhooks
            .iter()
            .map(|(a, _)| a.as_str().len())
            .max()
            .unwrap_or(0);
        for (action, url) in webhooks.iter() {
            output.line(&format!("{:width$}  {url}", action.as_str()));
        }
    }
    Ok(EXIT_OK)
}

/// `unregister`.
///
/// # Errors
/// Any [`Failure`] of building the client or the call (a 404 when nothing is registered).
pub fn unregister(args: &UnregisterArgs, output: &Output) -> Result<u8, Failure> {
    let action = client::action(&args.action, output)?;
    if let Some(path) = &args.bulk.profiles_file {
        return bulk::run(
            &Operation::Unregister { action },
            path,
            &args.api,
            &args.bulk,
            output,
        );
    }
    let client = client::build(&args.api, Profiles::FromFlags)?;
    client.unregister_webhook(action)?;
    if output.json {
        output.print_json(&json!({
            "action": action.as_str(),
            "unregistered": true,
            "profile": client.masked_profile_key(),
        }));
    } else {
        output.line(&format!(
            "{} {action} ({})",
            output.paint(Tone::Good, "unregistered"),
            who(&client, None)
        ));
    }
    Ok(EXIT_OK)
}

/// `rotate-secret`: retried (up to `--max-retries`) only after failures before anything was
/// sent; never sent twice.
///
/// # Errors
/// Any [`Failure`] of reading the secret, building the client or the call. A timeout or a
/// connection failure leaves the rotation's outcome unknown, and the message says so.
pub fn rotate(args: &RotateArgs, output: &Output) -> Result<u8, Failure> {
    let secret = secrets::required_webhook_secret(args.secret.secret_file.as_deref())?;
    if let Some(path) = &args.bulk.profiles_file {
        return bulk::run(
            &Operation::Rotate { secret },
            path,
            &args.api,
            &args.bulk,
            output,
        );
    }
    let client = client::build(&args.api, Profiles::FromFlags)?;
    if let Err(error) = client.rotate_webhook_secret(&secret) {
        let operation = Operation::Rotate { secret };
        if operation.classify(&error) == bulk::operation::Outcome::Unknown {
            output.warn("the rotation may have reached Ayrshare: check a delivery's signatures before rotating again");
        }
        return Err(error.into());
    }
    if output.json {
        output.print_json(&json!({"rotated": true, "profile": client.masked_profile_key()}));
    } else {
        output.line(&format!(
            "{} the webhook secret ({}); for 24 hours deliveries carry the previous secret's signature too",
            output.paint(Tone::Good, "rotated"),
            who(&client, None)
        ));
    }
    Ok(EXIT_OK)
}

/// "profile ***abcd" or "Primary Profile", with the Ref Id when known.
fn who(client: &Client, ref_id: Option<&str>) -> String {
    let profile = match client.masked_profile_key() {
        Some(masked) => format!("profile {masked}"),
        None => "Primary Profile".to_owned(),
    };
    match ref_id {
        Some(ref_id) => format!("{profile}, refId {ref_id}"),
        None => profile,
    }
}
