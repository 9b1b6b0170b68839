/*
 * Fork safety: one call, fork(), then 500 calls in each process, started together (a pipe is
 * the start signal), each registering a URL of its own, which the fault server (playing `200`)
 * echoes back. Were the two processes to share the inherited pooled socket, answers would
 * cross: a call would get the other's URL, or an error. Both see 0 mismatches and 0 errors;
 * the harness asserts 1001 requests over exactly 2 connections (the parent's, kept, and the
 * child's own).
 *
 * Every mode checks both processes: valgrind writes one log per process (the harness's
 * --log-file=...%p) and checks each; the child frees its client and leaves with exit(), so
 * LeakSanitizer and valgrind's leak check run in it too.
 */
#include "network.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CALLS 500

/* `CALLS` registrations of URLs tagged `who`; prints and returns mismatches + errors. */
static int calls(const ayr_client *client, const char *who) {
    int i, mismatches = 0, errors = 0;
    char url[96];
    for (i = 0; i < CALLS; i++) {
        ayr_webhook *hook = NULL;
        ayr_error *err = NULL;
        snprintf(url, sizeof url, "https://example.com/%s/%d", who, i);
        if (ayr_register_webhook(client, "feed", url, NULL, NULL, &hook, &err) != AYR_OK) {
            if (errors++ == 0) fprintf(stderr, "%s: call %d: %s\n", who, i, ayr_error_message(err));
            ayr_error_free(err);
        } else if (strcmp(ayr_webhook_url(hook), url) != 0) {
            if (mismatches++ == 0)
                fprintf(stderr, "%s: call %d got %s\n", who, i, ayr_webhook_url(hook));
        }
        ayr_webhook_free(hook);
    }
    printf("%s: %d calls, %d mismatches, %d errors\n", who, CALLS, mismatches, errors);
    fflush(stdout);
    return mismatches + errors;
}

static void calls_in_parent_and_child(void) {
    ayr_client *client = net_build(net_builder(required_env("AYR_TEST_BASE_URL"),
                                               success_timeout_ms(), 0));
    int go[2], status = 0, failed;
    pid_t child;
    char byte = 'g';

    list_ok(client);
    CHECK(pipe(go) == 0);
    /* Nothing buffered may be written twice (once by each process). */
    fflush(stdout);
    fflush(stderr);
    child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        close(go[1]);
        if (read(go[0], &byte, 1) != 1) FAIL("child: no start signal");
        close(go[0]);
        failed = calls(client, "child");
        ayr_client_free(client);
        exit(failed == 0 ? 0 : 1);
    }
    close(go[0]);
    CHECK(write(go[1], &byte, 1) == 1);
    close(go[1]);
    failed = calls(client, "parent");
    CHECK(waitpid(child, &status, 0) == child);
    if (!WIFEXITED(status)) FAIL("the child did not exit normally (status %d)", status);
    if (WEXITSTATUS(status) != 0) FAIL("the child failed (exit status %d)", WEXITSTATUS(status));
    CHECK(failed == 0);
    ayr_client_free(client);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"calls_in_parent_and_child", calls_in_parent_and_child},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
