//! The scenarios of the C programs that run against the scripted fault server
//! (`tests/faultserver`): `test_faults.c`, `test_bad_inputs.c`, `test_hygiene.c` and
//! `test_concurrency.c`. Each starts the case's fault servers in this process and states the
//! exact number of requests each must have seen (and how many connections) once the program
//! has exited; `Scenario::assert_requests` checks them.

use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use ayrshare_faultserver::bad_inputs::BadInputTable;
use ayrshare_faultserver::closed_base_url;

use super::cases::Scenario;
use super::{Mode, work_dir};

// ---- test_faults.c: the cases of issue 5, each on its own server ----

/// Three attempts, each on a new connection (the server never completes an answer).
fn three_attempts(s: &mut Scenario, script: &str) {
    s.fault_server_as_base(script, 3, 3..=3);
}

/// One request on one connection: not retried.
fn one_request(s: &mut Scenario, script: &str) {
    s.fault_server_as_base(script, 1, 1..=1);
}

pub fn silent(s: &mut Scenario) {
    three_attempts(s, "silent");
}

pub fn stall_body(s: &mut Scenario) {
    three_attempts(s, "stall-body");
}

pub fn reset(s: &mut Scenario) {
    three_attempts(s, "reset");
}

pub fn close(s: &mut Scenario) {
    three_attempts(s, "close");
}

pub fn truncated(s: &mut Scenario) {
    three_attempts(s, "truncated");
}

pub fn huge(s: &mut Scenario) {
    one_request(s, "huge");
}

pub fn gzip_bomb(s: &mut Scenario) {
    one_request(s, "gzip-bomb");
}

pub fn garbage(s: &mut Scenario) {
    three_attempts(s, "garbage");
}

/// `test_faults.c` runs this one with no retry.
pub fn mirror(s: &mut Scenario) {
    one_request(s, "mirror");
}

pub fn refused(s: &mut Scenario) {
    s.base_url = closed_base_url();
}

pub fn drip(s: &mut Scenario) {
    three_attempts(s, "drip");
}

pub fn drip_body(s: &mut Scenario) {
    three_attempts(s, "drip-body");
}

/// Three requests on one kept-alive connection.
pub fn two_503_then_200(s: &mut Scenario) {
    s.fault_server_as_base("503,503,200", 3, 1..=1);
}

pub fn always_503(s: &mut Scenario) {
    s.fault_server_as_base("503", 3, 1..=1);
}

pub fn retry_after_1_then_200(s: &mut Scenario) {
    s.fault_server_as_base("429:1,200", 2, 1..=1);
}

pub fn retry_after_3600(s: &mut Scenario) {
    one_request(s, "429:3600");
}

pub fn rate_limited_without_wait(s: &mut Scenario) {
    one_request(s, "429");
}

pub fn status_400(s: &mut Scenario) {
    one_request(s, "400");
}

pub fn status_401(s: &mut Scenario) {
    one_request(s, "401");
}

pub fn status_403(s: &mut Scenario) {
    one_request(s, "403");
}

pub fn status_404(s: &mut Scenario) {
    one_request(s, "404");
}

/// Three calls, each on a new connection (the server closes after every answer).
pub fn hangup(s: &mut Scenario) {
    s.fault_server_as_base("hangup", 3, 3..=3);
}

/// The four operations on one connection.
pub fn keep_alive(s: &mut Scenario) {
    s.fault_server_as_base("200", 4, 1..=1);
}

// ---- test_bad_inputs.c ----

/// A server that would accept anything must see nothing: no request, no connection.
pub fn nothing_reaches_the_server(s: &mut Scenario) {
    s.fault_server_as_base("200", 0, 0..=0);
}

/// Every case of the table C can express, against a server that must see nothing.
pub fn bad_input_table(s: &mut Scenario) {
    let (path, count) = bad_input_file();
    nothing_reaches_the_server(s);
    s.set_env("AYR_TEST_BAD_INPUTS", path.display().to_string());
    s.expect_stdout(format!("ran {count} table cases ("));
}

/// The defaults of the table alone: register, unregister, list, rotate are all sent.
pub fn bad_input_defaults(s: &mut Scenario) {
    let (path, _) = bad_input_file();
    s.fault_server_as_base("200", 4, 1..=1);
    s.set_env("AYR_TEST_BAD_INPUTS", path.display().to_string());
}

/// Writes the C-expressible cases of `tests/cases/bad_inputs.json` in the record format of
/// `test_bad_inputs.c` (once per process); returns the file and the number of cases in it.
fn bad_input_file() -> (PathBuf, usize) {
    static FILE: OnceLock<(PathBuf, usize)> = OnceLock::new();
    FILE.get_or_init(|| {
        let table = BadInputTable::load();
        assert!(table.cases.len() >= 40, "only {} cases", table.cases.len());

        let mut out = Vec::new();
        write_record(&mut out, "defaults", "-", "-", &table.defaults);
        let mut count = 0;
        for case in table.cases.iter().filter(|case| case.c) {
            for (_, value) in &case.args {
                assert!(
                    !value.contains('\0'),
                    "{}: a NUL cannot reach C; mark the case \"c\": false",
                    case.id
                );
            }
            write_record(&mut out, &case.id, &case.op, &case.field, &case.args);
            count += 1;
        }
        assert!(count >= 40, "only {count} cases C can express");
        let path = work_dir().join("bad_inputs.records");
        fs::write(&path, out).expect("write the bad-input records");
        (path, count)
    })
    .clone()
}

