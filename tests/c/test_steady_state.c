/*
 * The steady state of a client of a host name: after the first call (one name lookup, on a
 * thread of its own), 200 calls on the pooled connection make no name lookup and leave no new
 * thread, over plain HTTP to `http://localhost:PORT` and over HTTPS to `https://localhost:PORT`.
 * Lookups are counted by the test build's ayr_testing_name_lookups, threads in /proc/self/task;
 * the harness asserts one connection (one handshake) per server for all of them.
 */
#include "network.h"

#define POOLED_CALLS 200

/* Waits (up to 10 s) for the process to be back at `threads` threads; returns the count. */
static int settle_threads(int threads) {
    int waited;
    for (waited = 0; waited < 10000 && live_threads() > threads; waited += 10) sleep_ms(10);
    return live_threads();
}

/* One client of `base_url`: the first call looks the name up once; the next 200 do not. */
static void pooled(const char *base_url, const char *ca_bundle) {
    ayr_client_builder *builder = net_builder(base_url, success_timeout_ms(), 0);
    ayr_client *client;
    uint64_t lookups;
    int before, settled, after, i;

    if (ca_bundle != NULL)
        CHECK_RESULT(ayr_client_builder_set_ca_bundle(builder, ca_bundle), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_proxy(builder, ""), AYR_OK);
    client = net_build(builder);
    before = live_threads();
    lookups = ayr_testing_name_lookups();
    list_ok(client);
    CHECK(ayr_testing_name_lookups() == lookups + 1);
    /* The lookup's thread finishes and goes on its own; nothing else may stay. */
    settled = settle_threads(before);
    lookups = ayr_testing_name_lookups();
    for (i = 0; i < POOLED_CALLS; i++) list_ok(client);
    after = live_threads();
    printf("%s: threads %d before, %d after the first call, %d after %d more; "
           "%llu lookups in the %d calls\n",
           base_url, before, settled, after, POOLED_CALLS,
           (unsigned long long)(ayr_testing_name_lookups() - lookups), POOLED_CALLS);
    CHECK(settled == before);
    CHECK(ayr_testing_name_lookups() == lookups);
    CHECK(after == settled);
    ayr_client_free(client);
}

static void pooled_calls(void) {
    char url[64];
    uint64_t lookups;
    ayr_client *literal;

    snprintf(url, sizeof url, "http://localhost:%s/api", required_env("AYR_TEST_PLAIN_PORT"));
    pooled(url, NULL);
    pooled(required_env("AYR_TEST_BASE_URL"), required_env("AYR_TEST_CA_BUNDLE"));

    /* An IP-literal host is never looked up (the plain server's second connection). */
    snprintf(url, sizeof url, "http://127.0.0.1:%s/api", required_env("AYR_TEST_PLAIN_PORT"));
    literal = net_build(net_builder(url, success_timeout_ms(), 0));
    lookups = ayr_testing_name_lookups();
    list_ok(literal);
    CHECK(ayr_testing_name_lookups() == lookups);
    ayr_client_free(literal);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"pooled_calls", pooled_calls},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
