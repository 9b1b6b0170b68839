/*
 * NULL for each pointer parameter of every function, a non-UTF-8 string for each string
 * parameter, and *_free(NULL). Required arguments give AYR_ERR_NULL_ARGUMENT or
 * AYR_ERR_INVALID_ARGUMENT naming the argument; accessors answer NULL / 0 / false. The client
 * points at a mock server that fails the run on any request: none of this may reach the wire.
 */
#include "check.h"

#define HOOK_URL "https://example.com/hooks/ayrshare"

/* `call` (which uses `&err`) must fail with `result`, naming `field`, and leave `*out` as is. */
#define CHECK_ARG_ERROR(call, result, field)                                                  \
    do {                                                                                       \
        ayr_error *err = NULL;                                                                 \
        CHECK_RESULT(call, result);                                                            \
        CHECK(err != NULL);                                                                    \
        CHECK_RESULT(ayr_error_result(err), result);                                           \
        CHECK_STR(ayr_error_field(err), field);                                                \
        CHECK(ayr_error_http_status(err) == 0 && ayr_error_api_code(err) == -1);               \
        if ((result) == AYR_ERR_NULL_ARGUMENT)                                                 \
            CHECK_STR(ayr_error_message(err), "argument `" field "` is NULL");                  \
        else                                                                                   \
            CHECK_STR(ayr_error_message(err),                                                  \
                      "invalid " field ": not valid UTF-8 (no request was sent)");             \
        ayr_error_free(err);                                                                   \
    } while (0)

#define CHECK_NULL_ARG(call, field) CHECK_ARG_ERROR(call, AYR_ERR_NULL_ARGUMENT, field)
#define CHECK_NOT_UTF8(call, field) CHECK_ARG_ERROR(call, AYR_ERR_INVALID_ARGUMENT, field)

static void clients_and_builders(void) {
    ayr_client *client = UNTOUCHED(ayr_client);
    ayr_client_builder *builder;

    CHECK_NULL_ARG(ayr_client_new(NULL, &client, &err), "api_key");
    CHECK_NULL_ARG(ayr_client_new(TEST_API_KEY, NULL, &err), "out_client");
    CHECK_NOT_UTF8(ayr_client_new(NOT_UTF8, &client, &err), "api_key");
    CHECK_RESULT(ayr_client_new(NULL, &client, NULL), AYR_ERR_NULL_ARGUMENT);
    CHECK_NULL_ARG(ayr_client_from_env(NULL, &err), "out_client");
    CHECK(client == UNTOUCHED(ayr_client));

    CHECK(ayr_client_builder_new(NULL) == NULL);
    CHECK(ayr_client_builder_new(NOT_UTF8) == NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(NULL, "https://x.example"),
                 AYR_ERR_NULL_ARGUMENT);
    CHECK_RESULT(ayr_client_builder_set_profile_key(NULL, "p"), AYR_ERR_NULL_ARGUMENT);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(NULL, 1), AYR_ERR_NULL_ARGUMENT);
    CHECK_RESULT(ayr_client_builder_set_connect_timeout_ms(NULL, 1), AYR_ERR_NULL_ARGUMENT);
    CHECK_RESULT(ayr_client_builder_set_max_retries(NULL, 1), AYR_ERR_NULL_ARGUMENT);
    CHECK_NULL_ARG(ayr_client_builder_build(NULL, &client, &err), "builder");

    builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, NULL), AYR_ERR_NULL_ARGUMENT);
    CHECK_RESULT(ayr_client_builder_set_profile_key(builder, NULL), AYR_ERR_NULL_ARGUMENT);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, NOT_UTF8), AYR_ERR_INVALID_ARGUMENT);
    CHECK_RESULT(ayr_client_builder_set_profile_key(builder, NOT_UTF8),
                 AYR_ERR_INVALID_ARGUMENT);
    /* The failed setters stored nothing: the builder still builds. */
    CHECK_RESULT(ayr_client_builder_build(builder, &client, NULL), AYR_OK);
    ayr_client_free(client);

    /* A NULL out_client still consumes the builder (valgrind and LeakSanitizer would see it). */
    builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK(builder != NULL);
    CHECK_NULL_ARG(ayr_client_builder_build(builder, NULL, &err), "out_client");
    builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_build(builder, NULL, NULL), AYR_ERR_NULL_ARGUMENT);

    ayr_client_free(NULL);
    ayr_client_builder_free(NULL);
}

