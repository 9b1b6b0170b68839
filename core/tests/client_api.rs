//! The client's public contract: construction from the environment, thread-safety, and
//! credentials that never show in `Debug`.

mod support;

use std::time::Duration;

use ayrshare_webhooks::{Action, Client, Error, RegisterWebhook};

#[test]
fn client_is_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    assert_traits::<Error>();
    assert_traits::<ayrshare_webhooks::Verifier>();
}

#[test]
fn debug_output_never_contains_credentials() {
    let api_key = "SECRET-API-KEY-abcdefghijklmnop";
    let profile_key = "SECRET-PROFILE-KEY-qrstuvwxyz";
    let builder = Client::builder()
        .api_key(api_key)
        .profile_key(profile_key)
        .base_url("http://127.0.0.1:9/api");
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let request = RegisterWebhook::new(Action::Feed, "https://x.test/")
        .secret("SECRET-WEBHOOK-SECRET")
        .profile_key(profile_key);
    let shown = format!("{builder_debug} {client:?} {request:?} {request:#?}");
    for secret in [api_key, profile_key, "SECRET-WEBHOOK-SECRET"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("http://127.0.0.1:9/api"), "{shown}");
    assert!(format!("{client:?}").contains("***mnop"), "{client:?}");
}

#[test]
fn defaults_are_finite() {
    let client = Client::new("key").unwrap();
    assert_eq!(client.base_url(), "https://api.ayrshare.com/api");
    assert_eq!(client.timeout(), Duration::from_secs(30));
    assert_eq!(client.connect_timeout(), Duration::from_secs(10));
    assert_eq!(client.max_retries(), 2);
    assert!(!client.has_profile_key());
}

/// All environment cases in one test: the process environment is shared by parallel tests.
#[test]
fn from_env_reads_key_profile_and_base_url() {
    let vars = [
        "AYRSHARE_API_KEY",
        "AYRSHARE_PROFILE_KEY",
        "AYRSHARE_BASE_URL",
    ];
    let set = |values: [Option<&str>; 3]| {
        for (name, value) in vars.iter().zip(values) {
            // SAFETY: no other test of this binary reads or writes these variables.
            unsafe {
                match value {
                    Some(v) => std::env::set_var(name, v),
                    None => std::env::remove_var(name),
                }
            }
        }
    };

    set([None, None, None]);
    let err = Client::from_env().unwrap_err();
    assert_eq!(err.invalid_field(), Some("api_key"));
    assert!(err.to_string().contains("AYRSHARE_API_KEY is not set"));

    set([Some("env-key"), None, None]);
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "https://api.ayrshare.com/api");
    assert!(!client.has_profile_key());

    set([
        Some("env-key"),
        Some("env-profile"),
        Some("http://127.0.0.1:4000/api/"),
    ]);
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:4000/api");
    assert!(client.has_profile_key());

    set([Some("env-key"), Some(""), Some("")]);
    let client = Client::from_env().unwrap();
    assert!(!client.has_profile_key());
    assert_eq!(client.base_url(), "https://api.ayrshare.com/api");

    set([Some("env key"), None, None]);
    assert_eq!(
        Client::from_env().unwrap_err().invalid_field(),
        Some("api_key")
    );
    set([Some("env-key"), None, Some("http://example.com/api")]);
    assert_eq!(
        Client::from_env().unwrap_err().invalid_field(),
        Some("base_url")
    );
    set([None, None, None]);
}
