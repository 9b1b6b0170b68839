# The scripted fault server the C and Python fault suites drive (tests/faultserver/README.md).
# The Rust fault, bad-input, hygiene and concurrency suites need nothing beyond `cargo test`
# (mk/rust.mk); C and Python targets depend on `faultserver` and read AYRSHARE_FAULTSERVER.
.PHONY: faultserver

FAULTSERVER := $(CURDIR)/target/debug/ayrshare-faultserver
export AYRSHARE_FAULTSERVER := $(FAULTSERVER)
## The shared bad-input table every language reads.
export AYRSHARE_BAD_INPUTS := $(CURDIR)/tests/cases/bad_inputs.json

## Builds the fault server binary at $(FAULTSERVER).
faultserver:
	$(CARGO) build --locked -p ayrshare-faultserver
