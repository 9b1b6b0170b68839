//! Gives the shared library a SONAME, so programs linked against `libayr.so` record the ABI
//! version they need: `libayr.so.<major>`, or `libayr.so.0.<minor>` while the major version
//! is 0 (where, as in semver, each minor release may break the ABI).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target_os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if target_os == "linux" || target_os == "freebsd" {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        let minor = env!("CARGO_PKG_VERSION_MINOR");
        let abi = if major == "0" {
            format!("0.{minor}")
        } else {
            major.to_owned()
        };
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libayr.so.{abi}");
    }
}
