/*
 * Creating clients: ayr_client_new, ayr_client_from_env and every builder setting, checked by
 * the requests the resulting clients send (see client_cases in ffi/tests/harness/cases.rs).
 */
#include "check.h"

/* A valid key gives a client; a successful call leaves *out_error untouched. */
static void new_ok(void) {
    ayr_client *client = NULL;
    ayr_error *err = UNTOUCHED(ayr_error);
    CHECK_RESULT(ayr_client_new(TEST_API_KEY, &client, &err), AYR_OK);
    CHECK(client != NULL);
    CHECK(err == UNTOUCHED(ayr_error));
    ayr_client_free(client);
    /* out_error may be NULL. */
    client = NULL;
    CHECK_RESULT(ayr_client_new(TEST_API_KEY, &client, NULL), AYR_OK);
    ayr_client_free(client);
}

/* A bad key is rejected with the core's message, and *out_client is left as it was. */
static void new_invalid_key(void) {
    ayr_client *client = UNTOUCHED(ayr_client);
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_client_new("bad key", &client, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK(client == UNTOUCHED(ayr_client));
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid api_key: must not contain whitespace or control characters "
                "(no request was sent)",
                "api_key");
    CHECK_RESULT(ayr_client_new("", &client, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid api_key: must not be empty (no request was sent)", "api_key");
    CHECK(client == UNTOUCHED(ayr_client));
    /* The failure is reported through the result alone when out_error is NULL. */
    CHECK_RESULT(ayr_client_new("a\r\nX-Evil: 1", &client, NULL), AYR_ERR_INVALID_ARGUMENT);
    CHECK(client == UNTOUCHED(ayr_client));
}

/* Every setter reaches the wire: the harness checks the profile key and the user agent. */
static void builder_all_settings(void) {
    ayr_client *client = NULL;
    ayr_webhook_list *list = NULL;
    ayr_error *err = NULL;
    ayr_client_builder *builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, required_env("AYR_TEST_BASE_URL")),
                 AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_profile_key(builder, "client-profile"), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(builder, 4000), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(builder, 2000), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_max_retries(builder, 0), AYR_OK);
    CHECK_RESULT(ayr_client_builder_build(builder, &client, &err), AYR_OK);
    CHECK(client != NULL && err == NULL);
    CHECK_RESULT(ayr_list_webhooks(client, NULL, &list, &err), AYR_OK);
    CHECK(ayr_webhook_list_len(list) == 0);
    ayr_webhook_list_free(list);
    ayr_client_free(client);
}

/* max_retries is honoured: one 503, then a success, for exactly two requests. */
static void builder_retries(void) {
    ayr_client *client = NULL;
    ayr_error *err = NULL;
    ayr_client_builder *builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, required_env("AYR_TEST_BASE_URL")),
                 AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_max_retries(builder, 1), AYR_OK);
    CHECK_RESULT(ayr_client_builder_build(builder, &client, &err), AYR_OK);
    CHECK_RESULT(ayr_unregister_webhook(client, "feed", NULL, &err), AYR_OK);
    CHECK(err == NULL);
    ayr_client_free(client);
}

/* Builds a builder with one bad setting applied by `configure` and checks the field. */
static void check_build_rejects(ayr_client_builder *builder, const char *message,
                                const char *field) {
    ayr_client *client = UNTOUCHED(ayr_client);
    ayr_error *err = NULL;
    CHECK(builder != NULL);
    /* build consumes the builder even on error: valgrind and LeakSanitizer see no leak. */
    CHECK_RESULT(ayr_client_builder_build(builder, &client, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK(client == UNTOUCHED(ayr_client));
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT, message, field);
}

/* build validates every setting and names the first bad one. */
static void builder_invalid_settings(void) {
    ayr_client_builder *b;

    b = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(b, 0), AYR_OK);
    check_build_rejects(b, "invalid timeout: must be greater than zero (no request was sent)",
                        "timeout");

    b = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(b, 0), AYR_OK);
    check_build_rejects(
        b, "invalid connect_timeout: must be greater than zero (no request was sent)",
        "connect_timeout");

    b = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_max_retries(b, 11), AYR_OK);
    check_build_rejects(b, "invalid max_retries: must be at most 10 (got 11) (no request was sent)",
                        "max_retries");

    b = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_base_url(b, "http://example.com/api"), AYR_OK);
    check_build_rejects(b,
                        "invalid base_url: http is allowed only to a loopback host (127.0.0.0/8, "
                        "::1, localhost); use https (no request was sent)",
                        "base_url");

    b = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_profile_key(b, "bad\nkey"), AYR_OK);
    check_build_rejects(
        b, "invalid profile_key: must not contain whitespace or control characters (no request "
           "was sent)",
        "profile_key");

    b = ayr_client_builder_new("");
    check_build_rejects(b, "invalid api_key: must not be empty (no request was sent)", "api_key");
}

