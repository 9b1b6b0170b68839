/*
 * Secret hygiene from C: with distinctive API key, profile key and secret values, every error
 * path reachable from C (invalid input of each field, every API error status, 429, timeout,
 * refused connection, answers that are not HTTP, decode errors from bodies that echo the
 * request, signature failures) and every string libayr returns is collected, and none of it
 * holds any of those values, nor any 8-byte piece of one.
 *
 * The harness (hygiene_* in ffi/tests/harness/faults.rs) starts one fault server per script
 * of the case (API_SCRIPTS, TRANSPORT_SCRIPTS below) and passes them as AYR_TEST_SERVERS, one
 * `<script> <base URL>` per line; it asserts each saw exactly one request per operation of
 * every_operation_fails. For inputs_values_and_signatures, AYR_TEST_BASE_URL is a server
 * answering 200 which must see only the two well-formed calls; AYR_TEST_CLOSED_URL is a port
 * where nothing listens.
 */
#include "fault.h"

#define HYG_API_KEY "CAk7Qw2Er9Ty4Ui6Op1As3Df"
#define HYG_PROFILE_KEY "CPk5Zx8Cv1Bn6Mq3Wj9Hg2Lr"
#define HYG_CALL_PROFILE_KEY "CCp3Vb7Nm1Kj5Hg9Fd2Sa4Qe"
/* Also in tests/c/fixtures/make-fixtures.sh, which signs delivery.json with it. */
#define HYG_SECRET "CSe8Rt4Yu1Io6Pl3Kj7Hg2Fd"
#define HYG_NEW_SECRET "CNs2Wq6Ez9Xr3Tc7Vb1Yn5Um"
#define HOOK_URL "https://example.com/hooks/ayrshare"

static const char *const VALUES[] = {HYG_API_KEY, HYG_PROFILE_KEY, HYG_CALL_PROFILE_KEY,
                                     HYG_SECRET, HYG_NEW_SECRET};
#define VALUE_COUNT (sizeof VALUES / sizeof VALUES[0])
#define PIECE 8

struct script {
    const char *script;
    ayr_result result;
};

/*
 * The scripts of the fault servers, and the result every operation must fail with: the API's
 * errors, each with a body echoing the request (keys and secrets included)...
 */
static const struct script API_SCRIPTS[] = {
    {"echo-json:400", AYR_ERR_API}, {"echo-json:401", AYR_ERR_API},
    {"echo-json:402", AYR_ERR_API}, {"echo-json:403", AYR_ERR_API},
    {"echo-json:404", AYR_ERR_API}, {"echo-json:405", AYR_ERR_API},
    {"echo-json:408", AYR_ERR_API}, {"echo-json:409", AYR_ERR_API},
    {"echo-json:422", AYR_ERR_API}, {"echo-json:429", AYR_ERR_RATE_LIMITED},
    {"echo-json:500", AYR_ERR_API}, {"echo-json:502", AYR_ERR_API},
    {"echo-json:503", AYR_ERR_API}, {"echo-json:504", AYR_ERR_API},
    {"echo:400", AYR_ERR_API},      {"echo:401", AYR_ERR_API},
    {"echo:402", AYR_ERR_API},      {"echo:403", AYR_ERR_API},
    {"echo:404", AYR_ERR_API},      {"echo:405", AYR_ERR_API},
    {"echo:408", AYR_ERR_API},      {"echo:409", AYR_ERR_API},
    {"echo:422", AYR_ERR_API},      {"echo:429", AYR_ERR_RATE_LIMITED},
    {"echo:500", AYR_ERR_API},      {"echo:502", AYR_ERR_API},
    {"echo:503", AYR_ERR_API},      {"echo:504", AYR_ERR_API},
    /* a 2xx whose JSON says "error", its message echoing the request */
    {"echo-json:200", AYR_ERR_API},
    /* a 2xx that is not JSON: a decode error quoting the start of the echo */
    {"echo:200", AYR_ERR_DECODE},
};

