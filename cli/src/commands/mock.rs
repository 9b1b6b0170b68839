//! `mock`: the mock's own command line, run inside this program.

use crate::args::MockArgs;

/// Runs the mock until it is stopped; returns its exit status for bad options or a port that
/// cannot be had.
pub fn run(args: MockArgs) -> u8 {
    let code = ayrshare_webhooks_mock::run_command_line(args.args, "ayrshare-webhooks mock");
    u8::try_from(code).unwrap_or(1)
}
