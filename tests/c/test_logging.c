/*
 * Logging through ayr_set_log_callback: at AYR_LOG_DEBUG one record per attempt, under the
 * target "ayrshare_webhooks", saying the operation, method, path and attempt n of m, and no
 * record holds the API key, the profile key or a webhook secret; AYR_LOG_OFF, a NULL callback
 * or a higher minimum level turn the records off. The harness asserts the server's requests.
 */
#include "network.h"

#define MAX_RECORDS 16

#define LOG_PROFILE_KEY "log-PROFILE-KEY-b81d4e"
#define LOG_SECRET "log-WEBHOOK-SECRET-0c55aa"
#define LOG_NEW_SECRET "log-ROTATED-SECRET-91f0"

/* The records a callback received (copies: the strings live only during the call). */
struct records {
    size_t count;
    ayr_log_level level[MAX_RECORDS];
    char *target[MAX_RECORDS];
    char *message[MAX_RECORDS];
};

static char *copy(const char *text) {
    char *out = (char *)malloc(strlen(text) + 1);
    CHECK(out != NULL);
    strcpy(out, text);
    return out;
}

static void collect(ayr_log_level level, const char *target, const char *message,
                    void *userdata) {
    struct records *records = (struct records *)userdata;
    if (records->count == MAX_RECORDS) FAIL("more than %d log records", MAX_RECORDS);
    records->level[records->count] = level;
    records->target[records->count] = copy(target);
    records->message[records->count] = copy(message);
    records->count++;
}

static void free_records(struct records *records) {
    size_t i;
    for (i = 0; i < records->count; i++) {
        free(records->target[i]);
        free(records->message[i]);
    }
    records->count = 0;
}

/* Record `i` is an SDK debug record starting with `prefix`. */
static void check_record(const struct records *records, size_t i, const char *prefix) {
    CHECK(i < records->count);
    printf("record %zu: %s: %s\n", i, records->target[i], records->message[i]);
    CHECK(records->level[i] == AYR_LOG_DEBUG);
    CHECK_STR(records->target[i], "ayrshare_webhooks");
    CHECK_PREFIX(records->message[i], prefix);
}

/*
 * A listing answered 503 then 200 gives two records (the first with the status and the wait
 * before the retry); a registration with a secret and a rotation one each. No record holds a
 * key or a secret.
 */
static void records_per_attempt(void) {
    struct records records = {0, {AYR_LOG_OFF}, {NULL}, {NULL}};
    ayr_client_builder *builder =
        net_builder(required_env("AYR_TEST_BASE_URL"), success_timeout_ms(), 2);
    ayr_client *client;
    ayr_webhook *hook = NULL;
    size_t i;

    CHECK_RESULT(ayr_client_builder_set_profile_key(builder, LOG_PROFILE_KEY), AYR_OK);
    client = net_build(builder);
    ayr_set_log_callback(AYR_LOG_DEBUG, collect, &records);

    list_ok(client);
    CHECK(records.count == 2);
    check_record(&records, 0, "list_webhooks GET /api/hook/webhook: attempt 1 of 3: ");
    CHECK_CONTAINS(records.message[0], "(HTTP 503)");
    CHECK_CONTAINS(records.message[0], "; retrying in ");
    check_record(&records, 1, "list_webhooks GET /api/hook/webhook: attempt 2 of 3: HTTP 200 in ");

    CHECK_RESULT(ayr_register_webhook(client, "scheduled", "https://example.com/hooks/log",
                                      LOG_SECRET, NULL, &hook, NULL),
                 AYR_OK);
    ayr_webhook_free(hook);
    CHECK(records.count == 3);
    check_record(&records, 2, "register_webhook POST /api/hook/webhook: attempt 1 of 3: HTTP 200 in ");
    CHECK_RESULT(ayr_rotate_webhook_secret(client, LOG_NEW_SECRET, NULL, NULL), AYR_OK);
    CHECK(records.count == 4);
    check_record(&records, 3, "rotate_webhook_secret POST /api/hook/webhook/secret: attempt 1 of ");

    ayr_set_log_callback(AYR_LOG_OFF, NULL, NULL);
    for (i = 0; i < records.count; i++) {
        CHECK_LACKS(records.message[i], NET_API_KEY);
        CHECK_LACKS(records.message[i], LOG_PROFILE_KEY);
        CHECK_LACKS(records.message[i], LOG_SECRET);
        CHECK_LACKS(records.message[i], LOG_NEW_SECRET);
    }
    free_records(&records);
    ayr_client_free(client);
}

/* One listing; returns how many records it gave. */
static size_t records_of_a_call(const ayr_client *client, struct records *records) {
    size_t count;
    list_ok(client);
    count = records->count;
    free_records(records);
    return count;
}

/*
 * Off with AYR_LOG_OFF, with a NULL callback, and for debug records below a minimum of
 * AYR_LOG_WARN: no record. On again (a level above AYR_LOG_TRACE counts as AYR_LOG_TRACE),
 * one record per call.
 */
static void turned_off(void) {
    struct records records = {0, {AYR_LOG_OFF}, {NULL}, {NULL}};
    ayr_client *client =
        net_build(net_builder(required_env("AYR_TEST_BASE_URL"), success_timeout_ms(), 0));

    ayr_set_log_callback(AYR_LOG_DEBUG, collect, &records);
    ayr_set_log_callback(AYR_LOG_OFF, collect, &records);
    CHECK(records_of_a_call(client, &records) == 0);
    ayr_set_log_callback(AYR_LOG_DEBUG, NULL, &records);
    CHECK(records_of_a_call(client, &records) == 0);
    ayr_set_log_callback(AYR_LOG_WARN, collect, &records);
    CHECK(records_of_a_call(client, &records) == 0);
    ayr_set_log_callback(99, collect, &records);
    CHECK(records_of_a_call(client, &records) == 1);
    ayr_set_log_callback(AYR_LOG_DEBUG, collect, &records);
    CHECK(records_of_a_call(client, &records) == 1);
    ayr_set_log_callback(AYR_LOG_OFF, NULL, NULL);
    ayr_client_free(client);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"records_per_attempt", records_per_attempt},
        {"turned_off", turned_off},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
