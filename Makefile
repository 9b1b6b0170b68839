# The README's two commands are `make demo` and `make test`. Each language adds its own
# targets in mk/<language>.mk and appends them to DEMO_TARGETS / TEST_TARGETS.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo

DEMO_TARGETS :=
TEST_TARGETS :=

include $(sort $(wildcard mk/*.mk))

.PHONY: demo test
## Runs the demo: Rust, C and Python register webhooks against a local stand-in of the API.
demo:
	bash scripts/demo.sh $(DEMO_TARGETS)

## Runs every check and test in the project (what CI runs).
test: $(TEST_TARGETS)
	@echo "make test: all suites passed ($(TEST_TARGETS))"
