//! `libayr`: the C API of the Ayrshare webhooks SDK.
//!
//! Every exported function converts C arguments into the core crate's types, calls the core,
//! and converts the answer back; there is no validation or HTTP logic here. The C contract
//! (ownership, NULL rules, thread safety) is written on each item and copied by cbindgen into
//! `include/ayr.h`.
//!
//! Layout: `panic` holds the panic boundary every function runs in, `args` turns C
//! arguments into Rust values, `strings` turns Rust text into C strings, `error` and
//! `result` carry failures to C; the other modules hold one handle type each.
//!
//! The exported functions are `unsafe extern "C"`: their safety contract is the C contract in
//! their documentation (valid pointers or NULL where allowed, NUL-terminated strings, handles
//! from this library and not yet freed), which is why they carry no separate `# Safety`
//! section.
#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)]
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![warn(clippy::undocumented_unsafe_blocks)]

// The panic boundary (`panic.rs`) relies on unwinding: a build with `panic = "abort"` would
// abort the host process on any internal panic instead of returning AYR_ERR_PANIC.
#[cfg(not(panic = "unwind"))]
compile_error!("libayr must be built with panic = \"unwind\" (set no `panic = \"abort\"` profile)");

// Helpers every exported function uses.
mod args;
mod event_convert;
mod panic;
mod strings;

// The exported API. cbindgen keeps this order in include/ayr.h, so it is the order a reader
// of the header meets things in (blank lines stop rustfmt from sorting the modules).
pub mod version;

pub mod result;

pub mod error;

pub mod client;

pub mod builder;

pub mod calls;

pub mod webhook;

pub mod list;

pub mod verify;

pub mod delivery;

pub mod event;

pub mod event_fields;

pub mod sign;

pub mod log;

#[cfg(feature = "testing")]
pub mod testing;

pub use builder::ayr_client_builder;
pub use client::ayr_client;
pub use delivery::ayr_delivery;
pub use error::ayr_error;
pub use event::ayr_event;
pub use list::ayr_webhook_list;
pub use result::ayr_result;
pub use sign::ayr_signed_headers;
pub use verify::ayr_verifier;
pub use webhook::ayr_webhook;

// The handles documented as usable from several threads at once are Send + Sync.
const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<ayr_client>();
    shareable::<ayr_verifier>();
    shareable::<ayr_webhook>();
    shareable::<ayr_webhook_list>();
    shareable::<ayr_delivery>();
    shareable::<ayr_event>();
    shareable::<ayr_signed_headers>();
    shareable::<ayr_error>();
};
