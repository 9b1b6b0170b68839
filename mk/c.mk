# C: libayr (ffi/), its header include/ayr.h, the C/C++ suite (plain, valgrind, ASan+UBSan),
# packaging (`make install PREFIX=...`) and the C example.
.PHONY: test-c test-c-tools test-c-suite test-c-install test-c-demo install demo-c

TEST_TARGETS += test-c
DEMO_TARGETS += demo-c

PREFIX ?= /usr/local
DESTDIR ?=
# The cargo profile `make install` builds: release, or dev for a quick debug install.
AYR_PROFILE ?= release
AYR_PROFILE_DIR = $(if $(filter dev,$(AYR_PROFILE)),debug,$(AYR_PROFILE))
AYR_VERSION = $(shell sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
# What a static libayr.a needs besides libc (`rustc --print native-static-libs`).
AYR_PRIVATE_LIBS := -lpthread -ldl -lm -lrt -lutil
C_STRICT := -std=c99 -Wall -Wextra -Werror -pedantic
C_TMP = $${CARGO_TARGET_DIR:-target}/tmp/c-suite
C_DEMO_DIR := target/c-demo

## Everything about libayr: the C/C++ suite plain, under valgrind and with ASan+UBSan (each case
## against a mock server checking every request, or against the scripted fault server of
## tests/faultserver for the fault, bad-input, secret-hygiene and concurrency programs, or
## against its TLS front and tinyproxy for the TLS, proxy, steady-state, fork, cancellation and
## logging programs), the header check, the OpenSSL signature fixtures, an install found through
## pkg-config, and the C example against the stand-in.
test-c: test-c-tools test-c-suite test-c-install test-c-demo

## valgrind, pkg-config, openssl and tinyproxy (the CONNECT proxy of the proxy cases),
## installed with apt-get when missing.
test-c-tools:
	@missing=""; \
	for tool in valgrind pkg-config openssl tinyproxy; do \
		command -v $$tool >/dev/null || missing="$$missing $$tool"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

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

## Installs (a dev build, to save a release compile) into a temporary prefix and builds a
## program against it with pkg-config, shared and static. The installed library must not export the test-only functions.
test-c-install: test-c-tools
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(MAKE) --no-print-directory install AYR_PROFILE=dev PREFIX="$$tmp/prefix"; \
	export PKG_CONFIG_PATH="$$tmp/prefix/lib/pkgconfig"; \
	echo "pkg-config --cflags --libs ayr: $$(pkg-config --cflags --libs ayr)"; \
	symbols=$$(nm -D --defined-only "$$tmp/prefix/lib/libayr.so"); \
	grep -q ' ayr_register_webhook$$' <<< "$$symbols"; \
	if grep -q ayr_testing <<< "$$symbols"; then \
		echo "the installed libayr exports ayr_testing_*" >&2; exit 1; \
	fi; \
	sig=$$(cat tests/c/fixtures/empty.hex.sig); \
	$(CC) $(C_STRICT) tests/c/installed.c -o "$$tmp/shared" $$(pkg-config --cflags --libs ayr) \
		-Wl,-rpath,"$$tmp/prefix/lib"; \
	"$$tmp/shared" "$$sig"; \
	deps=$$(ldd "$$tmp/shared"); \
	grep -q "libayr.so.* => $$tmp/prefix/lib/" <<< "$$deps"; \
	$(CC) $(C_STRICT) tests/c/installed.c -o "$$tmp/static" $$(pkg-config --cflags ayr) \
		"$$(pkg-config --variable=libdir ayr)/libayr.a" \
		$$(pkg-config --static --libs-only-l ayr | sed 's/-layr//'); \
	"$$tmp/static" "$$sig"; \
	deps=$$(ldd "$$tmp/static"); \
	if grep -q libayr <<< "$$deps"; then echo "the static program needs libayr.so" >&2; exit 1; fi

## The C example against the local stand-in (scripts/demo.sh, as `make demo` runs it).
test-c-demo:
	bash scripts/demo.sh demo-c

## Installs libayr under $(PREFIX) (default /usr/local; DESTDIR is honoured): lib/libayr.so
## (with its SONAME link), lib/libayr.a, include/ayr.h and lib/pkgconfig/ayr.pc. Then
## `cc app.c $$(pkg-config --cflags --libs ayr)` builds a program against it.
install:
	$(CARGO) build --locked --profile $(AYR_PROFILE) -p ayrshare-webhooks-ffi --lib
	@lib=$${CARGO_TARGET_DIR:-target}/$(AYR_PROFILE_DIR); \
	dest="$(DESTDIR)$(PREFIX)"; \
	soname=$$(objdump -p "$$lib/libayr.so" | awk '/SONAME/ { print $$2 }'); \
	[ -n "$$soname" ] || { echo "libayr.so has no SONAME" >&2; exit 1; }; \
	install -d "$$dest/lib/pkgconfig" "$$dest/include"; \
	install -m 755 "$$lib/libayr.so" "$$dest/lib/libayr.so.$(AYR_VERSION)"; \
	ln -sf "libayr.so.$(AYR_VERSION)" "$$dest/lib/$$soname"; \
	ln -sf "$$soname" "$$dest/lib/libayr.so"; \
	install -m 644 "$$lib/libayr.a" "$$dest/lib/libayr.a"; \
	install -m 644 include/ayr.h "$$dest/include/ayr.h"; \
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(AYR_VERSION)|' \
		-e 's|@PRIVATE_LIBS@|$(AYR_PRIVATE_LIBS)|' ffi/ayr.pc.in > "$$dest/lib/pkgconfig/ayr.pc"; \
	echo "installed libayr $(AYR_VERSION) ($$soname) under $$dest"

## The C example (ffi/examples/register.c), linked statically with libayr, against
## $$AYRSHARE_BASE_URL (set by scripts/demo.sh).
demo-c:
	$(CARGO) build --quiet --locked -p ayrshare-webhooks-ffi --lib
	@mkdir -p $(C_DEMO_DIR)
	$(CC) $(C_STRICT) -Iinclude ffi/examples/register.c -o $(C_DEMO_DIR)/register \
		$${CARGO_TARGET_DIR:-target}/debug/libayr.a $(AYR_PRIVATE_LIBS)
	$(C_DEMO_DIR)/register