/// `<id> <op> <field> <n>\n`, then `<name> <length>\n<bytes>\n` for each argument.
fn write_record(out: &mut Vec<u8>, id: &str, op: &str, field: &str, args: &[(String, String)]) {
    // The widths test_bad_inputs.c reads them with (%127s %31s %31s).
    for (word, max) in [(id, 127), (op, 31), (field, 31)] {
        assert!(
            !word.is_empty() && !word.contains(char::is_whitespace) && word.len() <= max,
            "{word:?} cannot be a record word"
        );
    }
    out.extend_from_slice(format!("{id} {op} {field} {}\n", args.len()).as_bytes());
    for (name, value) in args {
        out.extend_from_slice(format!("{name} {}\n", value.len()).as_bytes());
        out.extend_from_slice(value.as_bytes());
        out.push(b'\n');
    }
}

// ---- test_hygiene.c ----

/// The scripts of `API_SCRIPTS` in `test_hygiene.c`: each server gets one request from each
/// of the program's seven calls (no retries).
const HYGIENE_API_SCRIPTS: &[&str] = &[
    "echo-json:400",
    "echo-json:401",
    "echo-json:402",
    "echo-json:403",
    "echo-json:404",
    "echo-json:405",
    "echo-json:408",
    "echo-json:409",
    "echo-json:422",
    "echo-json:429",
    "echo-json:500",
    "echo-json:502",
    "echo-json:503",
    "echo-json:504",
    "echo:400",
    "echo:401",
    "echo:402",
    "echo:403",
    "echo:404",
    "echo:405",
    "echo:408",
    "echo:409",
    "echo:422",
    "echo:429",
    "echo:500",
    "echo:502",
    "echo:503",
    "echo:504",
    "echo-json:200",
    "echo:200",
];

/// The scripts of `TRANSPORT_SCRIPTS` in `test_hygiene.c`, seven calls each too (`silent`,
/// `TIMEOUT_SCRIPTS`, is a case of its own).
const HYGIENE_TRANSPORT_SCRIPTS: &[&str] = &[
    "mirror",
    "garbage",
    "reset",
    "close",
    "truncated",
    "429",
    "429:3600",
    "huge",
];

/// One server per script (`AYR_TEST_SERVERS`: `<script> <base URL>` lines), each seeing
/// `calls` requests; a closed port.
fn hygiene_script_servers(s: &mut Scenario, scripts: &[&str], calls: usize) {
    let mut lines = String::new();
    for script in scripts {
        let base_url = s.fault_server(script, calls, 1..=calls);
        lines.push_str(&format!("{script} {base_url}\n"));
    }
    s.set_env("AYR_TEST_SERVERS", lines);
    s.set_env("AYR_TEST_CLOSED_URL", closed_base_url());
}

/// Invalid inputs never reach the 200 server; only the two well-formed calls do.
pub fn hygiene_inputs(s: &mut Scenario) {
    s.fault_server_as_base("200", 2, 1..=1);
}

/// Every API error script, 7 calls each.
pub fn hygiene_api_servers(s: &mut Scenario) {
    hygiene_script_servers(s, HYGIENE_API_SCRIPTS, 7);
}

/// Every transport script, 7 calls each, and a closed port.
pub fn hygiene_transport_servers(s: &mut Scenario) {
    hygiene_script_servers(s, HYGIENE_TRANSPORT_SCRIPTS, 7);
}

/// A server that never answers (`TIMEOUT_SCRIPTS`), 7 calls.
pub fn hygiene_timeout_servers(s: &mut Scenario) {
    hygiene_script_servers(s, &["silent"], 7);
}

/// The echoing servers of the escaped-forms case: a registration and a rotation each.
pub fn hygiene_escape_servers(s: &mut Scenario) {
    hygiene_script_servers(s, &["echo-json:400", "echo:400", "echo:200", "mirror"], 2);
}

// ---- test_concurrency.c ----

/// 8 threads sharing a client, 500 calls each (25 under valgrind): exactly that many requests,
/// over at most one connection per thread.
pub fn eight_threads_one_client(s: &mut Scenario) {
    let calls = if s.mode == Mode::Valgrind { 25 } else { 500 };
    s.fault_server_as_base("200", 8 * calls, 1..=8);
    s.set_env("AYR_TEST_CALLS_PER_THREAD", calls.to_string());
    s.expect_stdout(format!("8 threads x {calls} calls succeeded"));
}
