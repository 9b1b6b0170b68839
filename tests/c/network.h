/*
 * Helpers of the C programs that test the production network path and libayr inside real
 * programs (test_tls.c, test_proxies.c, test_steady_state.c, test_fork.c, test_cancel.c,
 * test_logging.c): builders of clients for the harness's servers, text checks, a sleep, and
 * the count of the process's threads.
 *
 * Include it first (it includes fault.h, which asks for POSIX before any system header). The
 * harness (ffi/tests/harness/production.rs) starts the servers, passes what a case needs in
 * AYR_TEST_* variables and asserts, after the program exits, the requests, TLS handshakes and
 * proxy CONNECTs each server saw.
 */
#ifndef AYR_TEST_NETWORK_H
#define AYR_TEST_NETWORK_H

#include "fault.h"

#include <dirent.h>

/* The API key of these programs' clients (API_KEY in production.rs). */
#define NET_API_KEY "net-test-api-key-5c1e"

/*
 * The attempt timeout of calls that must succeed: generous (a TLS handshake under valgrind
 * takes a good part of a second), since it is never waited out.
 */
static inline uint64_t success_timeout_ms(void) { return under_valgrind() ? 30000 : 10000; }

/* A builder of a client of `base_url` with the test key, `timeout_ms` and `max_retries`. */
static inline ayr_client_builder *net_builder(const char *base_url, uint64_t timeout_ms,
                                              uint32_t max_retries) {
    ayr_client_builder *builder = ayr_client_builder_new(NET_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, base_url), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(builder, timeout_ms), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(builder, timeout_ms), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_max_retries(builder, max_retries), AYR_OK);
    return builder;
}

/* Builds `builder`, which must succeed. */
static inline ayr_client *net_build(ayr_client_builder *builder) {
    ayr_client *client = NULL;
    ayr_error *err = NULL;
    if (ayr_client_builder_build(builder, &client, &err) != AYR_OK)
        FAIL("building a client: %s (field %s)", ayr_error_message(err),
             ayr_error_field(err) ? ayr_error_field(err) : "-");
    CHECK(client != NULL);
    return client;
}

/*
 * A client of the case's TLS server (AYR_TEST_BASE_URL) trusting its CA (AYR_TEST_CA_BUNDLE),
 * with `proxy` ("" for none) and `max_retries`.
 */
static inline ayr_client *tls_client(const char *proxy, uint32_t max_retries) {
    ayr_client_builder *builder =
        net_builder(required_env("AYR_TEST_BASE_URL"), success_timeout_ms(), max_retries);
    CHECK_RESULT(ayr_client_builder_set_ca_bundle(builder, required_env("AYR_TEST_CA_BUNDLE")),
                 AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_proxy(builder, proxy), AYR_OK);
    return net_build(builder);
}

/* A listing that must succeed with the fault server's two webhooks. */
static inline void list_ok(const ayr_client *client) {
    ayr_webhook_list *list = NULL;
    ayr_error *err = NULL;
    ayr_result r = ayr_list_webhooks(client, NULL, &list, &err);
    if (r != AYR_OK) FAIL("listing failed: %s: %s", ayr_result_name(r), ayr_error_message(err));
    CHECK(ayr_webhook_list_len(list) == 2);
    ayr_webhook_list_free(list);
}

/* A listing that must fail with `expected`; returns its error (the caller frees it). */
static inline ayr_error *list_fails(const ayr_client *client, ayr_result expected) {
    ayr_webhook_list *list = UNTOUCHED(ayr_webhook_list);
    ayr_error *err = NULL;
    ayr_result r = ayr_list_webhooks(client, NULL, &list, &err);
    if (r != expected)
        FAIL("listing gave %s (%s), expected %s", ayr_result_name(r),
             err ? ayr_error_message(err) : "no error", ayr_result_name(expected));
    CHECK(err != NULL && ayr_error_result(err) == expected);
    CHECK(list == UNTOUCHED(ayr_webhook_list));
    return err;
}

/* Fails unless `text` contains `piece`. */
#define CHECK_CONTAINS(text, piece)                                                            \
    do {                                                                                       \
        const char *text_ = (text);                                                            \
        if (text_ == NULL || strstr(text_, (piece)) == NULL)                                   \
            FAIL("\"%s\" does not contain \"%s\"", text_ ? text_ : "(NULL)", (piece));         \
    } while (0)

/* Fails if `text` contains `piece`. */
#define CHECK_LACKS(text, piece)                                                               \
    do {                                                                                       \
        const char *text_ = (text);                                                            \
        if (text_ != NULL && strstr(text_, (piece)) != NULL)                                   \
            FAIL("\"%s\" contains \"%s\"", text_, (piece));                                    \
    } while (0)

/* Sleeps `ms` milliseconds (through signals). */
static inline void sleep_ms(long ms) {
    struct timespec left;
    left.tv_sec = ms / 1000;
    left.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&left, &left) != 0) {
    }
}

/* The threads of this process now: the entries of /proc/self/task. */
static inline int live_threads(void) {
    int count = 0;
    struct dirent *entry;
    DIR *dir = opendir("/proc/self/task");
    if (dir == NULL) FAIL("cannot open /proc/self/task");
    while ((entry = readdir(dir)) != NULL)
        if (entry->d_name[0] != '.') count++;
    closedir(dir);
    return count;
}

#endif /* AYR_TEST_NETWORK_H */
