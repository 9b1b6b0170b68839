/*
 * Every ayr_result the core can produce from a call, with the details of its ayr_error, and
 * out-parameters left untouched on failure. The harness (error_cases in
 * ffi/tests/harness/cases.rs) answers each request as the case needs, points the client at a
 * silent or a closed port for the timeout and connection cases, and expects no request at all
 * for invalid input.
 */
#include "check.h"

#define HOOK_URL "https://example.com/hooks/ayrshare"

/* Registers `scheduled` and checks that the call fails with `expected`; returns the error. */
static ayr_error *failed_registration(ayr_client *client, ayr_result expected) {
    ayr_webhook *hook = UNTOUCHED(ayr_webhook);
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_register_webhook(client, "scheduled", HOOK_URL, NULL, NULL, &hook, &err),
                 expected);
    CHECK(hook == UNTOUCHED(ayr_webhook));
    CHECK(err != NULL);
    CHECK_RESULT(ayr_error_result(err), expected);
    return err;
}

/* HTTP 403 with Ayrshare's error body. */
static void api_error(void) {
    ayr_client *client = test_client();
    ayr_error *err = failed_registration(client, AYR_ERR_API);
    CHECK(ayr_error_http_status(err) == 403);
    CHECK(ayr_error_api_code(err) == 102);
    CHECK(ayr_error_retry_after_ms(err) == -1);
    CHECK(!ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_API,
                "Ayrshare API error (HTTP 403, code 102): Webhooks need a Premium plan", NULL);
    ayr_client_free(client);
}

/* HTTP 200 whose JSON status is "error". */
static void api_error_in_success_status(void) {
    ayr_client *client = test_client();
    ayr_error *err = failed_registration(client, AYR_ERR_API);
    CHECK(ayr_error_http_status(err) == 200);
    CHECK(ayr_error_api_code(err) == 272);
    CHECK_ERROR(err, AYR_ERR_API, "Ayrshare API error (HTTP 200, code 272): Profile suspended",
                NULL);
    ayr_client_free(client);
}

/* HTTP 502 with an HTML page from a proxy: retryable, no code, the page quoted. */
static void server_error_html(void) {
    ayr_client *client = test_client();
    ayr_error *err = failed_registration(client, AYR_ERR_API);
    CHECK(ayr_error_http_status(err) == 502);
    CHECK(ayr_error_api_code(err) == -1);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_API,
                "Ayrshare API error (HTTP 502): HTTP 502 Bad Gateway (non-JSON body starting "
                "with \"<html>bad gateway</html>\")",
                NULL);
    ayr_client_free(client);
}

/* HTTP 429 with Retry-After: 120 (too long to wait out): returned at once with the wait. */
static void rate_limited(void) {
    ayr_client *client = test_client();
    ayr_error *err = UNTOUCHED(ayr_error);
    ayr_webhook_list *list = UNTOUCHED(ayr_webhook_list);
    CHECK_RESULT(ayr_list_webhooks(client, NULL, &list, &err), AYR_ERR_RATE_LIMITED);
    CHECK(list == UNTOUCHED(ayr_webhook_list));
    CHECK(ayr_error_http_status(err) == 429);
    CHECK(ayr_error_retry_after_ms(err) == 120000);
    CHECK(ayr_error_api_code(err) == 429);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_RATE_LIMITED,
                "rate limited by Ayrshare (HTTP 429); retry after 120 s: Too many requests", NULL);
    ayr_client_free(client);
}

/* HTTP 429 without Retry-After. */
static void rate_limited_without_wait(void) {
    ayr_client *client = test_client();
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_unregister_webhook(client, "feed", NULL, &err), AYR_ERR_RATE_LIMITED);
    CHECK(ayr_error_retry_after_ms(err) == -1);
    CHECK(ayr_error_api_code(err) == -1);
    CHECK_ERROR(err, AYR_ERR_RATE_LIMITED, "rate limited by Ayrshare (HTTP 429): HTTP 429 Too Many Requests",
                NULL);
    ayr_client_free(client);
}

