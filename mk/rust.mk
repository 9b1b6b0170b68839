# Rust: formatting, lints, docs and the core's tests.
.PHONY: lint test-rust demo-rust

WITHOUT_PROXY_ENV := env -u http_proxy -u HTTP_PROXY -u https_proxy -u HTTPS_PROXY \
	-u all_proxy -u ALL_PROXY -u no_proxy -u NO_PROXY

TEST_TARGETS += lint test-rust
DEMO_TARGETS += demo-rust

## cargo fmt check and clippy with warnings as errors, on every crate and target; the core's
## docs; and the core built against the newest ureq its version range allows (the lock file is
## restored afterwards), since it builds on ureq's unversioned transport API.
lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) clippy -p ayrshare-webhooks --features http --lib --tests --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc -p ayrshare-webhooks --no-deps --locked
	@saved=$$(mktemp); cp Cargo.lock "$$saved"; trap 'cp "$$saved" Cargo.lock; rm -f "$$saved"' EXIT; \
	$(CARGO) update --quiet -p ureq -p ureq-proto; \
	echo "lint: the core against $$(grep -A1 '^name = "ureq"$$' Cargo.lock | tail -1)"; \
	$(CARGO) check --quiet -p ayrshare-webhooks --all-targets

## Unit, integration and doc tests of the Rust crates, then the core's `http` feature
## (`&http::HeaderMap` headers), which only its own test file needs (tinyproxy installed first, for the proxy tests).
## The shell's proxy variables are cleared: the tests that need them set their own.
test-rust: network-tools
	$(WITHOUT_PROXY_ENV) $(CARGO) test --workspace --locked
	$(WITHOUT_PROXY_ENV) $(CARGO) test -p ayrshare-webhooks --features http --test http_headers --locked

## The Rust example, against $$AYRSHARE_BASE_URL (set by scripts/demo.sh).
demo-rust:
	$(CARGO) run --quiet --locked -p ayrshare-webhooks --example webhooks
