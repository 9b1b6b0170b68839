/*
 * Proxies through a real CONNECT proxy (Debian's tinyproxy, started by the harness) in front
 * of a TLS fault server: set in code, from HTTPS_PROXY, exempted by NO_PROXY, with
 * credentials, refused (407, 403) once, and SOCKS refused rather than bypassed. The harness
 * counts the CONNECTs each proxy logged and the requests and handshakes of the server.
 */
#include "network.h"

/* `http://[user:password@]AUTHORITY` in `buf`. */
static const char *proxy_url(char *buf, size_t size, const char *credentials,
                             const char *authority) {
    int n = snprintf(buf, size, "http://%s%s%s", credentials ? credentials : "",
                     credentials ? "@" : "", authority);
    CHECK(n > 0 && (size_t)n < size);
    return buf;
}

/*
 * Checks a refused tunnel: AYR_ERR_PROXY with the proxy's `status` (or 401 when `status` is
 * 0: tinyproxy answers wrong credentials with 401 or 407), not retryable, naming the proxy by
 * `authority`; then frees it.
 */
static void check_refusal(ayr_error *err, uint16_t status, const char *authority) {
    uint16_t got = ayr_error_http_status(err);
    printf("refused by %s: %s\n", authority, ayr_error_message(err));
    CHECK_RESULT(ayr_error_result(err), AYR_ERR_PROXY);
    if (status != 0) {
        CHECK(got == status);
    } else {
        CHECK(got == 401 || got == 407);
    }
    CHECK(!ayr_error_is_retryable(err));
    CHECK(ayr_error_field(err) == NULL);
    CHECK_CONTAINS(ayr_error_message(err), authority);
    ayr_error_free(err);
}

/* Three calls through one tunnel set in code (1 CONNECT, 1 handshake), then "" goes direct. */
static void set_in_code(void) {
    char url[128];
    ayr_client *client =
        tls_client(proxy_url(url, sizeof url, NULL, required_env("AYR_TEST_PROXY")), 2);
    int i;
    for (i = 0; i < 3; i++) list_ok(client);
    ayr_client_free(client);
    client = tls_client("", 2);
    list_ok(client);
    ayr_client_free(client);
}

/* A client of the TLS server trusting its CA, leaving the proxy to the environment. */
static ayr_client *client_with_environment_proxy(void) {
    ayr_client_builder *builder =
        net_builder(required_env("AYR_TEST_BASE_URL"), success_timeout_ms(), 2);
    CHECK_RESULT(ayr_client_builder_set_ca_bundle(builder, required_env("AYR_TEST_CA_BUNDLE")),
                 AYR_OK);
    return net_build(builder);
}

/* HTTPS_PROXY (set by the harness) is used: the proxy sees one CONNECT. */
static void https_proxy_from_env(void) {
    ayr_client *client = client_with_environment_proxy();
    CHECK(getenv("HTTPS_PROXY") != NULL);
    list_ok(client);
    ayr_client_free(client);
}

/* NO_PROXY lists localhost: a builder's client and from_env's go direct (no CONNECT). */
static void no_proxy_from_env(void) {
    ayr_client *client = client_with_environment_proxy();
    ayr_error *err = NULL;
    CHECK(getenv("HTTPS_PROXY") != NULL && getenv("NO_PROXY") != NULL);
    list_ok(client);
    ayr_client_free(client);
    client = NULL;
    CHECK_RESULT(ayr_client_from_env(&client, &err), AYR_OK);
    list_ok(client);
    ayr_client_free(client);
}

/* What the log callback of the credentials case saw. */
struct log_scan {
    const char *secrets[3];
    int records;
    int leaks;
};

static void scan_record(ayr_log_level level, const char *target, const char *message,
                        void *userdata) {
    struct log_scan *scan = (struct log_scan *)userdata;
    size_t i;
    (void)level;
    scan->records++;
    for (i = 0; i < 3; i++)
        if (strstr(message, scan->secrets[i]) != NULL || strstr(target, scan->secrets[i]) != NULL)
            scan->leaks++;
}

/*
 * The right credentials tunnel (one call); wrong ones are refused (the second CONNECT); a dead
 * proxy with credentials is a connection error. No message and no log record (at the most
 * detailed level) holds the user or a password.
 */