/* ... and the failures of the transport, the rate limits and the size cap. */
static const struct script TRANSPORT_SCRIPTS[] = {
    {"mirror", AYR_ERR_CONNECTION},  {"garbage", AYR_ERR_CONNECTION},
    {"reset", AYR_ERR_CONNECTION},   {"close", AYR_ERR_CONNECTION},
    {"truncated", AYR_ERR_CONNECTION}, {"429", AYR_ERR_RATE_LIMITED},
    {"429:3600", AYR_ERR_RATE_LIMITED}, {"huge", AYR_ERR_DECODE},
};

/* ... and a server that never answers (its own case: it is mostly waiting). */
static const struct script TIMEOUT_SCRIPTS[] = {
    {"silent", AYR_ERR_TIMEOUT},
};

static size_t texts, redacted;

/* The first 8-byte piece of a value in `text`, or NULL. */
static const char *leaked_piece(const char *text, const char *const *values, size_t count) {
    size_t v, i;
    for (v = 0; v < count; v++) {
        size_t len = strlen(values[v]);
        for (i = 0; i + PIECE <= len; i++)
            if (contains_bytes(text, values[v] + i, PIECE)) return values[v] + i;
        if (len < PIECE && contains_bytes(text, values[v], len)) return values[v];
    }
    return NULL;
}

/* Checks one string libayr returned (NULL is allowed: nothing to show). */
static void shown(const char *label, const char *text) {
    const char *piece;
    if (text == NULL) return;
    texts++;
    if (strstr(text, "[redacted]") != NULL) redacted++;
    piece = leaked_piece(text, VALUES, VALUE_COUNT);
    if (piece != NULL) FAIL("%s: holds \"%.8s\" of a key or secret: %s", label, piece, text);
}

/* Checks and frees an error: its message and field. */
static void shown_error(const char *label, ayr_result r, ayr_error *err) {
    if (r == AYR_OK || err == NULL)
        FAIL("%s: expected a failure, got %s", label, ayr_result_name(r));
    CHECK_RESULT(ayr_error_result(err), r);
    shown(label, ayr_error_message(err));
    shown(label, ayr_error_field(err));
    shown(label, ayr_result_name(r));
    ayr_error_free(err);
}

/*
 * Like shown_error, and the failure must be `expected` (naming `field` for invalid input). The
 * error is passed by address: the call that fills it is an argument of this one, and C does not
 * order the evaluation of arguments.
 */
static void expect_error(const char *label, ayr_result r, ayr_error **slot, ayr_result expected,
                         const char *field) {
    ayr_error *err = *slot;
    *slot = NULL;
    if (r != expected)
        FAIL("%s: %s, expected %s: %s", label, ayr_result_name(r), ayr_result_name(expected),
             err ? ayr_error_message(err) : "(no error)");
    if (field != NULL) CHECK_STR(ayr_error_field(err), field);
    shown_error(label, r, err);
}

/* The attempt timeout of the calls that must not time out (valgrind reads 1 MiB slowly). */
static uint64_t quick_ms(void) { return under_valgrind() ? 20000 : 2000; }

static ayr_client *hygiene_client(const char *base_url, uint64_t timeout_ms) {
    return fault_client_full(HYG_API_KEY, HYG_PROFILE_KEY, base_url, timeout_ms, 0);
}

