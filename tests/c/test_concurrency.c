/*
 * One client shared by 8 POSIX threads, AYR_TEST_CALLS_PER_THREAD calls each (500; 25 under
 * valgrind), against a fault server answering 200 with keep-alive: every call succeeds, and
 * the harness asserts the server saw exactly 8 x calls requests over at most 8 connections
 * (one per thread in flight at most; the pool keeps them between calls).
 */
#include "fault.h"

#include <pthread.h>

#define THREADS 8
#define HOOK_URL "https://example.com/hooks/ayrshare"

struct worker {
    const ayr_client *client;
    pthread_barrier_t *start;
    long calls;
    int index;
    long failures;
};

static int call_ok(const ayr_client *client, long n) {
    ayr_error *err = NULL;
    ayr_result r;
    int ok;
    switch (n % 4) {
    case 0: {
        ayr_webhook *hook = NULL;
        r = ayr_register_webhook(client, "scheduled", HOOK_URL, "concurrency-secret", NULL, &hook,
                                 &err);
        ok = r == AYR_OK && strcmp(ayr_webhook_action(hook), "scheduled") == 0
             && strcmp(ayr_webhook_url(hook), HOOK_URL) == 0;
        ayr_webhook_free(hook);
        break;
    }
    case 1: {
        ayr_webhook_list *list = NULL;
        r = ayr_list_webhooks(client, NULL, &list, &err);
        ok = r == AYR_OK && ayr_webhook_list_len(list) == 2;
        ayr_webhook_list_free(list);
        break;
    }
    case 2:
        r = ayr_unregister_webhook(client, "feed", NULL, &err);
        ok = r == AYR_OK;
        break;
    default:
        r = ayr_rotate_webhook_secret(client, "rotated-secret", NULL, &err);
        ok = r == AYR_OK;
        break;
    }
    if (!ok)
        fprintf(stderr, "call %ld: %s: %s\n", n, ayr_result_name(r),
                err ? ayr_error_message(err) : "(no error)");
    ayr_error_free(err);
    return ok;
}

static void *work(void *arg) {
    struct worker *w = (struct worker *)arg;
    long call;
    pthread_barrier_wait(w->start);
    for (call = 0; call < w->calls; call++)
        if (!call_ok(w->client, w->index + call)) w->failures++;
    return NULL;
}

static void eight_threads_one_client(void) {
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    pthread_barrier_t start;
    long calls = atol(required_env("AYR_TEST_CALLS_PER_THREAD"));
    /* A generous timeout: a loaded machine must not turn this into a timing test. */
    ayr_client *client = fault_client(30000, 0);
    long total = 0;
    int i;

    CHECK(calls > 0);
    CHECK(pthread_barrier_init(&start, NULL, THREADS) == 0);
    for (i = 0; i < THREADS; i++) {
        workers[i].client = client;
        workers[i].start = &start;
        workers[i].calls = calls;
        workers[i].index = i;
        workers[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (i = 0; i < THREADS; i++) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        total += workers[i].failures;
    }
    CHECK(pthread_barrier_destroy(&start) == 0);
    ayr_client_free(client);
    if (total != 0) FAIL("%ld of %ld calls failed", total, calls * THREADS);
    printf("%d threads x %ld calls succeeded\n", THREADS, calls);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"eight_threads_one_client", eight_threads_one_client},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
