//! The command line: every command, flag and environment variable, and the manual `--help`
//! prints.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const ABOUT: &str =
    "Register, list, remove and rotate Ayrshare webhooks; sign, send and verify test deliveries";

const MANUAL: &str = "\
Register, list, remove and rotate the signing secret of Ayrshare webhooks, for one User Profile
or for hundreds at once; sign, send and verify test deliveries; run a local mock of the API.

The API key comes from --api-key-file, AYRSHARE_API_KEY, or a prompt on a terminal, never from
the command line (every user of the machine can read a process's arguments). Webhook secrets
come from --secret-file, AYRSHARE_WEBHOOK_SECRET, or a prompt. No key or secret is ever
printed.";

const EXAMPLES_AND_EXIT_STATUS: &str = "\
EXAMPLES:
    export AYRSHARE_API_KEY=...          # or --api-key-file FILE, or be asked
    ayrshare-webhooks register --action scheduled --url https://example.com/hooks \\
        --secret-file secret.txt
    ayrshare-webhooks list
    ayrshare-webhooks send-test --action scheduled --to http://localhost:8000/hooks \\
        --secret-file secret.txt
    ayrshare-webhooks rotate-secret --profiles-file profiles.txt --secret-file new.txt \\
        --report rotation.jsonl
    ayrshare-webhooks mock --port 8089   # then AYRSHARE_BASE_URL=http://127.0.0.1:8089/api

ENVIRONMENT:
    AYRSHARE_API_KEY         the API key of the Primary Profile
    AYRSHARE_PROFILE_KEY     act for this User Profile (as --profile-key)
    AYRSHARE_BASE_URL        another API root, such as the mock's (as --base-url)
    AYRSHARE_WEBHOOK_SECRET  the webhook secret, when --secret-file is not given
    AYRSHARE_CA_BUNDLE       trust the CAs of this PEM file for the API (as --ca-bundle)
    HTTPS_PROXY, ALL_PROXY   the HTTP proxy to the API (https_proxy, all_proxy too), unless
    NO_PROXY                 lists its host, or --proxy is given; credentials go here
    NO_COLOR                 set to anything: no colour (as --color never)

EXIT STATUS:
    0    success
    1    refused: the API answered with an error, the receiver did not accept the delivery,
         the delivery failed verification, or some profiles of a bulk run failed
    2    bad usage or input (a flag, a file, a key or secret breaking the rules): nothing was sent
    3    no answer: a timeout or a connection failure (a rotation's outcome is then unknown);
         in a bulk run, some profiles' outcome is unknown
    4    no connection: the server's TLS certificate is not trusted (see --ca-bundle) or the
         proxy refused the tunnel; nothing reached the API, and trying again will not help
    130  interrupted (Ctrl-C): calls in flight were stopped and the report is complete";

const BULK_RUNS: &str = "\
BULK RUNS:
    With --profiles-file, the command runs for every profile key in the file, --concurrency at
    a time over one connection pool, with a progress bar when standard error is a terminal.
    --report FILE gets one JSON line per profile and step, such as
        {\"profile\": \"***Ab12\", \"id\": \"5f0c3e1b9a7d2c44\", \"line\": 3, \"operation\": \"register\",
         \"parameters\": {...}, \"outcome\": \"failed\", \"error\": \"api\", \"status\": 403, ...}
    with the profile key masked and a fingerprint of it (16 hex digits of its SHA-256), so the
    report tells profiles apart without holding their keys. outcome is started (a rotation
    about to be sent), done, failed or unknown. Run the same command with the same report to
    resume: profiles done are skipped, failed ones are tried again, and a rotation whose outcome
    is unknown is never sent again. Ctrl-C (or SIGTERM) stops starting profiles and stops the
    calls in flight within a fraction of a second: a registration or removal stopped so is
    failed (tried again on resume), a rotation stopped in flight is unknown (never sent again).
    The report is completed and the exit status is 130; a second Ctrl-C exits at once.";

/// `ayrshare-webhooks`: the whole command line.
#[derive(Parser, Debug)]
#[command(
    name = "ayrshare-webhooks",
    version,
    about = ABOUT,
    long_about = MANUAL,
    after_long_help = EXAMPLES_AND_EXIT_STATUS,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// How results are printed; accepted by every command.
#[derive(Args, Debug, Clone, Copy)]
pub struct OutputArgs {
    /// Print one JSON document on standard output, for scripts, instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// When to colour the text: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t = ColorWhen::Auto,
        value_name = "WHEN",
        hide_possible_values = true
    )]
    pub color: ColorWhen,
}

/// The `--color` choices.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Register (or replace) the webhook of an action.
    #[command(long_about = "\
Register (or replace) the webhook of an action: POST /hook/webhook. Registering an action again
replaces its URL. With a secret (--secret-file, AYRSHARE_WEBHOOK_SECRET, or --prompt-secret),
Ayrshare signs the deliveries with it; the secret is profile-wide.

With --profiles-file, registers for every profile in the file (see BULK RUNS below).",
        after_long_help = BULK_RUNS)]
    Register(RegisterArgs),
    /// List the registered webhooks.
    #[command(long_about = "List the webhooks registered for the profile: GET /hook/webhook.")]
    List(ListArgs),
    /// Remove the webhook of an action.
    #[command(long_about = "\