/* Every operation once against `base_url`, each failing with `expected`. */
static void every_operation_fails(const char *script, const char *base_url, ayr_result expected,
                                  uint64_t timeout_ms) {
    ayr_client *client = hygiene_client(base_url, timeout_ms);
    ayr_webhook *hook = NULL;
    ayr_webhook_list *list = NULL;
    ayr_error *err = NULL;
    char label[96];
#define LABEL(op) (snprintf(label, sizeof label, "%s %s", script, op), label)
    expect_error(LABEL("register"),
                 ayr_register_webhook(client, "scheduled", HOOK_URL, HYG_SECRET, NULL, &hook,
                                      &err),
                 &err, expected, NULL);
    err = NULL;
    expect_error(LABEL("register per-call profile"),
                 ayr_register_webhook(client, "scheduled", HOOK_URL, HYG_SECRET,
                                      HYG_CALL_PROFILE_KEY, &hook, &err),
                 &err, expected, NULL);
    err = NULL;
    expect_error(LABEL("list"), ayr_list_webhooks(client, NULL, &list, &err), &err, expected,
                 NULL);
    err = NULL;
    expect_error(LABEL("list per-call profile"),
                 ayr_list_webhooks(client, HYG_CALL_PROFILE_KEY, &list, &err), &err, expected,
                 NULL);
    err = NULL;
    expect_error(LABEL("unregister per-call profile"),
                 ayr_unregister_webhook(client, "feed", HYG_CALL_PROFILE_KEY, &err), &err,
                 expected, NULL);
    err = NULL;
    expect_error(LABEL("rotate"), ayr_rotate_webhook_secret(client, HYG_NEW_SECRET, NULL, &err),
                 &err, expected, NULL);
    err = NULL;
    expect_error(LABEL("rotate per-call profile"),
                 ayr_rotate_webhook_secret(client, HYG_NEW_SECRET, HYG_CALL_PROFILE_KEY, &err),
                 &err, expected, NULL);
#undef LABEL
    CHECK(hook == NULL && list == NULL);
    ayr_client_free(client);
}

/* `text` repeated `times` times, in `buf` (of `size` bytes). */
static const char *repeated(char *buf, size_t size, const char *text, size_t times) {
    size_t len = strlen(text), i;
    CHECK(len * times < size);
    for (i = 0; i < times; i++) memcpy(buf + i * len, text, len);
    buf[len * times] = '\0';
    return buf;
}

/* A builder of a client of `base_url` with the hygiene keys. */
static ayr_client_builder *hygiene_builder(const char *base_url) {
    ayr_client_builder *builder = ayr_client_builder_new(HYG_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, base_url), AYR_OK);
    return builder;
}

static void build_fails(const char *label, ayr_client_builder *builder, const char *field) {
    ayr_client *client = NULL;
    ayr_error *err = NULL;
    expect_error(label, ayr_client_builder_build(builder, &client, &err), &err,
                 AYR_ERR_INVALID_ARGUMENT, field);
}