static void calls(void) {
    ayr_client *client = test_client();
    ayr_webhook *hook = UNTOUCHED(ayr_webhook);
    ayr_webhook_list *list = UNTOUCHED(ayr_webhook_list);

    CHECK_NULL_ARG(ayr_register_webhook(NULL, "feed", HOOK_URL, NULL, NULL, &hook, &err),
                   "client");
    CHECK_NULL_ARG(ayr_register_webhook(client, NULL, HOOK_URL, NULL, NULL, &hook, &err),
                   "action");
    CHECK_NULL_ARG(ayr_register_webhook(client, "feed", NULL, NULL, NULL, &hook, &err), "url");
    CHECK_NULL_ARG(ayr_register_webhook(client, "feed", HOOK_URL, "s", "p", NULL, &err),
                   "out_webhook");
    CHECK_NOT_UTF8(ayr_register_webhook(client, NOT_UTF8, HOOK_URL, NULL, NULL, &hook, &err),
                   "action");
    CHECK_NOT_UTF8(ayr_register_webhook(client, "feed", NOT_UTF8, NULL, NULL, &hook, &err),
                   "url");
    CHECK_NOT_UTF8(ayr_register_webhook(client, "feed", HOOK_URL, NOT_UTF8, NULL, &hook, &err),
                   "secret");
    CHECK_NOT_UTF8(ayr_register_webhook(client, "feed", HOOK_URL, NULL, NOT_UTF8, &hook, &err),
                   "profile_key");
    CHECK(hook == UNTOUCHED(ayr_webhook));

    CHECK_NULL_ARG(ayr_unregister_webhook(NULL, "feed", NULL, &err), "client");
    CHECK_NULL_ARG(ayr_unregister_webhook(client, NULL, NULL, &err), "action");
    CHECK_NOT_UTF8(ayr_unregister_webhook(client, NOT_UTF8, NULL, &err), "action");
    CHECK_NOT_UTF8(ayr_unregister_webhook(client, "feed", NOT_UTF8, &err), "profile_key");

    CHECK_NULL_ARG(ayr_list_webhooks(NULL, NULL, &list, &err), "client");
    CHECK_NULL_ARG(ayr_list_webhooks(client, NULL, NULL, &err), "out_list");
    CHECK_NOT_UTF8(ayr_list_webhooks(client, NOT_UTF8, &list, &err), "profile_key");
    CHECK(list == UNTOUCHED(ayr_webhook_list));

    CHECK_NULL_ARG(ayr_rotate_webhook_secret(NULL, "s", NULL, &err), "client");
    CHECK_NULL_ARG(ayr_rotate_webhook_secret(client, NULL, NULL, &err), "secret");
    CHECK_NOT_UTF8(ayr_rotate_webhook_secret(client, NOT_UTF8, NULL, &err), "secret");
    CHECK_NOT_UTF8(ayr_rotate_webhook_secret(client, "s", NOT_UTF8, &err), "profile_key");

    ayr_client_free(client);
}

static void results(void) {
    CHECK(ayr_error_result(NULL) == AYR_OK);
    CHECK(ayr_error_message(NULL) == NULL);
    CHECK(ayr_error_field(NULL) == NULL);
    CHECK(ayr_error_http_status(NULL) == 0);
    CHECK(ayr_error_api_code(NULL) == -1);
    CHECK(ayr_error_retry_after_ms(NULL) == -1);
    CHECK(!ayr_error_is_retryable(NULL));
    ayr_error_free(NULL);

    CHECK(ayr_webhook_status(NULL) == NULL);
    CHECK(ayr_webhook_action(NULL) == NULL);
    CHECK(ayr_webhook_url(NULL) == NULL);
    CHECK(ayr_webhook_ref_id(NULL) == NULL);
    ayr_webhook_free(NULL);

    CHECK(ayr_webhook_list_len(NULL) == 0);
    CHECK(ayr_webhook_list_action(NULL, 0) == NULL);
    CHECK(ayr_webhook_list_url(NULL, 0) == NULL);
    CHECK(ayr_webhook_list_get(NULL, "feed") == NULL);
    CHECK(ayr_webhook_list_raw_json(NULL) == NULL);
    ayr_webhook_list_free(NULL);
}

