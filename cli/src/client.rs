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
/// profile key, timeout, retries, TLS trust and proxy from the flags and the environment
/// (without `--proxy`, the core reads `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`). A rotation
/// is retried only while nothing of it was sent: the core decides that.
///
/// # Errors
/// [`Failure::Usage`] without an API key, or for a `--proxy` holding credentials;
/// [`Failure::Sdk`] with an invalid-input error when a setting breaks the SDK's rules (a CA
/// bundle that cannot be read, an unsupported proxy).
pub fn build(api: &ApiArgs, profiles: Profiles) -> Result<Client, Failure> {
    let key = secrets::api_key(api.api_key_file.as_deref())?;
    let mut builder = Client::builder()
        .api_key(key)
        .timeout(duration_from_secs_f64("timeout", api.timeout)?)
        .max_retries(api.max_retries)
        .user_agent_suffix(concat!("ayrshare-webhooks-cli/", env!("CARGO_PKG_VERSION")));
    if let Some(base_url) = &api.base_url {
        builder = builder.base_url(base_url);
    }
    if let (Profiles::FromFlags, Some(profile_key)) = (profiles, &api.profile_key) {
        builder = builder.profile_key(profile_key);
    }
    if let Some(path) = api.ca_bundle.as_ref().filter(|p| !p.as_os_str().is_empty()) {
        builder = builder.ca_bundle(path);
    }
    match api.proxy.as_deref() {
        None => {}
        Some("") => builder = builder.no_proxy(),
        Some(url) => builder = builder.proxy(proxy_without_credentials(url)?),
    }
    Ok(builder.build()?)
}

/// `url` when it holds no `user:password@`: a flag's value is visible to every user of the
/// machine, so proxy credentials belong in `HTTPS_PROXY`.
///
/// # Errors
/// [`Failure::Usage`] naming the rule, never the value.
pub fn proxy_without_credentials(url: &str) -> Result<&str, Failure> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    if authority.contains('@') {
        return Err(Failure::Usage(
            "--proxy takes no credentials (every user of the machine can read a process's arguments): set HTTPS_PROXY=http://USER:PASSWORD@HOST:PORT in the environment instead, without --proxy".to_owned(),
        ));
    }
    Ok(url)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_flag_with_credentials_is_refused_without_showing_them() {
        assert_eq!(
            proxy_without_credentials("http://proxy:3128/").ok(),
            Some("http://proxy:3128/")
        );
        assert_eq!(
            proxy_without_credentials("proxy:3128").ok(),
            Some("proxy:3128")
        );
        for url in ["http://user:pa55@proxy:3128", "user@proxy:3128"] {
            let refused = proxy_without_credentials(url).unwrap_err();
            assert_eq!(refused.exit_code(), crate::failure::EXIT_USAGE);
            assert!(!refused.to_string().contains("pa55"), "{refused}");
        }
    }
}
