# The README's two commands are `make demo` and `make test`. Each language adds its own
# targets in mk/<language>.mk and appends them to DEMO_TARGETS / TEST_TARGETS.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
# The suites build every crate once; incremental caches (over a gigabyte) would only take disk.
export CARGO_INCREMENTAL ?= 0

DEMO_TARGETS :=
TEST_TARGETS :=

include $(sort $(wildcard mk/*.mk))

# Rust first (the core every other language wraps), then C, then Python; then anything else.
LANGUAGE_ORDER := rust c python
in_order = $(foreach l,$(LANGUAGE_ORDER),$(filter $(1)-$(l),$(2))) \
	$(filter-out $(foreach l,$(LANGUAGE_ORDER),$(1)-$(l)),$(2))

.PHONY: demo test
## Runs the demo: Rust, C, Python and the CLI register webhooks against the mock of the API.
demo:
	bash scripts/demo.sh $(strip $(call in_order,demo,$(DEMO_TARGETS)))

## Runs every check and test in the project (what CI runs).
# Lints first, so a formatting slip fails in seconds rather than after the slow suites.
TEST_SEQUENCE = $(filter lint,$(TEST_TARGETS)) \
	$(strip $(call in_order,test,$(filter-out lint,$(TEST_TARGETS))))
test:
	@for target in $(TEST_SEQUENCE); do \
		echo "== make $$target"; \
		$(MAKE) --no-print-directory $$target || exit 1; \
	done
	@echo "make test: all suites passed ($(strip $(TEST_SEQUENCE)))"
