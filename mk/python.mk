# Python: the `ayrshare-webhooks` wheel (python/), built by maturin, installed into the
# repository's .venv, and tested there with pytest, mypy --strict and stubtest.
.PHONY: venv wheel sdist test-wheel test-python test-python-packaging demo-python

TEST_TARGETS += test-python
DEMO_TARGETS += demo-python

PYTHON ?= python3
VENV := .venv
VENV_PY := $(VENV)/bin/python
PY_REQUIREMENTS := python/requirements-dev.txt
WHEEL_DIR := target/wheels
# Tests run from here, so the source tree's python/ayrshare_webhooks cannot shadow the wheel.
PY_TEST_DIR := tests/python

## The build and test tools (pinned in python/requirements-dev.txt) in .venv, reinstalled when
## the pins change; a broken .venv is recreated.
venv: $(VENV)/.requirements-installed

$(VENV)/.requirements-installed: $(PY_REQUIREMENTS)
	@if ! $(VENV_PY) -c 'import sys' >/dev/null 2>&1; then \
		rm -rf $(VENV); \
		$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && \
			$(PYTHON) -m pip install --quiet --user virtualenv && \
			$(PYTHON) -m virtualenv --quiet $(VENV); }; \
	fi
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check -r $(PY_REQUIREMENTS)
	touch $@

# What users install: the abi3 wheel for CPython >= 3.10, tagged manylinux2014 (x86_64 Linux
# with glibc >= 2.17), linked by zig (the `ziglang` package in .venv) against glibc 2.17's
# symbols. maturin finds zig through `python -m ziglang`, hence .venv/bin first on PATH.
MATURIN := PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/maturin
MATURIN_WHEEL := $(MATURIN) build --locked -m python/Cargo.toml -i $(VENV_PY) \
	--zig --compatibility manylinux2014
# The release wheel and sdist (README: `make wheel`, `make sdist`) go to WHEEL_DIR; the test
# suite's wheel, the same build in the dev profile (a minute less to compile), and its sdist go
# to TEST_WHEEL_DIR, so an install line for WHEEL_DIR never matches a test build.
TEST_WHEEL_DIR := target/test-wheels
WHEEL_GLOB := ayrshare_webhooks-*-cp310-abi3-manylinux*.whl

## Builds the release wheel into target/wheels (removing older ones) and installs it into .venv.
wheel: venv
	rm -f $(WHEEL_DIR)/ayrshare_webhooks-*.whl
	$(MATURIN_WHEEL) --release --out $(WHEEL_DIR)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --force-reinstall \
		--no-deps $(WHEEL_DIR)/$(WHEEL_GLOB)
	@ls -l $(WHEEL_DIR)/$(WHEEL_GLOB)

## Builds the source distribution into target/wheels (for platforms the wheel does not cover).
sdist: venv
	rm -f $(WHEEL_DIR)/ayrshare_webhooks-*.tar.gz
	$(MATURIN) sdist -m python/Cargo.toml --out $(WHEEL_DIR)

## The test suite's wheel: the release build's packaging and tags in the dev profile, into
## target/test-wheels, installed into .venv.
test-wheel: venv
	rm -f $(TEST_WHEEL_DIR)/ayrshare_webhooks-*.whl
	$(MATURIN_WHEEL) --profile dev --out $(TEST_WHEEL_DIR)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --force-reinstall \
		--no-deps $(TEST_WHEEL_DIR)/$(WHEEL_GLOB)

## pytest against the installed test wheel (no test found is a failure: pytest exits 5), with
## the fault server built first (mk/faults.mk exports its path as AYRSHARE_FAULTSERVER),
## tinyproxy for the proxy tests, and libayr (dev build) for the cross-language signing tests;
## then mypy --strict on the typed usage example, the demo, the receivers, the tests and the
## install check, then stubtest; then what a user installs: the wheel's tag, licences and fresh
## installs, and the sdist built from source.
test-python: test-wheel faultserver network-tools
	$(CARGO) build --locked -p ayrshare-webhooks-ffi --lib
	cd $(PY_TEST_DIR) && AYRSHARE_LIBAYR=$(CURDIR)/target/debug/libayr.so \
		../../$(VENV_PY) -m pytest -p no:cacheprovider
	cd $(PY_TEST_DIR) && MYPYPATH=../../python/examples/receivers ../../$(VENV_PY) -m mypy \
		--strict --cache-dir=/dev/null . ../../python/examples/demo.py \
		../../python/examples/receivers ../packaging/installed_package.py
	cd $(PY_TEST_DIR) && ../../$(VENV_PY) -m mypy.stubtest \
		ayrshare_webhooks
	$(MAKE) --no-print-directory test-python-packaging

## The wheel (auditwheel's tag, the licences, installs under the oldest and newest CPython >= 3.10
## of the machine, the README's install lines) and the sdist (licences, a build and install in a
## fresh virtualenv, reusing the compiled dependencies of target/).
test-python-packaging: venv
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash tests/packaging/wheel.sh \
		$(TEST_WHEEL_DIR)/$(WHEEL_GLOB) $(WHEEL_DIR) $(WHEEL_GLOB)
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash tests/packaging/sdist.sh $(TEST_WHEEL_DIR)

## The Python example, against $$AYRSHARE_BASE_URL (set by scripts/demo.sh).
demo-python: wheel
	$(VENV_PY) python/examples/demo.py
