# Packaging for crates.io: every crate meant for it passes `cargo publish --dry-run`, carries
# the licences and its own README, and its packaged tests pass (tests/packaging/crates.sh).
# The wheel and sdist are checked by test-python (mk/python.mk), libayr's install by test-c.
.PHONY: test-crates

TEST_TARGETS += test-crates

# The crates published on crates.io, one a line; every other workspace member has
# `publish = false` (the check fails otherwise).
PUBLISHED_CRATES :=
PUBLISHED_CRATES += ayrshare-webhooks

## cargo publish --dry-run of PUBLISHED_CRATES, their licences and READMEs, and the tests of
## each unpacked .crate, built in the workspace's target directory.
test-crates:
	bash tests/packaging/crates.sh $(PUBLISHED_CRATES)
