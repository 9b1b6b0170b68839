# C: libayr (ffi/), its header include/ayr.h, the C/C++ suite (plain, valgrind, ASan+UBSan),
# packaging (`make install PREFIX=...`, `make uninstall`) and the C example.
.PHONY: test-c test-c-tools test-c-suite test-c-install test-c-demo install uninstall demo-c

TEST_TARGETS += test-c
DEMO_TARGETS += demo-c

PREFIX ?= /usr/local
DESTDIR ?=
# The cargo profile `make install` builds: release, or dev for a quick debug install.
AYR_PROFILE ?= release
AYR_PROFILE_DIR = $(if $(filter dev,$(AYR_PROFILE)),debug,$(AYR_PROFILE))
# What a static libayr.a needs besides libc (`rustc --print native-static-libs`).
AYR_PRIVATE_LIBS = $(shell bash scripts/install-libayr.sh private-libs)
C_STRICT := -std=c99 -Wall -Wextra -Werror -pedantic
C_TMP = $${CARGO_TARGET_DIR:-target}/tmp/c-suite
C_DEMO_DIR := target/c-demo

## Everything about libayr: the C/C++ suite plain, under valgrind and with ASan+UBSan (each case
## against a mock server checking every request, or against the scripted fault server of
## tests/faultserver for the fault, bad-input, secret-hygiene and concurrency programs, or
## against its TLS front and tinyproxy for the TLS, proxy, steady-state, fork, cancellation and
## logging programs), the header check, the OpenSSL signature fixtures, an install found through
## pkg-config and CMake, and the C example against the mock of the API.
test-c: test-c-tools test-c-suite test-c-install test-c-demo

## valgrind, pkg-config, openssl, cmake and tinyproxy (the CONNECT proxy of the proxy cases),
## installed with apt-get when missing (as root); without root, one line naming the packages to
## install (scripts/need-tools.sh).
test-c-tools:
	@bash scripts/need-tools.sh valgrind pkg-config openssl cmake tinyproxy

## The suite in ffi/tests: header.rs (include/ayr.h is cbindgen's output) and c_suite.rs with
## its valgrind and sanitizer runs (#[ignore]d in a plain `cargo test`). A tool the suite needs
## (tinyproxy) is required here: missing, it fails the run instead of skipping cases.
test-c-suite: export AYRSHARE_REQUIRE_TOOLS := 1
test-c-suite: test-c-tools
	bash tests/c/fixtures/make-fixtures.sh --check
	rm -f $(C_TMP)/valgrind-summary.txt
	$(CARGO) test --locked -p ayrshare-webhooks-ffi --test header --test c_suite -- --include-ignored
	@summary=$(C_TMP)/valgrind-summary.txt; \
	awk '{ runs++; errors += $$(NF-9); definitely += $$(NF-7); indirectly += $$(NF-3) } \
		END { printf "valgrind: %d runs of the C/C++ suite, %d errors, %d bytes definitely lost, %d bytes indirectly lost\n", runs, errors, definitely, indirectly }' "$$summary"
	@# The compiled programs (statically linked sanitizer builds among them) are kept when a case
	@# fails, for debugging; after a passing run they only take disk the later suites need.
	find $(C_TMP) -mindepth 1 -maxdepth 1 -type d -exec rm -rf {} +

## Installs a dev build (to save a release compile) into a temporary prefix with `make install`
## and checks what a user gets (tests/packaging/libayr.sh): the files, the stripped libayr.so
## exporting only ayr_* functions, each versioned; programs built with pkg-config (shared and
## static) and with CMake's find_package(ayr) (ayr::ayr, ayr::ayr_static, C and C++ with
## ayr.hpp) that run, the example against the mock of the API; ldconfig run or asked for; and
## `make uninstall` leaving nothing behind.
test-c-install: test-c-tools
	bash tests/packaging/libayr.sh

## The C example against the mock of the API (scripts/demo.sh, as `make demo` runs it), with
## proxy variables pointing nowhere set, as a corporate shell may have them: the loopback mock
## is reached directly.
test-c-demo:
	HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 ALL_PROXY=socks5://127.0.0.1:9 \
		bash scripts/demo.sh demo-c

## Installs libayr under $(PREFIX) (default /usr/local; DESTDIR is honoured): lib/libayr.so
## (versioned symbols, stripped, with its SONAME link), lib/libayr.a, include/ayr.h and ayr.hpp,
## lib/pkgconfig/ayr.pc and lib/cmake/ayr (scripts/install-libayr.sh). Into a system library
## directory it runs ldconfig as root, and otherwise prints the one command to run.
install:
	$(CARGO) build --locked --profile $(AYR_PROFILE) -p ayrshare-webhooks-ffi --lib
	@bash scripts/install-libayr.sh install "$${CARGO_TARGET_DIR:-target}/$(AYR_PROFILE_DIR)" \
		"$(PREFIX)" "$(DESTDIR)"

## Removes what `make install` put under $(PREFIX) (and DESTDIR).
uninstall:
	@bash scripts/install-libayr.sh uninstall "$(PREFIX)" "$(DESTDIR)"

## The C example (ffi/examples/register.c), linked statically with libayr, against
## $$AYRSHARE_BASE_URL (set by scripts/demo.sh).
demo-c:
	$(CARGO) build --quiet --locked -p ayrshare-webhooks-ffi --lib
	@mkdir -p $(C_DEMO_DIR)
	$(CC) $(C_STRICT) -Iinclude ffi/examples/register.c -o $(C_DEMO_DIR)/register \
		$${CARGO_TARGET_DIR:-target}/debug/libayr.a $(AYR_PRIVATE_LIBS)
	$(C_DEMO_DIR)/register