Remove the webhook of an action: DELETE /hook/webhook. Without a webhook for that action the
API answers 404 (exit status 1); in a bulk run that counts as done, the goal being met.",
        after_long_help = BULK_RUNS)]
    Unregister(UnregisterArgs),
    /// Set a new signing secret for every webhook of the profile.
    #[command(long_about = "\
Set a new signing secret for every webhook of the profile: POST /hook/webhook/secret. For 24
hours Ayrshare signs deliveries with both the previous and the new secret, so receivers can
switch over.

Rotating is not idempotent: a rotation sent twice pushes the secret receivers still hold out of
the grace window. So a rotation is retried (up to --max-retries) only after failures that
happen before anything of it is sent (a failed lookup, a refused connection), never once
sending began; a bulk rotation needs --report, records each rotation as started before sending
it, and a resumed run never sends again a rotation whose outcome is unknown (a timeout, a
dropped connection, a 5xx, or a run killed or interrupted while it was in flight): it reports
it as unknown, for you to check.",
        after_long_help = BULK_RUNS)]
    RotateSecret(RotateArgs),
    /// Print the signature headers Ayrshare would send with a body.
    #[command(long_about = "\
Print the headers Ayrshare sends with a delivery of this body signed with this secret:
X-Authorization-Content-SHA256, X-Authorization-Timestamp and, with --previous-secret-file (a
rotation's grace window), X-Authorization-Content-SHA256-V2. The output is a headers file for
`verify --headers-file`, or a JSON object with --json.")]
    Sign(SignArgs),
    /// POST a signed sample delivery to a receiver and report its answer.
    #[command(long_about = "\
POST a correctly signed sample delivery of an action (the shape of Ayrshare's published
samples) to a receiver under development, as Ayrshare would, and report its HTTP status and
time, and the event it was sent (typed as `verify` prints it). Exit status 0 when it answered
2xx, 1 when it answered anything else, 3 with no answer (a TLS failure included: an https
receiver with a development certificate needs --ca-bundle).

With --tamper, one byte of the body is changed after signing: the receiver must refuse it. Exit
status 0 when it refused (did not answer 2xx), 1 when it accepted the forgery.")]
    SendTest(SendTestArgs),
    /// Verify a delivery's signature and print it.
    #[command(long_about = "\
Verify a delivery: its signature over the exact body bytes and its timestamp, then print the
typed event (its kind, the fields every delivery has, the fields of its kind, and `other`:
every field not typed, as sent) or why it was rejected (exit status 0 / 1). Give the headers
and the body as files (--headers-file, one `Name: value` a line, and --body-file), or a raw
captured HTTP request (request line, headers, blank line, body) on standard input or with
--request-file.")]
    Verify(VerifyArgs),
    /// Run a local mock of the Ayrshare API (options: `ayrshare-webhooks mock --help`).
    #[command(
        long_about = "\
Run a local mock of the Ayrshare webhook API (the ayrshare-webhooks-mock program): the four
endpoints with per-profile state, the API's errors, and signed deliveries on demand. Every
argument goes to the mock; `ayrshare-webhooks mock --help` prints its manual.",
        disable_help_flag = true
    )]
    Mock(MockArgs),
}