static void invalid_inputs(const char *ok_url) {
    static char long_buf[4096];
    char buf[256];
    ayr_client *client = hygiene_client(ok_url, quick_ms());
    ayr_client *none = NULL;
    ayr_webhook *hook = NULL;
    ayr_webhook_list *list = NULL;
    ayr_verifier *verifier = NULL;
    ayr_error *err = NULL;
    ayr_client_builder *builder;
    size_t i;
    const char *api_keys[3], *profile_keys[2], *secrets[3], *urls[4];

    api_keys[0] = HYG_API_KEY " x";
    api_keys[1] = HYG_API_KEY "\r\nX: y";
    api_keys[2] = repeated(long_buf, sizeof long_buf, HYG_API_KEY, 50);
    for (i = 0; i < 3; i++) {
        err = NULL;
        expect_error("api key: ayr_client_new", ayr_client_new(api_keys[i], &none, &err), &err,
                     AYR_ERR_INVALID_ARGUMENT, "api_key");
        builder = ayr_client_builder_new(api_keys[i]);
        CHECK_RESULT(ayr_client_builder_set_base_url(builder, ok_url), AYR_OK);
        build_fails("api key: builder", builder, "api_key");
        CHECK(setenv("AYRSHARE_API_KEY", api_keys[i], 1) == 0);
        CHECK(setenv("AYRSHARE_PROFILE_KEY", HYG_PROFILE_KEY, 1) == 0);
        err = NULL;
        expect_error("api key: ayr_client_from_env", ayr_client_from_env(&none, &err), &err,
                     AYR_ERR_INVALID_ARGUMENT, "api_key");
        CHECK(unsetenv("AYRSHARE_API_KEY") == 0 && unsetenv("AYRSHARE_PROFILE_KEY") == 0);
    }

    profile_keys[0] = HYG_PROFILE_KEY "\tx";
    profile_keys[1] = repeated(long_buf, sizeof long_buf, HYG_PROFILE_KEY, 50);
    for (i = 0; i < 2; i++) {
        const char *key = profile_keys[i];
        builder = hygiene_builder(ok_url);
        CHECK_RESULT(ayr_client_builder_set_profile_key(builder, key), AYR_OK);
        build_fails("profile key: builder", builder, "profile_key");
        CHECK(setenv("AYRSHARE_API_KEY", HYG_API_KEY, 1) == 0);
        CHECK(setenv("AYRSHARE_PROFILE_KEY", key, 1) == 0);
        err = NULL;
        expect_error("profile key: from_env", ayr_client_from_env(&none, &err), &err,
                     AYR_ERR_INVALID_ARGUMENT, "profile_key");
        CHECK(unsetenv("AYRSHARE_API_KEY") == 0 && unsetenv("AYRSHARE_PROFILE_KEY") == 0);
        err = NULL;
        expect_error("profile key: list", ayr_list_webhooks(client, key, &list, &err), &err,
                     AYR_ERR_INVALID_ARGUMENT, "profile_key");
        err = NULL;
        expect_error("profile key: unregister", ayr_unregister_webhook(client, "feed", key, &err),
                     &err, AYR_ERR_INVALID_ARGUMENT, "profile_key");
        err = NULL;
        expect_error("profile key: rotate",
                     ayr_rotate_webhook_secret(client, HYG_NEW_SECRET, key, &err), &err,
                     AYR_ERR_INVALID_ARGUMENT, "profile_key");
        err = NULL;
        expect_error("profile key: register",
                     ayr_register_webhook(client, "feed", HOOK_URL, HYG_SECRET, key, &hook, &err),
                     &err, AYR_ERR_INVALID_ARGUMENT, "profile_key");
    }

    secrets[0] = HYG_SECRET "\n";
    secrets[1] = HYG_SECRET "\x7f";
    secrets[2] = repeated(long_buf, sizeof long_buf, HYG_SECRET, 50);
    for (i = 0; i < 3; i++) {
        err = NULL;
        expect_error("secret: register",
                     ayr_register_webhook(client, "scheduled", HOOK_URL, secrets[i],
                                          HYG_CALL_PROFILE_KEY, &hook, &err),
                     &err, AYR_ERR_INVALID_ARGUMENT, "secret");
        err = NULL;
        expect_error("secret: rotate", ayr_rotate_webhook_secret(client, secrets[i], NULL, &err),
                     &err, AYR_ERR_INVALID_ARGUMENT, "secret");
    }
    err = NULL;
    expect_error("secret: not UTF-8",
                 ayr_rotate_webhook_secret(client, HYG_SECRET "\xff", HYG_CALL_PROFILE_KEY, &err),
                 &err, AYR_ERR_INVALID_ARGUMENT, "secret");
    err = NULL;
    expect_error("profile key: not UTF-8",
                 ayr_list_webhooks(client, HYG_CALL_PROFILE_KEY "\xff", &list, &err), &err,
                 AYR_ERR_INVALID_ARGUMENT, "profile_key");
    err = NULL;
    expect_error("api key: not UTF-8", ayr_client_new(HYG_API_KEY "\xff", &none, &err), &err,
                 AYR_ERR_INVALID_ARGUMENT, "api_key");
    err = NULL;
    expect_error("empty verifier secret",
                 ayr_verifier_new((const uint8_t *)"", 0, AYR_DEFAULT_TOLERANCE_SECS, &verifier,
                                  &err),
                 &err, AYR_ERR_INVALID_ARGUMENT, "secret");

    snprintf(buf, sizeof buf, "http://example.com/%s", HYG_SECRET);
    urls[0] = buf;
    urls[1] = "https://example.com/ " HYG_SECRET;
    urls[2] = "https://u:" HYG_SECRET "@example.com/";
    /* Over the 2048-byte limit. */
    strcpy(long_buf, "https://example.com/");
    repeated(long_buf + strlen(long_buf), sizeof long_buf - strlen(long_buf), HYG_SECRET, 100);
    urls[3] = long_buf;
    for (i = 0; i < 4; i++) {
        err = NULL;
        expect_error("url", ayr_register_webhook(client, "feed", urls[i], HYG_SECRET, NULL, &hook,
                                                 &err),
                     &err, AYR_ERR_INVALID_ARGUMENT, "url");
    }
    err = NULL;
    expect_error("unknown action",
                 ayr_register_webhook(client, "Feed", HOOK_URL, HYG_SECRET, HYG_CALL_PROFILE_KEY,
                                      &hook, &err),
                 &err, AYR_ERR_INVALID_ARGUMENT, "action");

    build_fails("remote http base url", hygiene_builder("http://example.com/api"), "base_url");
    build_fails("base url with credentials",
                hygiene_builder("https://u:" HYG_SECRET "@example.com/api"), "base_url");
    builder = hygiene_builder(ok_url);
    CHECK_RESULT(ayr_client_builder_set_profile_key(builder, HYG_PROFILE_KEY), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(builder, 0), AYR_OK);
    build_fails("zero timeout", builder, "timeout");
    builder = hygiene_builder(ok_url);
    CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(builder, 0), AYR_OK);
    build_fails("zero connect timeout", builder, "connect_timeout");
    builder = hygiene_builder(ok_url);
    CHECK_RESULT(ayr_client_builder_set_max_retries(builder, 11), AYR_OK);
    build_fails("too many retries", builder, "max_retries");

    /* NULL arguments next to the secret ones. */
    err = NULL;
    expect_error("NULL action",
                 ayr_register_webhook(client, NULL, HOOK_URL, HYG_SECRET, HYG_CALL_PROFILE_KEY,
                                      &hook, &err),
                 &err, AYR_ERR_NULL_ARGUMENT, "action");
    err = NULL;
    expect_error("NULL out_list", ayr_list_webhooks(client, HYG_CALL_PROFILE_KEY, NULL, &err),
                 &err, AYR_ERR_NULL_ARGUMENT, "out_list");
    err = NULL;
    expect_error("NULL out_verifier",
                 ayr_verifier_new((const uint8_t *)HYG_SECRET, strlen(HYG_SECRET), 0, NULL, &err),
                 &err, AYR_ERR_NULL_ARGUMENT, "out_verifier");

    CHECK(none == NULL && hook == NULL && list == NULL && verifier == NULL);
    ayr_client_free(client);
}

