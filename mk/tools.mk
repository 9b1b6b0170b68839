# System tools the Rust and Python suites need besides the toolchain: tinyproxy, the real
# CONNECT proxy of the proxy tests; installed with apt-get when missing, or named in one line
# when apt-get cannot run (scripts/need-tools.sh). Every suite run by make fails, instead of
# skipping, when a tool it needs is absent.
.PHONY: network-tools

export AYRSHARE_REQUIRE_TOOLS := 1

## tinyproxy, installed with apt-get when missing.
network-tools:
	@bash scripts/need-tools.sh tinyproxy
