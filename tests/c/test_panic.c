/*
 * The panic boundary: a panic inside libayr (forced by the test-only functions of a library
 * built with the cargo feature `testing`) comes back as AYR_ERR_PANIC or NULL, and the process
 * goes on working: after the panics the same program builds a client and registers a webhook
 * (the harness expects that request).
 */
#include "check.h"

#ifndef AYR_TESTING
#error "test_panic.c needs the test build of libayr: compile with -DAYR_TESTING"
#endif

static void panic_is_caught(void) {
    ayr_error *err = NULL;
    ayr_client *client;
    ayr_webhook *hook = NULL;
    int i;

    CHECK_RESULT(ayr_testing_panic(&err), AYR_ERR_PANIC);
    CHECK(ayr_error_http_status(err) == 0);
    CHECK_ERROR(err, AYR_ERR_PANIC,
                "internal error: libayr caught a panic (a bug in libayr; please report it)", NULL);
    /* Without out_error, and many times over: no leak, no abort. */
    for (i = 0; i < 3; i++) CHECK_RESULT(ayr_testing_panic(NULL), AYR_ERR_PANIC);
    CHECK(ayr_testing_panic_string() == NULL);

    /* The process lives on and libayr still works. */
    client = test_client();
    CHECK_RESULT(ayr_register_webhook(client, "batch", "https://example.com/after-panic", NULL,
                                      NULL, &hook, &err),
                 AYR_OK);
    CHECK_STR(ayr_webhook_action(hook), "batch");
    ayr_webhook_free(hook);
    ayr_client_free(client);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"panic_is_caught", panic_is_caught},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