/* One year, in milliseconds: the longest timeout accepted. */
#define ONE_YEAR_MS (365ULL * 24 * 3600 * 1000)

/* Timeouts over a year are rejected naming the field (UINT64_MAX would wait forever). */
static void builder_timeouts_over_a_year(void) {
    static const uint64_t too_long[] = {UINT64_MAX, ONE_YEAR_MS + 1};
    ayr_client_builder *b;
    ayr_client *client = NULL;
    size_t i;

    for (i = 0; i < sizeof too_long / sizeof too_long[0]; i++) {
        b = ayr_client_builder_new(TEST_API_KEY);
        CHECK_RESULT(ayr_client_builder_set_timeout_ms(b, too_long[i]), AYR_OK);
        check_build_rejects(b, "invalid timeout: must be at most one year (no request was sent)",
                            "timeout");
        b = ayr_client_builder_new(TEST_API_KEY);
        CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(b, too_long[i]), AYR_OK);
        check_build_rejects(
            b, "invalid connect_timeout: must be at most one year (no request was sent)",
            "connect_timeout");
    }

    /* Exactly a year is accepted. */
    b = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(b, ONE_YEAR_MS), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(b, ONE_YEAR_MS), AYR_OK);
    CHECK_RESULT(ayr_client_builder_build(b, &client, NULL), AYR_OK);
    ayr_client_free(client);
}

/* build consumes the builder even when out_client is NULL; a builder can also just be freed. */
static void builder_consumed(void) {
    ayr_error *err = NULL;
    ayr_client_builder *builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_build(builder, NULL, &err), AYR_ERR_NULL_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_NULL_ARGUMENT, "argument `out_client` is NULL", "out_client");
    builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_profile_key(builder, "p"), AYR_OK);
    ayr_client_builder_free(builder);
}

/* The harness sets AYRSHARE_API_KEY, AYRSHARE_PROFILE_KEY and AYRSHARE_BASE_URL. */
static void from_env_ok(void) {
    ayr_client *client = NULL;
    ayr_webhook_list *list = NULL;
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_client_from_env(&client, &err), AYR_OK);
    CHECK(client != NULL && err == NULL);
    CHECK_RESULT(ayr_list_webhooks(client, NULL, &list, &err), AYR_OK);
    CHECK(ayr_webhook_list_len(list) == 1);
    CHECK_STR(ayr_webhook_list_action(list, 0), "feed");
    ayr_webhook_list_free(list);
    ayr_client_free(client);
}

/* The harness removes AYRSHARE_API_KEY. */
static void from_env_missing_key(void) {
    ayr_client *client = UNTOUCHED(ayr_client);
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_client_from_env(&client, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK(client == UNTOUCHED(ayr_client));
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid api_key: none was given and AYRSHARE_API_KEY is not set (no request was sent)", "api_key");
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"new_ok", new_ok},
        {"new_invalid_key", new_invalid_key},
        {"builder_all_settings", builder_all_settings},
        {"builder_retries", builder_retries},
        {"builder_invalid_settings", builder_invalid_settings},
        {"builder_timeouts_over_a_year", builder_timeouts_over_a_year},
        {"builder_consumed", builder_consumed},
        {"from_env_ok", from_env_ok},
        {"from_env_missing_key", from_env_missing_key},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