/// How to reach the API; the same settings and environment variables as the libraries.
/// `Debug` masks the profile key and the proxy URL (which may hold credentials).
#[derive(Args, Clone)]
#[command(next_help_heading = "API")]
pub struct ApiArgs {
    /// Read the API key from FILE ('-' for standard input) instead of AYRSHARE_API_KEY.
    #[arg(long, value_name = "FILE")]
    pub api_key_file: Option<PathBuf>,
    /// Act for this User Profile.
    #[arg(
        long,
        env = "AYRSHARE_PROFILE_KEY",
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub profile_key: Option<String>,
    /// The API root [default: https://api.ayrshare.com/api]; http only to a loopback host.
    #[arg(long, env = "AYRSHARE_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// Bound on each attempt, from connecting to the last byte of the answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,
    /// Retries after a failed first attempt (0 to 10): timeouts, connection failures, 408 and
    /// 5xx, a 429 with a short Retry-After; a rotation only while nothing of it was sent.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub max_retries: u32,
    /// Trust the CA certificates of this PEM file instead of the built-in Mozilla roots (a
    /// private CA, a TLS-inspecting proxy).
    #[arg(long, env = "AYRSHARE_CA_BUNDLE", value_name = "FILE")]
    pub ca_bundle: Option<PathBuf>,
    /// Reach the API through this HTTP proxy (http://HOST:PORT, tunnelling with CONNECT), or
    /// "" for none, whatever the environment says [default: HTTPS_PROXY or ALL_PROXY unless
    /// NO_PROXY lists the host]. Proxy credentials go in HTTPS_PROXY, never here.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
}

impl std::fmt::Debug for ApiArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = |value: &Option<String>| value.as_ref().map(|_| "***");
        f.debug_struct("ApiArgs")
            .field("api_key_file", &self.api_key_file)
            .field("profile_key", &masked(&self.profile_key))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("ca_bundle", &self.ca_bundle)
            .field("proxy", &masked(&self.proxy))
            .finish()
    }
}

