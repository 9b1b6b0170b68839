//! One module per command; each returns its exit status or the failure that stopped it.

pub mod mock;
pub mod send_test;
pub mod sign;
pub mod verify;
pub mod webhooks;
