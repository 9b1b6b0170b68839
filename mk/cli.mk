# The CLI `ayrshare-webhooks` (cli/) and the mock of the API it embeds (mock/, also its own
# binary `ayrshare-webhooks-mock`). Their tests run in test-rust (`cargo test --workspace`),
# except the one that needs the Python package, which test-cli runs.
.PHONY: cli install-cli test-cli demo-cli

TEST_TARGETS += test-cli
DEMO_TARGETS += demo-cli

CLI_BIN = $${CARGO_TARGET_DIR:-target}/debug/ayrshare-webhooks
# The Python package in .venv, built (dev profile) only when it is not there yet.
PY_PACKAGE_CHECK = $(VENV_PY) -c 'import ayrshare_webhooks' >/dev/null 2>&1

## Builds the CLI (dev profile) at target/debug/ayrshare-webhooks.
cli:
	$(CARGO) build --locked -p ayrshare-webhooks-cli

## Installs `ayrshare-webhooks` and `ayrshare-webhooks-mock` into cargo's bin directory
## (~/.cargo/bin), as `cargo install --path cli` and `cargo install --path mock` do.
install-cli:
	$(CARGO) install --locked --path cli
	$(CARGO) install --locked --path mock

## `send-test` into the example receiver written with the Python package
## (cli/examples/receiver.py, in .venv): a genuine delivery accepted, a tampered one rejected.
## It runs through test-rust's own build (`--workspace --tests`), so nothing is compiled again,
## and fails when the test did not run.
CLI_PYTHON_TEST := a_python_receiver_accepts_the_delivery_and_rejects_a_tampered_one
test-cli:
	@$(PY_PACKAGE_CHECK) || $(MAKE) --no-print-directory wheel WHEEL_PROFILE=dev
	@out=$$($(CARGO) test --workspace --locked --tests -- --ignored --exact $(CLI_PYTHON_TEST) 2>&1) \
		|| { echo "$$out"; exit 1; }; \
	grep -E "^test $(CLI_PYTHON_TEST) \.\.\. ok$$" <<< "$$out" \
		|| { echo "$$out"; echo "test-cli: the Python receiver test did not run" >&2; exit 1; }

## The CLI against $$AYRSHARE_BASE_URL (the mock scripts/demo.sh started): register, list, a
## bulk registration with its report, and send-test into the example receiver.
demo-cli: cli
	@$(PY_PACKAGE_CHECK) || $(MAKE) --no-print-directory wheel
	bash scripts/demo-cli.sh "$(CLI_BIN)" "$(VENV_PY)"