/// Where a webhook secret comes from.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Secret")]
pub struct SecretArgs {
    /// Read the webhook secret from FILE ('-' for standard input); otherwise
    /// AYRSHARE_WEBHOOK_SECRET, otherwise a prompt on a terminal.
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

/// Running one command over many profiles.
#[derive(Args, Debug, Clone)]
#[command(next_help_heading = "Bulk runs")]
pub struct BulkArgs {
    /// Run for every profile key in FILE, one a line (blank lines and lines starting with #
    /// are skipped, repeated keys run once). --profile-key is then not used.
    #[arg(long, value_name = "FILE")]
    pub profiles_file: Option<PathBuf>,
    /// How many profiles are handled at once, over one shared connection pool.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Append one JSON line per profile to FILE (the profile masked, its outcome and error
    /// kind). Run again with the same FILE to resume: profiles already done are skipped.
    #[arg(long, value_name = "FILE", requires = "profiles_file")]
    pub report: Option<PathBuf>,
}

/// `register`.
#[derive(Args, Debug)]
pub struct RegisterArgs {
    /// The action: feed, social, scheduled, batch, messages or accountActivity.
    #[arg(long, value_name = "ACTION")]
    pub action: String,
    /// The webhook URL: absolute https, the final destination (Ayrshare follows no redirect).
    #[arg(long, value_name = "URL")]
    pub url: String,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Ask for the secret on the terminal (without --secret-file or AYRSHARE_WEBHOOK_SECRET,
    /// the webhook is registered without one).
    #[arg(long, help_heading = "Secret")]
    pub prompt_secret: bool,
    #[command(flatten)]
    pub api: ApiArgs,
    #[command(flatten)]
    pub bulk: BulkArgs,
}

/// `list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    pub api: ApiArgs,
}

/// `unregister`.
#[derive(Args, Debug)]
pub struct UnregisterArgs {
    /// The action whose webhook to remove.
    #[arg(long, value_name = "ACTION")]
    pub action: String,
    #[command(flatten)]
    pub api: ApiArgs,
    #[command(flatten)]
    pub bulk: BulkArgs,
}

/// `rotate-secret`.
#[derive(Args, Debug)]
pub struct RotateArgs {
    #[command(flatten)]
    pub secret: SecretArgs,
    #[command(flatten)]
    pub api: ApiArgs,
    #[command(flatten)]
    pub bulk: BulkArgs,
}

/// `sign`.
#[derive(Args, Debug)]
pub struct SignArgs {
    /// The body to sign, exactly as it will be sent ('-' for standard input).
    #[arg(long, value_name = "FILE")]
    pub body_file: PathBuf,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Also sign with the secret before a rotation, as Ayrshare does for 24 hours after one.
    #[arg(long, value_name = "FILE", help_heading = "Secret")]
    pub previous_secret_file: Option<PathBuf>,
    /// The Unix time to put in X-Authorization-Timestamp [default: now].
    #[arg(long, value_name = "SECONDS")]
    pub timestamp: Option<u64>,
}

/// `send-test`.
#[derive(Args, Debug)]
pub struct SendTestArgs {
    /// The action of the sample delivery: feed, social, scheduled, batch, messages or
    /// accountActivity.
    #[arg(long, value_name = "ACTION")]
    pub action: String,
    /// The receiver's URL (http or https), such as http://localhost:8000/hooks.
    #[arg(long, value_name = "URL")]
    pub to: String,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// Also sign with the secret before a rotation (the X-Authorization-Content-SHA256-V2 header).
    #[arg(long, value_name = "FILE", help_heading = "Secret")]
    pub previous_secret_file: Option<PathBuf>,
    /// Send this body instead of the action's sample.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Change one byte of the body after signing: the receiver must refuse it.
    #[arg(long)]
    pub tamper: bool,
    /// How long to wait for the receiver's answer (Ayrshare waits 10 s).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    pub timeout: f64,
    /// For an https receiver, trust the CA certificates of this PEM file instead of the
    /// built-in Mozilla roots (a receiver with a development certificate).
    #[arg(long, value_name = "FILE")]
    pub ca_bundle: Option<PathBuf>,
    /// POST through this HTTP proxy (http://HOST:PORT; "" for none, the default: Ayrshare's
    /// deliveries do not come through your proxy, so the environment's is not used).
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
}

/// `verify`.
#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// The delivery's headers, one `Name: value` a line (a request line first is skipped).
    #[arg(
        long,
        value_name = "FILE",
        requires = "body_file",
        conflicts_with = "request_file"
    )]
    pub headers_file: Option<PathBuf>,
    /// The delivery's body, the exact bytes received.
    #[arg(long, value_name = "FILE", requires = "headers_file")]
    pub body_file: Option<PathBuf>,
    /// A raw captured HTTP request [default: standard input].
    #[arg(long, value_name = "FILE")]
    pub request_file: Option<PathBuf>,
    #[command(flatten)]
    pub secret: SecretArgs,
    /// How far the delivery's timestamp may be from now.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 300,
        conflicts_with = "no_timestamp_check"
    )]
    pub tolerance: u64,
    /// Check the signature only (to verify an old captured delivery).
    #[arg(long)]
    pub no_timestamp_check: bool,
}

/// `mock`: everything goes to the mock's own parser.
#[derive(Args, Debug)]
pub struct MockArgs {
    /// The mock's options (see `ayrshare-webhooks mock --help`).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0.., value_name = "MOCK_OPTIONS")]
    pub args: Vec<OsString>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn debug_never_shows_the_profile_key_or_the_proxy() {
        let cli = Cli::try_parse_from([
            "ayrshare-webhooks",
            "list",
            "--profile-key",
            "PROFILE-KEY-0123456789",
            "--proxy",
            "http://user:pa55word@proxy:3128",
        ])
        .unwrap();
        let shown = format!("{cli:?} {cli:#?}");
        assert!(!shown.contains("PROFILE-KEY-0123456789"), "{shown}");
        assert!(!shown.contains("pa55word"), "{shown}");
        assert!(shown.contains("profile_key: Some(\"***\")"), "{shown}");
    }
}
