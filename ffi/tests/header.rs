//! The checked-in `include/ayr.h` must be exactly what cbindgen generates from `ffi/src` with
//! `ffi/cbindgen.toml`: the same bytes the CLI prints for
//! `cbindgen --config ffi/cbindgen.toml --crate ayrshare-webhooks-ffi -q` run from the
//! repository root. Set `AYR_BLESS=1` to rewrite the header instead of failing.

use std::path::{Path, PathBuf};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("ffi/ has a parent")
        .to_path_buf()
}

/// Generates the header as the CLI does: the config file as given, the crate found by name
/// through `cargo metadata` from the repository root.
fn generate() -> String {
    let root = repo_root();
    let config = cbindgen::Config::from_file(root.join("ffi/cbindgen.toml"))
        .expect("ffi/cbindgen.toml parses");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_crate_and_name(&root, "ayrshare-webhooks-ffi")
        .generate()
        .expect("cbindgen generates the header");
    let mut out = Vec::new();
    bindings.write(&mut out);
    String::from_utf8(out).expect("the header is UTF-8")
}

#[test]
fn checked_in_header_matches_cbindgen() {
    let path = repo_root().join("include/ayr.h");
    let fresh = generate();
    if std::env::var_os("AYR_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write include/ayr.h");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != fresh {
        let first_difference = current
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| current.lines().count().min(fresh.lines().count()));
        let line = |text: &str| {
            text.lines()
                .nth(first_difference)
                .unwrap_or("<end of file>")
                .to_owned()
        };
        panic!(
            "include/ayr.h is not what cbindgen generates from ffi/src.\n\
             First difference at line {}:\n  checked in: {}\n  generated:  {}\n\
             Regenerate it with\n  AYR_BLESS=1 cargo test -p ayrshare-webhooks-ffi --test header\n\
             (or, with the cbindgen 0.29.4 CLI: cbindgen --config ffi/cbindgen.toml \
             --crate ayrshare-webhooks-ffi -q -o include/ayr.h)\n\
             and review the change with `git diff include/ayr.h`.",
            first_difference + 1,
            line(&current),
            line(&fresh),
        );
    }
}

#[test]
fn header_has_guard_cpp_linkage_and_version_macros() {
    let header = generate();
    assert!(
        header.contains("#ifndef AYR_H\n#define AYR_H\n"),
        "include guard"
    );
    assert!(header.contains("extern \"C\" {"), "C++ linkage");
    for (name, value) in [
        ("AYR_VERSION_MAJOR", env!("CARGO_PKG_VERSION_MAJOR")),
        ("AYR_VERSION_MINOR", env!("CARGO_PKG_VERSION_MINOR")),
        ("AYR_VERSION_PATCH", env!("CARGO_PKG_VERSION_PATCH")),
    ] {
        assert!(
            header.contains(&format!("#define {name} {value}\n")),
            "{name} must be {value} (update ffi/src/version.rs)"
        );
    }
    // The test-only functions exist only under AYR_TESTING.
    let guard = header
        .find("#if defined(AYR_TESTING)")
        .expect("AYR_TESTING guard");
    let testing = header
        .find("ayr_testing_panic(")
        .expect("ayr_testing_panic declared");
    assert!(guard < testing);
}

/// Every declaration in the header is preceded by a doc comment.
#[test]
fn every_item_is_documented() {
    let header = generate();
    let lines: Vec<&str> = header.lines().collect();
    let mut undocumented = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let declares = line.starts_with("typedef struct ")
            || (line.starts_with("#define AYR_") && *line != "#define AYR_H")
            || line.starts_with("enum ")
            || (line.contains("ayr_")
                && line.contains('(')
                && !line.starts_with(' ')
                && !line.starts_with('#')
                && !line.starts_with('*')
                && !line.starts_with('/'));
        if declares
            && !lines[..i]
                .last()
                .is_some_and(|prev| prev.trim_start().starts_with("*/"))
        {
            undocumented.push(*line);
        }
    }
    assert!(
        undocumented.is_empty(),
        "undocumented items: {undocumented:#?}"
    );
}
