//! `ayrshare-webhooks`: register, list, remove and rotate Ayrshare webhooks from a shell, for
//! one profile or a file of them; sign, send and verify test deliveries; run the mock.
//! `ayrshare-webhooks --help` is the manual.

mod args;
mod bulk;
mod capture;
mod client;
mod commands;
mod event_view;
mod failure;
mod interrupt;
mod output;
mod secrets;
mod usage_error;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command};
use output::Output;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version are "errors" to clap; they print and exit 0 as usual.
        Err(error) if !error.use_stderr() => error.exit(),
        Err(error) => {
            eprint!("{}", usage_error::render(&error));
            return ExitCode::from(2);
        }
    };
    let output = Output::new(cli.output);
    let result = match cli.command {
        Command::Register(args) => commands::webhooks::register(&args, &output),
        Command::List(args) => commands::webhooks::list(&args, &output),
        Command::Unregister(args) => commands::webhooks::unregister(&args, &output),
        Command::RotateSecret(args) => commands::webhooks::rotate(&args, &output),
        Command::Sign(args) => commands::sign::run(&args, &output),
        Command::SendTest(args) => commands::send_test::run(&args, &output),
        Command::Verify(args) => commands::verify::run(&args, &output),
        Command::Mock(args) => Ok(commands::mock::run(args)),
    };
    ExitCode::from(result.unwrap_or_else(|failure| {
        output.failure(&failure);
        failure.exit_code()
    }))
}