static void credentials(void) {
    const char *proxy = required_env("AYR_TEST_PROXY");
    const char *user = required_env("AYR_TEST_PROXY_USER");
    const char *password = required_env("AYR_TEST_PROXY_PASSWORD");
    const char *wrong_password = "wrong-pa55word-0b9a";
    char credentials[128], url[256], dead[64];
    ayr_client *client;
    ayr_error *err;
    struct log_scan scan = {{NULL, NULL, NULL}, 0, 0};

    scan.secrets[0] = user;
    scan.secrets[1] = password;
    scan.secrets[2] = wrong_password;
    ayr_set_log_callback(AYR_LOG_TRACE, scan_record, &scan);
    snprintf(credentials, sizeof credentials, "%s:%s", user, password);
    client = tls_client(proxy_url(url, sizeof url, credentials, proxy), 2);
    list_ok(client);
    ayr_client_free(client);

    snprintf(credentials, sizeof credentials, "%s:%s", user, wrong_password);
    client = tls_client(proxy_url(url, sizeof url, credentials, proxy), 2);
    err = list_fails(client, AYR_ERR_PROXY);
    CHECK_LACKS(ayr_error_message(err), user);
    CHECK_LACKS(ayr_error_message(err), wrong_password);
    CHECK_LACKS(ayr_error_message(err), password);
    check_refusal(err, 0, proxy);
    ayr_client_free(client);

    snprintf(credentials, sizeof credentials, "%s:%s", user, password);
    snprintf(dead, sizeof dead, "127.0.0.1:%s", required_env("AYR_TEST_CLOSED_PORT"));
    client = tls_client(proxy_url(url, sizeof url, credentials, dead), 0);
    err = list_fails(client, AYR_ERR_CONNECTION);
    printf("dead proxy: %s\n", ayr_error_message(err));
    CHECK_CONTAINS(ayr_error_message(err), "cannot reach the proxy");
    CHECK_CONTAINS(ayr_error_message(err), dead);
    CHECK_LACKS(ayr_error_message(err), user);
    CHECK_LACKS(ayr_error_message(err), password);
    ayr_error_free(err);
    ayr_client_free(client);

    ayr_set_log_callback(AYR_LOG_OFF, NULL, NULL);
    printf("%d log records, %d holding a credential\n", scan.records, scan.leaks);
    /* One per attempt: the success, the refusal, the dead proxy. */
    CHECK(scan.records == 3);
    CHECK(scan.leaks == 0);
}

/*
 * A CONNECT without the proxy's credentials (407) and one to a port the proxy does not allow
 * (403): each AYR_ERR_PROXY with the status, after one CONNECT although two retries are
 * allowed (the harness counts one per proxy, and no connection to the server).
 */
static void refused_connect(void) {
    const char *guarded = required_env("AYR_TEST_GUARDED_PROXY");
    const char *strict = required_env("AYR_TEST_STRICT_PROXY");
    char url[128];
    ayr_client *client;

    client = tls_client(proxy_url(url, sizeof url, NULL, guarded), 2);
    check_refusal(list_fails(client, AYR_ERR_PROXY), 407, guarded);
    ayr_client_free(client);

    client = tls_client(proxy_url(url, sizeof url, NULL, strict), 2);
    check_refusal(list_fails(client, AYR_ERR_PROXY), 403, strict);
    ayr_client_free(client);
}

/*
 * A build that must have failed with AYR_ERR_INVALID_ARGUMENT naming `proxy`, its message
 * naming where the proxy came from and not its password. The error is passed by address (the
 * call that fills it is an argument of this one); it is freed and the slot reset.
 */
static void check_proxy_refused(ayr_result r, ayr_error **slot, const char *origin) {
    ayr_error *err = *slot;
    *slot = NULL;
    CHECK_RESULT(r, AYR_ERR_INVALID_ARGUMENT);
    CHECK(err != NULL);
    printf("%s\n", ayr_error_message(err));
    CHECK_STR(ayr_error_field(err), "proxy");
    CHECK_CONTAINS(ayr_error_message(err), origin);
    CHECK_CONTAINS(ayr_error_message(err), "(no request was sent)");
    CHECK_LACKS(ayr_error_message(err), "socks-secret");
    ayr_error_free(err);
}

/*
 * ALL_PROXY (set by the harness) names a SOCKS proxy with credentials: a builder's client and
 * from_env's are refused when built, as is a SOCKS proxy set in code; nothing connects to the
 * server or to the "proxy" (the harness counts no connection to either). An explicit ""
 * ignores the environment.
 */
static void socks_never_bypassed(void) {
    ayr_client *client = UNTOUCHED(ayr_client);
    ayr_error *err = NULL;
    ayr_client_builder *builder;
    char url[128];

    CHECK_PREFIX(getenv("ALL_PROXY"), "socks5://");
    builder = net_builder(required_env("AYR_TEST_BASE_URL"), success_timeout_ms(), 2);
    check_proxy_refused(ayr_client_builder_build(builder, &client, &err), &err, "ALL_PROXY");
    check_proxy_refused(ayr_client_from_env(&client, &err), &err, "ALL_PROXY");

    snprintf(url, sizeof url, "socks5h://%s", required_env("AYR_TEST_SOCKS"));
    builder = net_builder(required_env("AYR_TEST_BASE_URL"), success_timeout_ms(), 2);
    CHECK_RESULT(ayr_client_builder_set_proxy(builder, url), AYR_OK);
    check_proxy_refused(ayr_client_builder_build(builder, &client, &err), &err,
                        "the proxy setting");
    CHECK(client == UNTOUCHED(ayr_client));

    builder = net_builder(required_env("AYR_TEST_BASE_URL"), success_timeout_ms(), 2);
    CHECK_RESULT(ayr_client_builder_set_proxy(builder, ""), AYR_OK);
    ayr_client_free(net_build(builder));
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"set_in_code", set_in_code},
        {"https_proxy_from_env", https_proxy_from_env},
        {"no_proxy_from_env", no_proxy_from_env},
        {"credentials", credentials},
        {"refused_connect", refused_connect},
        {"socks_never_bypassed", socks_never_bypassed},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
