# System tools the Rust and Python suites need besides the toolchain: tinyproxy, the real
# CONNECT proxy of the proxy tests. Installed with apt-get when missing. Every suite run by
# make fails (instead of skipping) when a tool it needs is absent.
.PHONY: network-tools

export AYRSHARE_REQUIRE_TOOLS := 1

## tinyproxy, installed with apt-get when missing.
network-tools:
	@if ! command -v tinyproxy >/dev/null && [ ! -x /usr/bin/tinyproxy ]; then \
		echo "installing tinyproxy"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tinyproxy; \
	fi