/* Verification failures with the secret, and the signature header holding secrets. */
static void signature_failures(void) {
    size_t len;
    unsigned char *body = read_fixture("delivery.json", &len);
    char *good = read_text_fixture("delivery.hygiene.hex.sig");
    const char *zeros = "0000000000000000000000000000000000000000000000000000000000000000";
    const char *v2 = "v1=0000000000000000000000000000000000000000000000000000000000000000,v1=zz";
    const uint8_t *secret = (const uint8_t *)HYG_SECRET;
    ayr_verifier *verifier = NULL, *no_check = NULL;
    ayr_delivery *delivery = NULL;
    ayr_error *err = NULL;
    int64_t code = 0;

    CHECK_RESULT(ayr_verifier_new(secret, strlen(HYG_SECRET), AYR_DEFAULT_TOLERANCE_SECS,
                                  &verifier, NULL),
                 AYR_OK);
    CHECK_RESULT(ayr_verifier_new(secret, strlen(HYG_SECRET), AYR_NO_TIMESTAMP_CHECK, &no_check,
                                  NULL),
                 AYR_OK);
    /* The fixture is signed with the secret: these checks reach the secret for real. */
    CHECK_RESULT(ayr_verifier_verify(no_check, good, NULL, NULL, body, len, NULL), AYR_OK);
    CHECK_RESULT(ayr_verify_signature(secret, strlen(HYG_SECRET), body, len, good, NULL), AYR_OK);

#define VERIFY(label, v, sig, sig2, ts, expected)                                              \
    do {                                                                                       \
        err = NULL;                                                                            \
        expect_error(label, ayr_verifier_verify(v, sig, sig2, ts, body, len, &err), &err,       \
                     expected, NULL);                                                          \
    } while (0)
    VERIFY("missing signature", verifier, NULL, NULL, NULL, AYR_ERR_SIGNATURE_MISSING);
    VERIFY("malformed signature", verifier, "zz", NULL, NULL, AYR_ERR_SIGNATURE_MALFORMED);
    VERIFY("wrong signature", verifier, zeros, NULL, NULL, AYR_ERR_SIGNATURE_MISMATCH);
    VERIFY("wrong rotation signatures", verifier, NULL, v2, NULL, AYR_ERR_SIGNATURE_MISMATCH);
    VERIFY("secret as the signature", verifier, HYG_SECRET, NULL, NULL,
           AYR_ERR_SIGNATURE_MALFORMED);
    VERIFY("keys as rotation signatures", verifier, NULL, "v1=" HYG_SECRET ",v1=" HYG_API_KEY,
           NULL, AYR_ERR_SIGNATURE_MALFORMED);
    VERIFY("missing timestamp", verifier, good, NULL, NULL, AYR_ERR_TIMESTAMP_MISSING);
    VERIFY("malformed timestamp", verifier, good, NULL, "yesterday", AYR_ERR_TIMESTAMP_MALFORMED);
    VERIFY("secret as the timestamp", verifier, good, NULL, HYG_NEW_SECRET,
           AYR_ERR_TIMESTAMP_MALFORMED);
    VERIFY("stale timestamp", verifier, good, NULL, "1000000000",
           AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE);
#undef VERIFY
    expect_error("altered body",
                 ayr_verifier_verify(no_check, good, NULL, NULL, body, len - 1, &err), &err,
                 AYR_ERR_SIGNATURE_MISMATCH, NULL);

#define VERIFY_SIGNATURE(label, sig, expected)                                                 \
    do {                                                                                       \
        err = NULL;                                                                            \
        expect_error(label,                                                                    \
                     ayr_verify_signature(secret, strlen(HYG_SECRET), body, len, sig, &err),   \
                     &err, expected, NULL);                                                     \
    } while (0)
    VERIFY_SIGNATURE("hex", zeros, AYR_ERR_SIGNATURE_MISMATCH);
    VERIFY_SIGNATURE("empty", "", AYR_ERR_SIGNATURE_MISSING);
    VERIFY_SIGNATURE("junk", "not a signature", AYR_ERR_SIGNATURE_MALFORMED);
    VERIFY_SIGNATURE("the new secret", HYG_NEW_SECRET, AYR_ERR_SIGNATURE_MALFORMED);
#undef VERIFY_SIGNATURE
    err = NULL;
    expect_error("empty secret", ayr_verify_signature(NULL, 0, body, len, zeros, &err), &err,
                 AYR_ERR_INVALID_ARGUMENT, "secret");

    /* A delivery body is the caller's own data, so it may be quoted; only check it is short. */
    err = NULL;
    CHECK_RESULT(ayr_parse_delivery(secret, strlen(HYG_SECRET), &delivery, &err), AYR_ERR_DECODE);
    CHECK(strlen(ayr_error_message(err)) < 300);
    ayr_error_free(err);

    /* The strings of a parsed delivery. */
    CHECK_RESULT(ayr_parse_delivery(body, len, &delivery, NULL), AYR_OK);
    shown("delivery action", ayr_delivery_action(delivery));
    shown("delivery sub action", ayr_delivery_sub_action(delivery));
    shown("delivery created", ayr_delivery_created(delivery));
    shown("delivery ref id", ayr_delivery_ref_id(delivery));
    shown("delivery hook id", ayr_delivery_hook_id(delivery));
    shown("delivery status", ayr_delivery_status(delivery));
    shown("delivery payload", ayr_delivery_payload_json(delivery));
    CHECK(ayr_delivery_code(delivery, &code) && code == 200);
    ayr_delivery_free(delivery);

    ayr_verifier_free(verifier);
    ayr_verifier_free(no_check);
    free(body);
    free(good);
}