/* HTTP 200 whose body is not JSON. */
static void decode_error(void) {
    ayr_client *client = test_client();
    ayr_error *err = failed_registration(client, AYR_ERR_DECODE);
    CHECK(ayr_error_http_status(err) == 200);
    CHECK_ERROR(err, AYR_ERR_DECODE,
                "unexpected response body (HTTP 200): not valid JSON (syntax error); body starts "
                "with \"<html>maintenance</html>\"",
                NULL);
    ayr_client_free(client);
}

/* A URL holding a NUL character cannot become a C string: a decode error, not a cut string. */
static void decode_error_nul_in_answer(void) {
    ayr_client *client = test_client();
    ayr_error *err = failed_registration(client, AYR_ERR_DECODE);
    CHECK_ERROR(err, AYR_ERR_DECODE,
                "the answer's `url` contains a NUL character, which a C string cannot carry",
                NULL);
    ayr_client_free(client);
}

/*
 * A server that accepts but never answers: the per-attempt timeout ends the call. 300 ms, or
 * 3 s under valgrind, where the program's first call may take longer than 300 ms to connect
 * (the harness asserts the server saw the connection).
 */
static void timeout(void) {
    ayr_client *client = NULL;
    ayr_error *err = NULL;
    ayr_client_builder *builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, required_env("AYR_TEST_BASE_URL")),
                 AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(builder, under_valgrind() ? 3000 : 300),
                 AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_max_retries(builder, 0), AYR_OK);
    CHECK_RESULT(ayr_client_builder_build(builder, &client, &err), AYR_OK);
    err = failed_registration(client, AYR_ERR_TIMEOUT);
    CHECK(ayr_error_http_status(err) == 0);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_TIMEOUT, "request timed out (1 attempt)", NULL);
    ayr_client_free(client);
}

/* A closed port: connection refused. */
static void connection_refused(void) {
    ayr_client *client = test_client();
    ayr_error *err = failed_registration(client, AYR_ERR_CONNECTION);
    CHECK(ayr_error_http_status(err) == 0);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_CONNECTION,
                "connection to the API failed (1 attempt): connection refused", NULL);
    ayr_client_free(client);
}

