//! The C and C++ suite of `tests/c/`, built against the test build of libayr and run against
//! mock servers that check every request (see `harness/`).
//!
//! The plain run is part of `cargo test`. The valgrind and sanitizer runs are `#[ignore]`d
//! (they take minutes and need valgrind); `make test-c` runs them with `--include-ignored`.

mod harness;

use harness::{Mode, Program, run_program};

macro_rules! c_programs {
    ($($test:ident: $name:literal $(, cpp = $cpp:literal)?;)*) => {
        mod plain {
            use super::*;
            $(#[test]
            fn $test() {
                run_program(Program { name: $name, cpp: false $(|| $cpp)? }, Mode::Plain);
            })*
        }
        mod valgrind {
            use super::*;
            $(#[test]
            #[ignore = "valgrind run: make test-c"]
            fn $test() {
                run_program(Program { name: $name, cpp: false $(|| $cpp)? }, Mode::Valgrind);
            })*
        }
        mod sanitize {
            use super::*;
            $(#[test]
            #[ignore = "AddressSanitizer + UBSan run: make test-c"]
            fn $test() {
                run_program(Program { name: $name, cpp: false $(|| $cpp)? }, Mode::Sanitize);
            })*
        }
    };
}

c_programs! {
    client: "test_client";
    webhooks: "test_webhooks";
    errors: "test_errors";
    null_arguments: "test_null";
    verify: "test_verify";
    events: "test_events";
    threads: "test_threads";
    panic: "test_panic";
    cpp: "test_cpp", cpp = true;
    hpp: "test_hpp", cpp = true;
    faults: "test_faults";
    bad_inputs: "test_bad_inputs";
    secret_hygiene: "test_hygiene";
    concurrency: "test_concurrency";
    tls: "test_tls";
    proxies: "test_proxies";
    steady_state: "test_steady_state";
    fork_safety: "test_fork";
    cancellation: "test_cancel";
    logging: "test_logging";
}