static void verification(void) {
    static const uint8_t body[] = "{}";
    const char *sig = "00";
    ayr_verifier *verifier = UNTOUCHED(ayr_verifier);
    ayr_verifier *real = NULL;
    ayr_delivery *delivery = UNTOUCHED(ayr_delivery);
    int64_t code = 7;

    CHECK_NULL_ARG(ayr_verify_signature(NULL, 3, body, 2, sig, &err), "secret");
    CHECK_NULL_ARG(ayr_verify_signature((const uint8_t *)"abc", 3, NULL, 2, sig, &err), "body");
    CHECK_NULL_ARG(ayr_verify_signature((const uint8_t *)"abc", 3, body, 2, NULL, &err),
                   "signature");
    CHECK_NOT_UTF8(ayr_verify_signature((const uint8_t *)"abc", 3, body, 2, NOT_UTF8, &err),
                   "signature");

    CHECK_NULL_ARG(ayr_verifier_new(NULL, 3, AYR_DEFAULT_TOLERANCE_SECS, &verifier, &err),
                   "secret");
    CHECK_NULL_ARG(ayr_verifier_new((const uint8_t *)"abc", 3, 0, NULL, &err), "out_verifier");
    CHECK(verifier == UNTOUCHED(ayr_verifier));
    /* NULL with a zero length is an empty secret, not a NULL one. */
    {
        ayr_error *err = NULL;
        CHECK_RESULT(ayr_verifier_new(NULL, 0, AYR_DEFAULT_TOLERANCE_SECS, &verifier, &err),
                     AYR_ERR_INVALID_ARGUMENT);
        CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                    "invalid secret: must not be empty (no request was sent)", "secret");
        CHECK(verifier == UNTOUCHED(ayr_verifier));
    }

    CHECK_RESULT(ayr_verifier_new((const uint8_t *)"abc", 3, 0, &real, NULL), AYR_OK);
    CHECK_NULL_ARG(ayr_verifier_verify(NULL, sig, NULL, NULL, body, 2, &err), "verifier");
    CHECK_NULL_ARG(ayr_verifier_verify(real, sig, NULL, NULL, NULL, 2, &err), "body");
    CHECK_NOT_UTF8(ayr_verifier_verify(real, NOT_UTF8, NULL, NULL, body, 2, &err), "signature");
    CHECK_NOT_UTF8(ayr_verifier_verify(real, NULL, NOT_UTF8, NULL, body, 2, &err),
                   "signature_v2");
    CHECK_NOT_UTF8(ayr_verifier_verify(real, sig, NULL, NOT_UTF8, body, 2, &err), "timestamp");
    /* Every header may be NULL (absent), and (NULL, 0) is an empty body: no signature. */
    CHECK_RESULT(ayr_verifier_verify(real, NULL, NULL, NULL, NULL, 0, NULL),
                 AYR_ERR_SIGNATURE_MISSING);
    ayr_verifier_free(real);
    ayr_verifier_free(NULL);

    CHECK_NULL_ARG(ayr_parse_delivery(NULL, 2, &delivery, &err), "body");
    CHECK_NULL_ARG(ayr_parse_delivery(body, 2, NULL, &err), "out_delivery");
    CHECK(delivery == UNTOUCHED(ayr_delivery));

    CHECK(ayr_delivery_action(NULL) == NULL);
    CHECK(!ayr_delivery_action_is_known(NULL));
    CHECK(ayr_delivery_sub_action(NULL) == NULL);
    CHECK(ayr_delivery_created(NULL) == NULL);
    CHECK(ayr_delivery_ref_id(NULL) == NULL);
    CHECK(ayr_delivery_hook_id(NULL) == NULL);
    CHECK(ayr_delivery_status(NULL) == NULL);
    CHECK(!ayr_delivery_code(NULL, &code));
    CHECK(code == 7);
    CHECK(ayr_delivery_payload_json(NULL) == NULL);
    ayr_delivery_free(NULL);

    /* A delivery that has a code, read into NULL: false, nothing written. */
    delivery = NULL;
    CHECK_RESULT(ayr_parse_delivery((const uint8_t *)"{\"action\":\"feed\",\"code\":5}", 26,
                                    &delivery, NULL),
                 AYR_OK);
    CHECK(!ayr_delivery_code(delivery, NULL));
    CHECK(ayr_delivery_code(delivery, &code) && code == 5);
    ayr_delivery_free(delivery);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"clients_and_builders", clients_and_builders},
        {"calls", calls},
        {"results", results},
        {"verification", verification},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
