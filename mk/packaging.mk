# Packaging: every crate meant for crates.io passes `cargo publish --dry-run`, carries the
# licences and its own README, and its packaged tests pass (tests/packaging/crates.sh); and
# `make test` without root stops with one line when a system tool is missing. The wheel and
# sdist are checked by test-python (mk/python.mk), libayr's install by test-c (mk/c.mk).
.PHONY: test-packaging test-crates test-without-root

TEST_TARGETS += test-packaging

# The crates published on crates.io, one a line; every other workspace member has
# `publish = false` (the check fails otherwise).
PUBLISHED_CRATES :=
PUBLISHED_CRATES += ayrshare-webhooks
PUBLISHED_CRATES += ayrshare-webhooks-mock
PUBLISHED_CRATES += ayrshare-webhooks-cli

test-packaging: test-crates test-without-root

## cargo publish --dry-run of PUBLISHED_CRATES, their licences and READMEs, and the tests of
## each unpacked .crate, built in the workspace's target directory.
test-crates:
	bash tests/packaging/crates.sh $(PUBLISHED_CRATES)

## The tools target without root or without apt-get, with valgrind, pkg-config, openssl and
## cmake off PATH: one line naming the packages, no apt-get error.
test-without-root:
	bash tests/packaging/without-root.sh
