# Python: the `ayrshare-webhooks` wheel (python/), built by maturin, installed into the
# repository's .venv, and tested there with pytest, mypy --strict and stubtest.
.PHONY: venv wheel test-python demo-python

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

# The cargo profile of the wheel: release for users, the demo and the bench; the test suite
# builds a dev wheel (same files, same packaging, a minute less to compile).
WHEEL_PROFILE ?= release

## Builds the abi3 wheel into target/wheels and installs that file into .venv.
wheel: venv
	rm -f $(WHEEL_DIR)/ayrshare_webhooks-*.whl
	$(VENV)/bin/maturin build --profile $(WHEEL_PROFILE) --locked -m python/Cargo.toml \
		--out $(WHEEL_DIR) -i $(VENV_PY)
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check --force-reinstall \
		--no-deps $(WHEEL_DIR)/ayrshare_webhooks-*.whl
	@ls -l $(WHEEL_DIR)/ayrshare_webhooks-*.whl

## pytest against the installed wheel (no test found is a failure: pytest exits 5), with the
## fault server built first (mk/faults.mk exports its path as AYRSHARE_FAULTSERVER) and libayr
## (dev build, as `make install AYR_PROFILE=dev` makes it) for the cross-language signing
## tests, then mypy --strict on the typed usage example, the demo, the receivers and the tests,
## then stubtest.
test-python: WHEEL_PROFILE := dev
test-python: wheel faultserver network-tools
	$(CARGO) build --locked -p ayrshare-webhooks-ffi --lib
	cd $(PY_TEST_DIR) && AYRSHARE_LIBAYR=$(CURDIR)/target/debug/libayr.so \
		../../$(VENV_PY) -m pytest -p no:cacheprovider
	cd $(PY_TEST_DIR) && MYPYPATH=../../python/examples/receivers ../../$(VENV_PY) -m mypy \
		--strict --cache-dir=/dev/null . ../../python/examples/demo.py \
		../../python/examples/receivers
	cd $(PY_TEST_DIR) && ../../$(VENV_PY) -m mypy.stubtest \
		ayrshare_webhooks

## The Python example, against $$AYRSHARE_BASE_URL (set by scripts/demo.sh).
demo-python: wheel
	$(VENV_PY) python/examples/demo.py
