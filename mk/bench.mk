# Benchmarks: `make bench` runs every front end of the SDK (Rust core, C, Python), Ayrshare's
# official Python SDK, a requests.Session baseline and a floor against one local keep-alive
# server, over HTTPS (TLS 1.3 to `localhost`, the production path) and over plain HTTP; times
# cold calls (a new process each) of the core against curl; and writes bench/results.md,
# bench/results.json and bench/results.png.
# Not part of `make test` (deliberately not in TEST_TARGETS). See bench/README.md.
.PHONY: bench bench-build bench-venv bench-tools

BENCH_N ?= 10000
BENCH_ROUNDS ?= 10
BENCH_WARMUP ?= 1000
# The two Python clients that take milliseconds per call make fewer calls.
BENCH_SLOW_N ?= 1000
BENCH_SLOW_WARMUP ?= 100
BENCH_COLD_RUNS ?= 200
# The CPU the whole run is pinned to (`none`: not pinned); see bench/README.md.
BENCH_CPU ?= 0
BENCH_PYTHON ?= python3
BENCH_VENV := .bench-venv
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_TARGET := $(or $(CARGO_TARGET_DIR),target)
BENCH_OUT := $(BENCH_TARGET)/release/bench
BENCH_C_DRIVER := $(BENCH_OUT)/bench_register
BENCH_PREFIX := $(abspath $(BENCH_OUT)/libayr)
BENCH_CFLAGS := -std=c99 -O2 -Wall -Wextra -Werror -pedantic

## Builds what it needs (release), measures, and writes bench/results.{md,json,png}. The numbers
## are only worth keeping from a quiet machine.
bench: bench-build bench-venv bench-tools
	$(BENCH_TARGET)/release/ayrshare-bench run --n $(BENCH_N) --warmup $(BENCH_WARMUP) --rounds $(BENCH_ROUNDS) \
		--slow-n $(BENCH_SLOW_N) --slow-warmup $(BENCH_SLOW_WARMUP) --cold-runs $(BENCH_COLD_RUNS) --cpu $(BENCH_CPU) \
		--python $(BENCH_PY) --c-driver $(BENCH_C_DRIVER) --lib-dir $(BENCH_TARGET)/release \
		--wheel "$$(ls $(WHEEL_DIR)/$(WHEEL_GLOB))" --out-dir bench \
		--command "make bench"
	$(BENCH_PY) bench/chart.py bench/results.json bench/results.png

## curl, which the cold call is compared with, installed with apt-get when missing.
bench-tools:
	@command -v curl >/dev/null || { \
		echo "installing curl"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl; \
	}

## The release builds: the bench command; libayr (.so and .a) installed by the C target
## `install` into a private prefix; the C driver compiled with -O2 against that libayr.so.
bench-build:
	$(CARGO) build --release --locked -p ayrshare-bench
	$(MAKE) --no-print-directory install AYR_PROFILE=release PREFIX=$(BENCH_PREFIX) DESTDIR=
	$(CC) $(BENCH_CFLAGS) -I$(BENCH_PREFIX)/include bench/c/bench_register.c \
		-o $(BENCH_C_DRIVER) -L$(BENCH_PREFIX)/lib -layr -Wl,-rpath,$(BENCH_PREFIX)/lib

## The bench's own virtualenv: social-post-api, requests and matplotlib (pinned in
## bench/requirements.txt), and the wheel just built by the Python target `wheel`.
bench-venv: wheel
	@if ! $(BENCH_PY) -c 'import sys' >/dev/null 2>&1; then \
		rm -rf $(BENCH_VENV) && $(BENCH_PYTHON) -m venv $(BENCH_VENV); \
	fi
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(BENCH_PY) -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
		$(WHEEL_DIR)/$(WHEEL_GLOB)
