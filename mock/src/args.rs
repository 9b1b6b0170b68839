//! The command line of the mock (its binary, and the CLI's `mock` command): options into a
//! [`MockConfig`](crate::MockConfig).

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use crate::config::MockConfig;

/// The manual the mock prints for `--help`.
pub const USAGE: &str = "\
A local mock of the Ayrshare webhook API, for testing what talks to Ayrshare.

Serves POST/GET/DELETE /api/hook/webhook and POST /api/hook/webhook/secret on 127.0.0.1 as the
API documents them, keeping webhooks and secrets per profile in memory, and sends signed sample
deliveries to registered URLs on demand. Prints its base URL (http://127.0.0.1:PORT/api) as
the first line of standard output; point the SDK or the CLI at it with AYRSHARE_BASE_URL.

USAGE:
    ayrshare-webhooks-mock [OPTIONS]

OPTIONS:
    --port N                      Loopback port to listen on; 0 (the default) picks a free one
    --url-file FILE               Also write the base URL to FILE, once listening
    --api-key KEY                 The API key accepted [default: mock-api-key]; others get 401
    --plan-without-webhooks-key KEY
                                  An API key of a plan without webhooks: every call gets 403
                                  (repeatable)
    --profile-key KEY             A User Profile key that exists (repeatable); once one is
                                  given, other profile keys get 403. Without any, every
                                  profile key exists
    --latency-ms MS               Wait MS milliseconds before answering each API request
    --idle-timeout-ms MS          Close a connection that sends or takes nothing for MS
                                  milliseconds [default: 60000]
    --request-budget N            Requests allowed per profile; later ones get 429. Answers
                                  carry x-ratelimit-max and x-ratelimit-count
    --retry-after SECS            Send Retry-After: SECS with each 429 (Ayrshare documents none)
    --retry-delays-ms LIST        Waits before the retries of a failed delivery, comma-separated
                                  [default: 5000,30000, as Ayrshare]; 'none' for no retry
    --delivery-timeout-ms MS      How long a delivery waits for the receiver [default: 10000]
    --deliver-over-http           Deliver to https:// URLs on a loopback host over plain HTTP
    --outbox DIR                  On each registration with a secret, write the signed delivery
                                  to DIR/<profile or primary>/<action>.body and .headers
    -h, --help                    Print this manual
    -V, --version                 Print the version

ENDPOINTS FOR TESTS:
    POST /_mock/deliveries {\"action\": \"scheduled\", \"profile\": \"KEY\" or null, \"wait\": false}
        POSTs a signed sample delivery of that action to the URL the profile registered, and
        retries it after each --retry-delays-ms while the receiver does not answer 2xx.
        Answers 202 with the delivery's record (200 with its final record when \"wait\" is
        true); 404 when nothing is registered for that action.
    GET /_mock/deliveries
        {\"deliveries\": [{\"id\", \"action\", \"profile\", \"url\", \"hookId\", \"signed\",
        \"state\": \"pending\"|\"delivered\"|\"failed\", \"attempts\": [{\"attempt\", \"status\",
        \"error\", \"answer\", \"elapsedMs\"}]}]}
    GET /_mock/requests
        {\"connections\": n, \"primary\": {counts}, \"profiles\": {\"KEY\": {counts}}}, where
        counts are {\"total\", \"register\", \"list\", \"unregister\", \"rotate\", \"other\"},
        each request counted on arrival (before --latency-ms)

EXIT STATUS:
    The mock serves until it is stopped. 1: it could not listen or write --url-file;
    2: bad options.
";

/// What the command line asks for.
pub enum Command {
    /// Run a mock with this configuration, writing its base URL to the file if given.
    Run(Box<MockConfig>, Option<PathBuf>),
    /// Print [`USAGE`].
    Help,
    /// Print the version.
    Version,
}

/// Parses the mock's options (without the program name).
///
/// # Errors
/// A message naming the bad option, for a usage error (exit status 2).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut config = MockConfig::default();
    let mut url_file = None;
    let mut profile_keys: Vec<String> = Vec::new();
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let flag = flag
            .into_string()
            .map_err(|_| "an argument is not valid UTF-8".to_owned())?;
        let mut value = || -> Result<String, String> {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value"))?
                .into_string()
                .map_err(|_| format!("the value of {flag} is not valid UTF-8"))
        };
        match flag.as_str() {
            "--port" => config.port = number(&flag, &value()?)?,
            "--url-file" => url_file = Some(PathBuf::from(value()?)),
            "--api-key" => config.api_key = value()?,
            "--plan-without-webhooks-key" => config.plan_without_webhooks_keys.push(value()?),
            "--profile-key" => profile_keys.push(value()?),
            "--latency-ms" => config.latency = Duration::from_millis(number(&flag, &value()?)?),
            "--idle-timeout-ms" => {
                config.idle_timeout = Duration::from_millis(number(&flag, &value()?)?);
            }
            "--request-budget" => config.request_budget = Some(number(&flag, &value()?)?),
            "--retry-after" => config.retry_after = Some(number(&flag, &value()?)?),
            "--retry-delays-ms" => config.retry_delays = delays(&flag, &value()?)?,
            "--delivery-timeout-ms" => {
                config.delivery_timeout = Duration::from_millis(number(&flag, &value()?)?);
            }
            "--deliver-over-http" => config.deliver_over_http = true,
            "--outbox" => config.outbox = Some(PathBuf::from(value()?)),
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            other => return Err(unknown(other)),
        }
    }
    if config.api_key.is_empty() {
        return Err("--api-key must not be empty".to_owned());
    }
    if !profile_keys.is_empty() {
        config.profile_keys = Some(profile_keys);
    }
    if config.delivery_timeout.is_zero() {
        return Err("--delivery-timeout-ms must be at least 1".to_owned());
    }
    if config.idle_timeout.is_zero() {
        return Err("--idle-timeout-ms must be at least 1".to_owned());
    }
    Ok(Command::Run(Box::new(config), url_file))
}

/// The usage error for an argument that is not an option: it names the option but never
/// repeats a value, which may be a key (`--api-key=KEY`, or a key given one argument late).
fn unknown(arg: &str) -> String {
    match arg.split_once('=') {
        Some((flag, _)) if flag.starts_with('-') => {
            format!("{flag}=... is not accepted: give the value as the next argument, {flag} VALUE")
        }
        _ if arg.starts_with('-') => format!("unknown option {arg:?} (see --help)"),
        _ => "unexpected argument: the mock takes options only (see --help)".to_owned(),
    }
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} takes a whole number, not {value:?}"))
}

fn delays(flag: &str, value: &str) -> Result<Vec<Duration>, String> {
    if value == "none" {
        return Ok(Vec::new());
    }
    value
        .split(',')
        .map(|part| number(flag, part.trim()).map(Duration::from_millis))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<MockConfig, String> {
        match parse(args.iter().map(OsString::from))? {
            Command::Run(config, _) => Ok(*config),
            _ => Err("not a run".to_owned()),
        }
    }

    #[test]
    fn options_set_the_configuration() {
        let config = run(&[
            "--port",
            "0",
            "--latency-ms",
            "20",
            "--request-budget",
            "3",
            "--retry-delays-ms",
            "10,20",
            "--profile-key",
            "a",
            "--profile-key",
            "b",
        ])
        .unwrap();
        assert_eq!(config.latency, Duration::from_millis(20));
        assert_eq!(config.request_budget, Some(3));
        assert_eq!(
            config.retry_delays,
            [Duration::from_millis(10), Duration::from_millis(20)]
        );
        assert_eq!(config.profile_keys, Some(vec!["a".into(), "b".into()]));
        assert!(
            run(&["--retry-delays-ms", "none"])
                .unwrap()
                .retry_delays
                .is_empty()
        );
    }

    #[test]
    fn bad_options_are_usage_errors() {
        for args in [
            &["--port"][..],
            &["--port", "x"],
            &["--latency-ms", "-1"],
            &["--bogus"],
            &["--api-key", ""],
            &["--delivery-timeout-ms", "0"],
            &["--idle-timeout-ms", "0"],
        ] {
            assert!(run(args).is_err(), "{args:?}");
        }
    }

    #[test]
    fn usage_errors_never_repeat_a_value() {
        for args in [
            &["--api-key=KEY-0123456789"][..],
            &["--profile-key", "a", "KEY-0123456789"],
        ] {
            let message = run(args).err().unwrap();
            assert!(!message.contains("KEY-0123456789"), "{message}");
        }
        let message = run(&["--api-key=KEY-0123456789"]).err().unwrap();
        assert!(message.contains("--api-key VALUE"), "{message}");
        let message = run(&["--bogus"]).err().unwrap();
        assert!(message.contains("\"--bogus\""), "{message}");
    }
}
