# The READMEs run as written: every fenced code block of README.md, the language READMEs,
# bench/README.md and docs/*.md, extracted and run against a freshly started mock of the API
# (scripts/readme_blocks.py: how each kind of block runs, the fence rule, what is skipped).
.PHONY: test-readme

TEST_TARGETS += test-readme

README_FILES = README.md core/README.md ffi/README.md python/README.md cli/README.md \
	mock/README.md bench/README.md $(sort $(wildcard docs/*.md))

## Runs every README's code blocks: Rust blocks built in one cargo build against the core, C
## and C++ against include/ and the debug libayr, Python with the test wheel in .venv, shell
## with the CLI on PATH; a failing block fails the target, naming its file and line.
test-readme: test-wheel
	$(CARGO) build --quiet --locked -p ayrshare-webhooks-cli -p ayrshare-webhooks-mock \
		-p ayrshare-webhooks-ffi
	$(PYTHON) scripts/readme_blocks.py --python $(VENV_PY) \
		--bin-dir $${CARGO_TARGET_DIR:-target}/debug --lib-dir $${CARGO_TARGET_DIR:-target}/debug \
		$(README_FILES)
