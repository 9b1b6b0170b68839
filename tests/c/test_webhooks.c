/*
 * The four API calls on their success paths. The harness (webhook_cases in
 * ffi/tests/harness/cases.rs) expects each exact request: method, path, Authorization,
 * Profile-Key present only when set, Content-Type and the exact JSON body.
 */
#include "check.h"

#define HOOK_URL "https://example.com/hooks/ayrshare"

/* Secret given, no profile key: the body carries the secret, no Profile-Key header. */
static void register_with_secret(void) {
    ayr_client *client = test_client();
    ayr_webhook *hook = NULL;
    ayr_error *err = UNTOUCHED(ayr_error);
    CHECK_RESULT(ayr_register_webhook(client, "scheduled", HOOK_URL, "s3cret-value", NULL, &hook,
                                      &err),
                 AYR_OK);
    CHECK(err == UNTOUCHED(ayr_error));
    CHECK_STR(ayr_webhook_status(hook), "success");
    CHECK_STR(ayr_webhook_action(hook), "scheduled");
    CHECK_STR(ayr_webhook_url(hook), HOOK_URL);
    CHECK_STR(ayr_webhook_ref_id(hook), "3dc079614bdc3f281d9");
    ayr_webhook_free(hook);
    ayr_client_free(client);
}

/* No secret, a per-call profile key; the answer has no refId. */
static void register_without_secret_for_profile(void) {
    ayr_client *client = test_client();
    ayr_webhook *hook = NULL;
    ayr_error *err = NULL;
    CHECK_RESULT(
        ayr_register_webhook(client, "feed", HOOK_URL, NULL, "per-call-profile", &hook, &err),
        AYR_OK);
    CHECK_STR(ayr_webhook_action(hook), "feed");
    CHECK_STR(ayr_webhook_ref_id(hook), NULL);
    ayr_webhook_free(hook);
    ayr_client_free(client);
}

/* The client's profile key is sent unless a call passes its own. */
static void register_client_profile_and_override(void) {
    ayr_client *client = test_client_with_profile("client-profile");
    ayr_webhook *first = NULL, *second = NULL;
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_register_webhook(client, "social", HOOK_URL, NULL, NULL, &first, &err),
                 AYR_OK);
    CHECK_RESULT(ayr_register_webhook(client, "social", HOOK_URL, NULL, "other-profile", &second,
                                      &err),
                 AYR_OK);
    CHECK_STR(ayr_webhook_ref_id(first), "ref-client");
    CHECK_STR(ayr_webhook_ref_id(second), "ref-other");
    /* A webhook outlives the client it came from. */
    ayr_client_free(client);
    CHECK_STR(ayr_webhook_url(first), HOOK_URL);
    ayr_webhook_free(first);
    ayr_webhook_free(second);
}

/* accountActivity is deprecated by Ayrshare but can still be registered. */
static void register_account_activity(void) {
    ayr_client *client = test_client();
    ayr_webhook *hook = NULL;
    CHECK_RESULT(
        ayr_register_webhook(client, "accountActivity", HOOK_URL, NULL, NULL, &hook, NULL),
        AYR_OK);
    CHECK_STR(ayr_webhook_action(hook), "accountActivity");
    ayr_webhook_free(hook);
    ayr_client_free(client);
}

/* DELETE with {"action"}, once without and once with a profile key. */
static void unregister(void) {
    ayr_client *client = test_client();
    ayr_error *err = UNTOUCHED(ayr_error);
    CHECK_RESULT(ayr_unregister_webhook(client, "feed", NULL, &err), AYR_OK);
    CHECK_RESULT(ayr_unregister_webhook(client, "messages", "profile-2", &err), AYR_OK);
    CHECK(err == UNTOUCHED(ayr_error));
    ayr_client_free(client);
}

/* GET without a body; known actions in documentation order, other keys only in the JSON. */
static void list(void) {
    ayr_client *client = test_client();
    ayr_webhook_list *list = NULL;
    ayr_error *err = NULL;
    const char *raw;
    CHECK_RESULT(ayr_list_webhooks(client, NULL, &list, &err), AYR_OK);
    CHECK(ayr_webhook_list_len(list) == 2);
    CHECK_STR(ayr_webhook_list_action(list, 0), "feed");
    CHECK_STR(ayr_webhook_list_url(list, 0), "https://a.example/feed");
    CHECK_STR(ayr_webhook_list_action(list, 1), "scheduled");
    CHECK_STR(ayr_webhook_list_url(list, 1), "https://a.example/scheduled");
    CHECK_STR(ayr_webhook_list_action(list, 2), NULL);
    CHECK_STR(ayr_webhook_list_url(list, 2), NULL);
    CHECK_STR(ayr_webhook_list_action(list, (size_t)-1), NULL);
    CHECK_STR(ayr_webhook_list_get(list, "scheduled"), "https://a.example/scheduled");
    CHECK_STR(ayr_webhook_list_get(list, "social"), NULL);
    CHECK_STR(ayr_webhook_list_get(list, "updated"), NULL);
    CHECK_STR(ayr_webhook_list_get(list, "nonsense"), NULL);
    CHECK_STR(ayr_webhook_list_get(list, NULL), NULL);
    CHECK_STR(ayr_webhook_list_get(list, NOT_UTF8), NULL);
    raw = ayr_webhook_list_raw_json(list);
    CHECK(raw != NULL && raw[0] == '{');
    CHECK(strstr(raw, "\"updated\":\"2026-11-01T10:00:00Z\"") != NULL);
    CHECK(strstr(raw, "\"social\":null") != NULL);
    ayr_webhook_list_free(list);
    ayr_client_free(client);
}

/* A listing for another profile; no webhook at all. */
static void list_for_profile(void) {
    ayr_client *client = test_client();
    ayr_webhook_list *list = NULL;
    CHECK_RESULT(ayr_list_webhooks(client, "list-profile", &list, NULL), AYR_OK);
    CHECK(ayr_webhook_list_len(list) == 0);
    CHECK_STR(ayr_webhook_list_action(list, 0), NULL);
    ayr_webhook_list_free(list);
    ayr_client_free(client);
}

/* POST /hook/webhook/secret with {"secret"}, for the client's profile and for another. */
static void rotate_secret(void) {
    ayr_client *client = test_client_with_profile("client-profile");
    ayr_error *err = NULL;
    CHECK_RESULT(ayr_rotate_webhook_secret(client, "new-secret-1", NULL, &err), AYR_OK);
    CHECK_RESULT(ayr_rotate_webhook_secret(client, "new-secret-2", "rotated-profile", &err),
                 AYR_OK);
    CHECK(err == NULL);
    ayr_client_free(client);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"register_with_secret", register_with_secret},
        {"register_without_secret_for_profile", register_without_secret_for_profile},
        {"register_client_profile_and_override", register_client_profile_and_override},
        {"register_account_activity", register_account_activity},
        {"unregister", unregister},
        {"list", list},
        {"list_for_profile", list_for_profile},
        {"rotate_secret", rotate_secret},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
