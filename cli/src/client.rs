//! The SDK client a command uses, built from the API flags and the environment.

use ayrshare_webhooks::{Action, Client, duration_from_secs_f64};

use crate::args::ApiArgs;
use crate::failure::Failure;
use crate::output::Output;
use crate::secrets;

/// Whether the client acts for `--profile-key` or leaves profiles to each call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profiles {
    /// Acts for `--profile-key` (or `AYRSHARE_PROFILE_KEY`), else the Primary Profile.
    FromFlags,
    /// Acts for the Primary Profile; each call names its profile (bulk runs).
    PerCall,
}

/// Builds the client: the API key from its file, the environment or a prompt; the base URL,
/// profile key, timeout and retries from the flags and the environment. `no_retries` turns
/// retries off whatever `--max-retries` says (for rotations, which must not be sent twice).
///
/// # Errors
/// [`Failure::Usage`] without an API key; [`Failure::Sdk`] with an invalid-input error when a
/// setting breaks the SDK's rules.
pub fn build(api: &ApiArgs, profiles: Profiles, no_retries: bool) -> Result<Client, Failure> {
    let key = secrets::api_key(api.api_key_file.as_deref())?;
    let mut builder = Client::builder()
        .api_key(key)
        .timeout(duration_from_secs_f64("timeout", api.timeout)?)
        .max_retries(if no_retries { 0 } else { api.max_retries })
        .user_agent_suffix(concat!("ayrshare-webhooks-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(base_url) = &api.base_url {
        builder = builder.base_url(base_url);
    }
    if let (Profiles::FromFlags, Some(profile_key)) = (profiles, &api.profile_key) {
        builder = builder.profile_key(profile_key);
    }
    // TLS trust (--ca-bundle) and proxies (--proxy) are set here once the builder has them.
    Ok(builder.build()?)
}

/// Parses an action, warning on standard error when Ayrshare has announced its retirement.
///
/// # Errors
/// [`Failure::Sdk`] with the SDK's invalid-input error on field `action`.
pub fn action(name: &str, output: &Output) -> Result<Action, Failure> {
    let action: Action = name.parse()?;
    if let Some(note) = action.deprecation_note() {
        output.warn(note);
    }
    Ok(action)
}
