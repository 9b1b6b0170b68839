/*
 * One client and one verifier shared by 8 POSIX threads at once. Each thread registers and
 * lists with its own profile key, 4 times; the harness expects exactly 4 registrations and 4
 * listings per profile key, each with the right headers and body.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "check.h"

#define THREADS 8
#define ROUNDS 4

struct shared {
    const ayr_client *client;
    const ayr_verifier *verifier;
    const unsigned char *body;
    size_t body_len;
    const char *signature;
};

struct worker {
    const struct shared *shared;
    int index;
    int failures;
};

static void *work(void *arg) {
    struct worker *w = (struct worker *)arg;
    const struct shared *s = w->shared;
    char profile[32], url[96];
    int round;
    snprintf(profile, sizeof profile, "thread-%d", w->index);
    snprintf(url, sizeof url, "https://example.com/hooks/thread-%d", w->index);
    for (round = 0; round < ROUNDS; round++) {
        ayr_webhook *hook = NULL;
        ayr_webhook_list *list = NULL;
        ayr_error *err = NULL;
        if (ayr_register_webhook(s->client, "scheduled", url, NULL, profile, &hook, &err) != AYR_OK
            || strcmp(ayr_webhook_url(hook), url) != 0) {
            fprintf(stderr, "thread %d register: %s\n", w->index, ayr_error_message(err));
            w->failures++;
        }
        ayr_webhook_free(hook);
        ayr_error_free(err);
        err = NULL;
        if (ayr_list_webhooks(s->client, profile, &list, &err) != AYR_OK
            || ayr_webhook_list_len(list) != 1
            || strcmp(ayr_webhook_list_url(list, 0), url) != 0) {
            fprintf(stderr, "thread %d list: %s\n", w->index, ayr_error_message(err));
            w->failures++;
        }
        ayr_webhook_list_free(list);
        ayr_error_free(err);
        if (ayr_verifier_verify(s->verifier, s->signature, NULL, NULL, s->body, s->body_len, NULL)
                != AYR_OK
            || ayr_verifier_verify(s->verifier, s->signature, NULL, NULL, s->body, s->body_len - 1,
                                   NULL)
                   != AYR_ERR_SIGNATURE_MISMATCH) {
            fprintf(stderr, "thread %d verify\n", w->index);
            w->failures++;
        }
    }
    return NULL;
}

static void eight_threads_share_a_client(void) {
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    struct shared shared;
    ayr_client *client = test_client();
    ayr_verifier *verifier = NULL;
    size_t len;
    unsigned char *body = read_fixture("delivery.json", &len);
    char *signature = read_text_fixture("delivery.hex.sig");
    int i;

    CHECK_RESULT(ayr_verifier_new((const uint8_t *)TEST_SECRET, strlen(TEST_SECRET),
                                  AYR_NO_TIMESTAMP_CHECK, &verifier, NULL),
                 AYR_OK);
    shared.client = client;
    shared.verifier = verifier;
    shared.body = body;
    shared.body_len = len;
    shared.signature = signature;
    for (i = 0; i < THREADS; i++) {
        workers[i].shared = &shared;
        workers[i].index = i;
        workers[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        if (workers[i].failures != 0) FAIL("thread %d had %d failures", i, workers[i].failures);
    }
    ayr_verifier_free(verifier);
    ayr_client_free(client);
    free(body);
    free(signature);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"eight_threads_share_a_client", eight_threads_share_a_client},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