/* The strings of successful calls made with the secret values. */
static void well_formed_values(const char *ok_url) {
    ayr_client *client = hygiene_client(ok_url, quick_ms());
    ayr_webhook *hook = NULL;
    ayr_webhook_list *list = NULL;
    size_t i;
    CHECK_RESULT(ayr_register_webhook(client, "scheduled", HOOK_URL, HYG_SECRET,
                                      HYG_CALL_PROFILE_KEY, &hook, NULL),
                 AYR_OK);
    shown("webhook status", ayr_webhook_status(hook));
    shown("webhook action", ayr_webhook_action(hook));
    shown("webhook url", ayr_webhook_url(hook));
    shown("webhook ref id", ayr_webhook_ref_id(hook));
    CHECK_RESULT(ayr_list_webhooks(client, NULL, &list, NULL), AYR_OK);
    CHECK(ayr_webhook_list_len(list) == 2);
    for (i = 0; i < ayr_webhook_list_len(list); i++) {
        shown("list action", ayr_webhook_list_action(list, i));
        shown("list url", ayr_webhook_list_url(list, i));
    }
    shown("list get", ayr_webhook_list_get(list, "feed"));
    shown("list raw json", ayr_webhook_list_raw_json(list));
    shown("version", ayr_version());
    ayr_webhook_free(hook);
    ayr_webhook_list_free(list);
    ayr_client_free(client);
}

