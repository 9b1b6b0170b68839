//! `ayrshare-webhooks-mock`: a local mock of the Ayrshare webhook API (see `--help`).

fn main() {
    let code = ayrshare_webhooks_mock::run_command_line(
        std::env::args_os().skip(1),
        "ayrshare-webhooks-mock",
    );
    std::process::exit(code);
}
