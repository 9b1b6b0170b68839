# Rust: formatting, lints, docs and the core's tests.
.PHONY: lint test-rust demo-rust

TEST_TARGETS += lint test-rust
DEMO_TARGETS += demo-rust

## cargo fmt check and clippy with warnings as errors, on every crate and target.
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) clippy -p ayrshare-webhooks --features http --lib --tests --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -p ayrshare-webhooks --no-deps --locked

## Unit, integration and doc tests of the Rust crates, then the core's `http` feature
## (`&http::HeaderMap` headers), which only its own test file needs.
test-rust:
	$(CARGO) test --workspace --locked
	$(CARGO) test -p ayrshare-webhooks --features http --test http_headers --locked

## The Rust example, against $$AYRSHARE_BASE_URL (set by scripts/demo.sh).
demo-rust:
	$(CARGO) run --quiet --locked -p ayrshare-webhooks --example webhooks