/* The leak check itself finds a piece of a value (so a clean result means something). */
static void self_check(void) {
    CHECK(leaked_piece("x " HYG_SECRET " y", VALUES, VALUE_COUNT) != NULL);
    CHECK(leaked_piece("...Er9Ty4Ui...", VALUES, VALUE_COUNT) != NULL);
    CHECK(leaked_piece("[redacted] Er9Ty4U", VALUES, VALUE_COUNT) == NULL);
}

/* The base URL the harness started for `script`, or FAIL. */
static const char *server_for(const char *servers, const char *script, char *buf, size_t size) {
    size_t len = strlen(script);
    const char *line = servers;
    while (line != NULL && *line != '\0') {
        const char *end = strchr(line, '\n');
        size_t line_len = end ? (size_t)(end - line) : strlen(line);
        if (line_len > len && strncmp(line, script, len) == 0 && line[len] == ' ') {
            CHECK(line_len - len - 1 < size);
            memcpy(buf, line + len + 1, line_len - len - 1);
            buf[line_len - len - 1] = '\0';
            return buf;
        }
        line = end ? end + 1 : NULL;
    }
    FAIL("AYR_TEST_SERVERS has no server for %s", script);
}

/* Every operation against the server of each script. */
static void every_script(const struct script *scripts, size_t count) {
    const char *servers = required_env("AYR_TEST_SERVERS");
    char url[128];
    size_t i;
    self_check();
    for (i = 0; i < count; i++) {
        int silent = strcmp(scripts[i].script, "silent") == 0;
        every_operation_fails(scripts[i].script,
                              server_for(servers, scripts[i].script, url, sizeof url),
                              scripts[i].result,
                              silent ? (under_valgrind() ? timeout_expected_ms() : 300)
                                     : quick_ms());
    }
}

/* Fails unless at least `min_texts` strings were checked, `min_redacted` of them scrubbed. */
static void check_counts(size_t min_texts, size_t min_redacted) {
    printf("checked %zu strings, %zu with [redacted]\n", texts, redacted);
    if (texts < min_texts) FAIL("only %zu strings checked", texts);
    if (redacted < min_redacted) FAIL("the echoes reached only %zu messages", redacted);
}

/* Invalid input of each field, NULL arguments, successful calls, signature failures. */
static void inputs_values_and_signatures(void) {
    const char *ok_url = required_env("AYR_TEST_BASE_URL");
    self_check();
    invalid_inputs(ok_url);
    well_formed_values(ok_url);
    signature_failures();
    check_counts(150, 0);
}

/* Every API error status, the answer echoing the request: the values must be scrubbed. */
static void api_errors(void) {
    every_script(API_SCRIPTS, sizeof API_SCRIPTS / sizeof API_SCRIPTS[0]);
    /* 30 echoing scripts, 7 calls each: the values really came back, and were redacted. */
    check_counts(400, 150);
}

