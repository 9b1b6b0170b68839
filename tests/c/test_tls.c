/*
 * HTTPS against the harness's TLS fault servers (certificates for `localhost` from a CA made
 * at test time): trust through ayr_client_builder_set_ca_bundle, the system store and
 * AYRSHARE_CA_BUNDLE; untrusted certificates fail at once with AYR_ERR_TLS. The harness
 * asserts each server's requests, completed handshakes and TLS connections.
 */
#include "network.h"

/* 20 calls on one client: all succeed, over one TLS session (the harness counts 1 handshake). */
static void ca_bundle_twenty_calls_one_handshake(void) {
    ayr_client *client = tls_client("", 2);
    int i;
    CHECK_PREFIX(required_env("AYR_TEST_BASE_URL"), "https://localhost:");
    for (i = 0; i < 20; i++) list_ok(client);
    ayr_client_free(client);
}

/*
 * Without a trust setting the bundled Mozilla roots refuse the test CA, SSL_CERT_FILE or not;
 * ayr_client_builder_use_system_roots reads the store SSL_CERT_FILE names (the harness's
 * private copy of the system bundle plus the test CA) and trusts it.
 */
static void system_roots(void) {
    const char *base_url = required_env("AYR_TEST_BASE_URL");
    ayr_client_builder *builder;
    ayr_client *client;
    ayr_error *err;

    client = net_build(net_builder(base_url, success_timeout_ms(), 2));
    err = list_fails(client, AYR_ERR_TLS);
    CHECK_CONTAINS(ayr_error_message(err), "unknown issuer");
    ayr_error_free(err);
    ayr_client_free(client);

    builder = net_builder(base_url, success_timeout_ms(), 2);
    CHECK_RESULT(ayr_client_builder_use_system_roots(builder), AYR_OK);
    client = net_build(builder);
    list_ok(client);
    ayr_client_free(client);
}

/* What the message of each kind of untrusted certificate must say (as the Rust suite). */
static const char *untrusted_reason(const char *kind) {
    if (strcmp(kind, "unknown-issuer") == 0) return "unknown issuer";
    if (strcmp(kind, "expired") == 0) return "expired";
    if (strcmp(kind, "wrong-host") == 0) return "not valid for the host name localhost";
    if (strcmp(kind, "ca-as-leaf") == 0) return "not a server's";
    FAIL("unknown certificate kind %s", kind);
}

/*
 * Each untrusted certificate (AYR_TEST_SERVERS: `<kind> <base URL> <CA file>` lines) ends the
 * call with AYR_ERR_TLS after one attempt although two retries are allowed (the harness counts
 * one TLS connection and no request), naming `localhost:PORT`, the reason, and for an unknown
 * issuer the settings that fix it.
 */
static void untrusted_certificates(void) {
    const char *servers = required_env("AYR_TEST_SERVERS");
    char kind[32], base_url[128], ca_file[1024], authority[64];
    int consumed, tested = 0;
    while (sscanf(servers, "%31s %127s %1023s%n", kind, base_url, ca_file, &consumed) == 3) {
        ayr_client_builder *builder = net_builder(base_url, success_timeout_ms(), 2);
        ayr_client *client;
        ayr_error *err;
        const char *message;
        servers += consumed;
        CHECK_PREFIX(base_url, "https://localhost:");
        snprintf(authority, sizeof authority, "%.*s", (int)(strlen(base_url) - strlen("https://")
                                                            - strlen("/api")),
                 base_url + strlen("https://"));
        CHECK_RESULT(ayr_client_builder_set_ca_bundle(builder, ca_file), AYR_OK);
        CHECK_RESULT(ayr_client_builder_set_proxy(builder, ""), AYR_OK);
        client = net_build(builder);
        err = list_fails(client, AYR_ERR_TLS);
        message = ayr_error_message(err);
        printf("%s: %s\n", kind, message);
        CHECK_CONTAINS(message, authority);
        CHECK_CONTAINS(message, untrusted_reason(kind));
        if (strcmp(kind, "unknown-issuer") == 0) {
            CHECK_CONTAINS(message, "ca_bundle");
            CHECK_CONTAINS(message, "system_roots");
        }
        CHECK(!ayr_error_is_retryable(err));
        CHECK(ayr_error_http_status(err) == 0);
        CHECK(ayr_error_field(err) == NULL);
        ayr_error_free(err);
        ayr_client_free(client);
        tested++;
    }
    CHECK(tested == 4);
}

/*
 * ayr_client_from_env trusts AYRSHARE_CA_BUNDLE (set by the harness); a bundle that cannot be
 * read is AYR_ERR_INVALID_ARGUMENT naming `ca_bundle`.
 */
static void from_env_ca_bundle(void) {
    ayr_client *client = NULL;
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_client_from_env(&client, &err), AYR_OK);
    list_ok(client);
    ayr_client_free(client);

    client = UNTOUCHED(ayr_client);
    CHECK(setenv("AYRSHARE_CA_BUNDLE", "/nonexistent/ayr-test-ca.pem", 1) == 0);
    CHECK_RESULT(ayr_client_from_env(&client, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK(client == UNTOUCHED(ayr_client));
    CHECK_STR(ayr_error_field(err), "ca_bundle");
    CHECK_CONTAINS(ayr_error_message(err), "(no request was sent)");
    ayr_error_free(err);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"ca_bundle_twenty_calls_one_handshake", ca_bundle_twenty_calls_one_handshake},
        {"system_roots", system_roots},
        {"untrusted_certificates", untrusted_certificates},
        {"from_env_ca_bundle", from_env_ca_bundle},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
