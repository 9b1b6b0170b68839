/*
 * Helpers of the C programs that run libayr against the scripted fault server of
 * tests/faultserver (test_faults.c, test_bad_inputs.c, test_hygiene.c, test_concurrency.c):
 * the run's mode, a monotonic clock and elapsed-time bounds, and clients with short timeouts.
 *
 * Include it first: it asks for POSIX (clock_gettime, setenv) before any system header.
 *
 * The harness (ffi/tests/harness/cases.rs) starts one FaultServer per case in the test
 * process, passes its API root as AYR_TEST_BASE_URL and the run's mode as AYR_TEST_MODE
 * (`plain`, `valgrind` or `sanitize`), and asserts the number of requests and connections the
 * server saw after the program exits.
 */
#ifndef AYR_TEST_FAULT_H
#define AYR_TEST_FAULT_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif

#include <time.h>

#include "check.h"

/* The API key of the fault programs' clients. */
#define FAULT_API_KEY "fault-test-api-key"
/* The per-attempt timeout of the fault cases, as in core/tests/faultkit. */
#define FAULT_TIMEOUT_MS 1000
/*
 * The total backoff of two retries: 0.5 s then 1 s at most, each drawn from the upper half of
 * that value (core/src/retry.rs), so 0.75 s at least.
 */
#define MAX_BACKOFF_TWO_RETRIES_MS 1500
#define MIN_BACKOFF_TWO_RETRIES_MS 750

/*
 * Slack added to every upper bound on elapsed time: 3 s for a loaded two-core machine (as the
 * Rust fault suite), 15 s under valgrind. Lower bounds are waits (timeouts, backoffs,
 * Retry-After), which valgrind does not stretch: no margin is ever taken off them.
 */
static inline double margin_ms(void) { return under_valgrind() ? 15000.0 : 3000.0; }

/*
 * The attempt timeout of the cases whose outcome is a timeout: 1 s, or 3 s under valgrind, where
 * a loaded machine may take a good part of a second just to connect and send the request,
 * which the server must have read for the exact count of requests.
 */
static inline uint64_t timeout_expected_ms(void) {
    return under_valgrind() ? 3 * FAULT_TIMEOUT_MS : FAULT_TIMEOUT_MS;
}

/*
 * The attempt timeout of the cases whose outcome is not a timeout: 1 s, or 10 s under
 * valgrind, where reading a 1 MiB answer alone may take longer than a second.
 */
static inline uint64_t no_timeout_expected_ms(void) {
    return under_valgrind() ? 10000 : FAULT_TIMEOUT_MS;
}

/* Milliseconds on the monotonic clock. */
static inline double now_ms(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) FAIL("clock_gettime failed");
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Prints the elapsed time (the harness shows `timing` lines) and checks min <= it <= max. */
static inline void check_elapsed(const char *what, double elapsed, double min, double max) {
    printf("timing %s: %.0f ms (bounds %.0f..%.0f ms)\n", what, elapsed, min, max);
    if (elapsed < min || elapsed > max)
        FAIL("%s took %.0f ms, expected between %.0f and %.0f ms", what, elapsed, min, max);
}

/*
 * A client of `base_url` with `api_key`, an optional client profile key, `timeout_ms` per
 * attempt and to connect, and `max_retries`.
 */
static inline ayr_client *fault_client_full(const char *api_key, const char *profile_key,
                                            const char *base_url, uint64_t timeout_ms,
                                            uint32_t max_retries) {
    ayr_client *client = NULL;
    ayr_error *err = NULL;
    ayr_client_builder *builder = ayr_client_builder_new(api_key);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, base_url), AYR_OK);
    if (profile_key != NULL)
        CHECK_RESULT(ayr_client_builder_set_profile_key(builder, profile_key), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(builder, timeout_ms), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(builder, timeout_ms), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_max_retries(builder, max_retries), AYR_OK);
    if (ayr_client_builder_build(builder, &client, &err) != AYR_OK)
        FAIL("building a client of %s: %s", base_url, ayr_error_message(err));
    CHECK(client != NULL);
    return client;
}

/* A client of the case's server (AYR_TEST_BASE_URL) with the fault API key. */
static inline ayr_client *fault_client(uint64_t timeout_ms, uint32_t max_retries) {
    return fault_client_full(FAULT_API_KEY, NULL, required_env("AYR_TEST_BASE_URL"), timeout_ms,
                             max_retries);
}

/* Whether `text` holds the `len` bytes at `piece` (a bounded strstr). */
static inline int contains_bytes(const char *text, const char *piece, size_t len) {
    size_t n;
    if (text == NULL) return 0;
    n = strlen(text);
    if (len == 0) return 1;
    for (; n >= len; text++, n--)
        if (memcmp(text, piece, len) == 0) return 1;
    return 0;
}

#endif /* AYR_TEST_FAULT_H */