/* Answers that are not HTTP, resets, rate limits, the size cap, a refused port. */
static void transport_errors(void) {
    ayr_client *refused;
    ayr_webhook *hook = NULL;
    ayr_error *err = NULL;
    every_script(TRANSPORT_SCRIPTS, sizeof TRANSPORT_SCRIPTS / sizeof TRANSPORT_SCRIPTS[0]);
    refused = hygiene_client(required_env("AYR_TEST_CLOSED_URL"), quick_ms());
    expect_error("refused",
                 ayr_register_webhook(refused, "scheduled", HOOK_URL, HYG_SECRET,
                                      HYG_CALL_PROFILE_KEY, &hook, &err),
                 &err, AYR_ERR_CONNECTION, NULL);
    ayr_client_free(refused);
    check_counts(100, 0);
}

/* Timeouts (300 ms; 3 s under valgrind, for the exact count of requests). */
static void timeouts(void) {
    every_script(TIMEOUT_SCRIPTS, sizeof TIMEOUT_SCRIPTS / sizeof TIMEOUT_SCRIPTS[0]);
    check_counts(14, 0);
}

/* `value` with `"` and `\` escaped as JSON (and Rust's Debug) write them. */
static void escaped(const char *value, char *out, size_t size) {
    size_t n = 0;
    for (; *value != '\0'; value++) {
        CHECK(n + 3 < size);
        if (*value == '"' || *value == '\\') out[n++] = '\\';
        out[n++] = *value;
    }
    out[n] = '\0';
}

/*
 * Keys and secrets holding characters that JSON escapes: a server echoing the JSON request
 * sends them back escaped, and that form must not leak either (nor, here, the whole value).
 */
static void escaped_forms_do_not_appear(void) {
    static const char *const scripts[] = {"echo-json:400", "echo:400", "echo:200", "mirror"};
    const char *api_key = "CA\"k7\\Qw2Er9";
    const char *secret = "CS\"e8\\Rt4Yu/1";
    const char *servers = required_env("AYR_TEST_SERVERS");
    char forms[4][64], url[128];
    const char *values[4];
    size_t i, f;

    strcpy(forms[0], api_key);
    escaped(api_key, forms[1], sizeof forms[1]);
    strcpy(forms[2], secret);
    escaped(secret, forms[3], sizeof forms[3]);
    for (f = 0; f < 4; f++) values[f] = forms[f];
    for (i = 0; i < sizeof scripts / sizeof scripts[0]; i++) {
        ayr_client *client = fault_client_full(api_key, NULL,
                                               server_for(servers, scripts[i], url, sizeof url),
                                               quick_ms(), 0);
        ayr_webhook *hook = NULL;
        ayr_error *err = NULL;
        ayr_result r = ayr_register_webhook(client, "feed", "https://example.com/h", secret, NULL,
                                            &hook, &err);
        const char *texts_of[2];
        CHECK(r != AYR_OK);
        texts_of[0] = ayr_error_message(err);
        for (f = 0; f < 4; f++)
            if (contains_bytes(texts_of[0], values[f], strlen(values[f])))
                FAIL("%s register: holds \"%s\": %s", scripts[i], values[f], texts_of[0]);
        ayr_error_free(err);
        err = NULL;
        r = ayr_rotate_webhook_secret(client, secret, NULL, &err);
        CHECK(r != AYR_OK);
        texts_of[1] = ayr_error_message(err);
        for (f = 0; f < 4; f++)
            if (contains_bytes(texts_of[1], values[f], strlen(values[f])))
                FAIL("%s rotate: holds \"%s\": %s", scripts[i], values[f], texts_of[1]);
        ayr_error_free(err);
        ayr_client_free(client);
    }
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"inputs_values_and_signatures", inputs_values_and_signatures},
        {"api_errors", api_errors},
        {"transport_errors", transport_errors},
        {"timeouts", timeouts},
        {"escaped_forms_do_not_appear", escaped_forms_do_not_appear},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
