# Fuzzing the core with cargo-fuzz (nightly). Not part of `make test`: run it on purpose.
#   make fuzz-smoke                      every target for 30 s (FUZZ_SECONDS), one at a time
#   make fuzz-smoke FUZZ_SECONDS=300     the 5-minute run per target
#   make fuzz-smoke FUZZ_TARGETS=parse_delivery
# New inputs go to fuzz/target/corpus/<target> (ignored); the committed seeds in
# fuzz/corpus/<target> are only read. Crashes land in fuzz/artifacts/<target>/ (ignored).
.PHONY: fuzz-smoke fuzz-build fuzz-tools

FUZZ_TARGETS ?= decode_registration decode_list decode_acknowledgement verify_headers \
	verify_signature parse_retry_after parse_delivery parse_event
FUZZ_SECONDS ?= 30
FUZZ_WORK := fuzz/target/corpus
FUZZ_LOGS := fuzz/target/logs

## cargo-fuzz and a nightly toolchain, installing cargo-fuzz from crates.io when missing.
fuzz-tools:
	@rustup toolchain list | grep -q '^nightly' || \
		{ echo "fuzz: no nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked

## Builds every fuzz target (sanitizer-instrumented, release).
fuzz-build: fuzz-tools
	cd fuzz && $(CARGO) +nightly fuzz build

## Runs each fuzz target for FUZZ_SECONDS and prints libFuzzer's execution count per target.
fuzz-smoke: fuzz-build
	@mkdir -p $(FUZZ_LOGS)
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_WORK)/$$target; \
		echo "fuzz-smoke: $$target for $(FUZZ_SECONDS) s"; \
		( cd fuzz && $(CARGO) +nightly fuzz run $$target \
			../$(FUZZ_WORK)/$$target corpus/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 ) \
			> $(FUZZ_LOGS)/$$target.log 2>&1 \
			|| { tail -n 60 $(FUZZ_LOGS)/$$target.log; \
			     echo "fuzz-smoke: $$target FAILED (log: $(FUZZ_LOGS)/$$target.log)"; exit 1; }; \
		echo "fuzz-smoke: $$target: $$(grep -E '^stat::number_of_executed_units' \
			$(FUZZ_LOGS)/$$target.log | awk '{print $$2}') execs"; \
	done
	@echo "fuzz-smoke: all targets ran clean"