/* Invalid input is rejected before any I/O (the harness fails on any request). */
static void invalid_input_sends_nothing(void) {
    ayr_client *client = test_client();
    ayr_webhook *hook = UNTOUCHED(ayr_webhook);
    ayr_webhook_list *list = UNTOUCHED(ayr_webhook_list);
    ayr_error *err = NULL;

    CHECK_RESULT(ayr_register_webhook(client, "scheduled", "http://example.com/hook", NULL, NULL,
                                      &hook, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid url: must use https (got scheme \"http\") (no request was sent)", "url");

    CHECK_RESULT(ayr_register_webhook(client, "Scheduled", HOOK_URL, NULL, NULL, &hook, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid action: unknown action (did you mean \"scheduled\"?); expected one of: feed, social, "
                "scheduled, batch, messages, accountActivity (no request was sent)",
                "action");

    CHECK_RESULT(ayr_register_webhook(client, "feed", HOOK_URL, "line\nbreak", NULL, &hook, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid secret: must not contain control characters (no request was sent)",
                "secret");

    CHECK_RESULT(ayr_register_webhook(client, "feed", HOOK_URL, NULL, "evil\r\nX-Injected: 1",
                                      &hook, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid profile_key: must not contain whitespace or control characters (no "
                "request was sent)",
                "profile_key");
    CHECK(hook == UNTOUCHED(ayr_webhook));

    CHECK_RESULT(ayr_unregister_webhook(client, "everything", NULL, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK(strcmp(ayr_error_field(err), "action") == 0);
    ayr_error_free(err);
    err = NULL;

    CHECK_RESULT(ayr_list_webhooks(client, "", &list, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid profile_key: must not be empty (no request was sent)", "profile_key");
    CHECK(list == UNTOUCHED(ayr_webhook_list));

    CHECK_RESULT(ayr_rotate_webhook_secret(client, "", NULL, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid secret: must not be empty (no request was sent)", "secret");

    /* Without out_error the result still tells the kind, and nothing leaks. */
    CHECK_RESULT(ayr_rotate_webhook_secret(client, "tab\there", NULL, NULL),
                 AYR_ERR_INVALID_ARGUMENT);
    ayr_client_free(client);
}

/* Every result has a static name; an unknown value has one too. */
static void result_names(void) {
    CHECK_STR(ayr_result_name(AYR_OK), "AYR_OK");
    CHECK_STR(ayr_result_name(AYR_ERR_NULL_ARGUMENT), "AYR_ERR_NULL_ARGUMENT");
    CHECK_STR(ayr_result_name(AYR_ERR_INVALID_ARGUMENT), "AYR_ERR_INVALID_ARGUMENT");
    CHECK_STR(ayr_result_name(AYR_ERR_PANIC), "AYR_ERR_PANIC");
    CHECK_STR(ayr_result_name(AYR_ERR_OTHER), "AYR_ERR_OTHER");
    CHECK_STR(ayr_result_name(AYR_ERR_API), "AYR_ERR_API");
    CHECK_STR(ayr_result_name(AYR_ERR_RATE_LIMITED), "AYR_ERR_RATE_LIMITED");
    CHECK_STR(ayr_result_name(AYR_ERR_TIMEOUT), "AYR_ERR_TIMEOUT");
    CHECK_STR(ayr_result_name(AYR_ERR_CONNECTION), "AYR_ERR_CONNECTION");
    CHECK_STR(ayr_result_name(AYR_ERR_DECODE), "AYR_ERR_DECODE");
    CHECK_STR(ayr_result_name(AYR_ERR_TLS), "AYR_ERR_TLS");
    CHECK_STR(ayr_result_name(AYR_ERR_PROXY), "AYR_ERR_PROXY");
    CHECK_STR(ayr_result_name(AYR_ERR_CANCELLED), "AYR_ERR_CANCELLED");
    CHECK(AYR_ERR_TLS == 15 && AYR_ERR_PROXY == 16 && AYR_ERR_CANCELLED == 17);
    CHECK_STR(ayr_result_name(AYR_ERR_SIGNATURE), "AYR_ERR_SIGNATURE");
    CHECK_STR(ayr_result_name(AYR_ERR_SIGNATURE_MISSING), "AYR_ERR_SIGNATURE_MISSING");
    CHECK_STR(ayr_result_name(AYR_ERR_SIGNATURE_MALFORMED), "AYR_ERR_SIGNATURE_MALFORMED");
    CHECK_STR(ayr_result_name(AYR_ERR_SIGNATURE_MISMATCH), "AYR_ERR_SIGNATURE_MISMATCH");
    CHECK_STR(ayr_result_name(AYR_ERR_TIMESTAMP_MISSING), "AYR_ERR_TIMESTAMP_MISSING");
    CHECK_STR(ayr_result_name(AYR_ERR_TIMESTAMP_MALFORMED), "AYR_ERR_TIMESTAMP_MALFORMED");
    CHECK_STR(ayr_result_name(AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE),
              "AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE");
    CHECK_STR(ayr_result_name((ayr_result)5), "AYR_ERR_UNKNOWN");
    CHECK_STR(ayr_result_name((ayr_result)0xFFFFFFFFu), "AYR_ERR_UNKNOWN");
    CHECK(AYR_OK == 0);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"api_error", api_error},
        {"api_error_in_success_status", api_error_in_success_status},
        {"server_error_html", server_error_html},
        {"rate_limited", rate_limited},
        {"rate_limited_without_wait", rate_limited_without_wait},
        {"decode_error", decode_error},
        {"decode_error_nul_in_answer", decode_error_nul_in_answer},
        {"timeout", timeout},
        {"connection_refused", connection_refused},
        {"invalid_input_sends_nothing", invalid_input_sends_nothing},
        {"result_names", result_names},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
