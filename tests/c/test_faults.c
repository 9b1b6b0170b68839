/*
 * The fault cases of issue 5 from C: libayr against the scripted fault server of
 * tests/faultserver, with 1 s attempt timeouts (see fault.h for the valgrind run's longer
 * timeouts and margins) and 2 retries. Each case asserts the exact ayr_result, the
 * ayr_error's details (HTTP status, Ayrshare code, Retry-After, retryability, message) and a
 * bound on the elapsed time (a lower one where a wait is expected); the harness (fault_* in
 * ffi/tests/harness/cases.rs) starts the server with the case's script and asserts the exact
 * number of requests (and connections) it saw once the program has exited.
 */
#include "fault.h"

#define HOOK_URL "https://example.com/hooks/ayrshare"
#define HOOK_SECRET "fault-test-secret"
/* The refId of every success body of the fault server. */
#define FAULT_REF_ID "faultserver-ref-id"

enum op { REGISTER, LIST, UNREGISTER, ROTATE };

static const char *op_name(enum op op) {
    switch (op) {
    case REGISTER: return "register";
    case LIST: return "list";
    case UNREGISTER: return "unregister";
    default: return "rotate";
    }
}

/*
 * Runs `op` once; on success checks the fault server's documented success body as libayr
 * returns it, and frees it. On failure, out-parameters must be untouched.
 */
static ayr_result run_op(const ayr_client *client, enum op op, ayr_error **err) {
    ayr_result r;
    if (op == REGISTER) {
        ayr_webhook *hook = UNTOUCHED(ayr_webhook);
        r = ayr_register_webhook(client, "scheduled", HOOK_URL, HOOK_SECRET, NULL, &hook, err);
        if (r != AYR_OK) {
            CHECK(hook == UNTOUCHED(ayr_webhook));
            return r;
        }
        CHECK_STR(ayr_webhook_status(hook), "success");
        CHECK_STR(ayr_webhook_action(hook), "scheduled");
        CHECK_STR(ayr_webhook_url(hook), HOOK_URL);
        CHECK_STR(ayr_webhook_ref_id(hook), FAULT_REF_ID);
        ayr_webhook_free(hook);
    } else if (op == LIST) {
        ayr_webhook_list *list = UNTOUCHED(ayr_webhook_list);
        r = ayr_list_webhooks(client, NULL, &list, err);
        if (r != AYR_OK) {
            CHECK(list == UNTOUCHED(ayr_webhook_list));
            return r;
        }
        CHECK(ayr_webhook_list_len(list) == 2);
        CHECK_STR(ayr_webhook_list_get(list, "feed"), "https://example.com/hooks/feed");
        CHECK_STR(ayr_webhook_list_get(list, "scheduled"), "https://example.com/hooks/scheduled");
        ayr_webhook_list_free(list);
    } else if (op == UNREGISTER) {
        r = ayr_unregister_webhook(client, "feed", NULL, err);
    } else {
        r = ayr_rotate_webhook_secret(client, "fault-test-new-secret", NULL, err);
    }
    return r;
}

/*
 * Runs `op` once on a new client of the case's server with `timeout_ms` and `max_retries`,
 * checks its result is `expected` and the elapsed time is within [min_ms, max_ms]; returns
 * the error (NULL on success), to be checked and freed by the caller.
 */
static ayr_error *run_case(const char *what, enum op op, uint64_t timeout_ms, uint32_t retries,
                           ayr_result expected, double min_ms, double max_ms) {
    ayr_client *client = fault_client(timeout_ms, retries);
    ayr_error *err = NULL;
    double start = now_ms();
    ayr_result r = run_op(client, op, &err);
    double elapsed = now_ms() - start;
    if (r != expected)
        FAIL("%s (%s): %s, expected %s: %s", what, op_name(op), ayr_result_name(r),
             ayr_result_name(expected), err != NULL ? ayr_error_message(err) : "(no error)");
    if (expected == AYR_OK) {
        CHECK(err == NULL);
    } else {
        CHECK(err != NULL);
        CHECK_RESULT(ayr_error_result(err), expected);
        CHECK_STR(ayr_error_field(err), NULL);
    }
    check_elapsed(what, elapsed, min_ms, max_ms);
    ayr_client_free(client);
    return err;
}

/*
 * Three attempts that each run into the timeout (1 s; 3 s under valgrind), and two backoffs
 * (0.75 s at least).
 */
static void three_timeouts(const char *what, enum op op) {
    double timeout = (double)timeout_expected_ms();
    ayr_error *err = run_case(what, op, timeout_expected_ms(), 2, AYR_ERR_TIMEOUT,
                              3 * timeout + MIN_BACKOFF_TWO_RETRIES_MS - 50,
                              3 * timeout + MAX_BACKOFF_TWO_RETRIES_MS + margin_ms());
    CHECK(ayr_error_http_status(err) == 0);
    CHECK(ayr_error_api_code(err) == -1);
    CHECK(ayr_error_retry_after_ms(err) == -1);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_TIMEOUT, "request timed out (3 attempts)", NULL);
}

/*
 * A connection error after `retries` + 1 attempts whose reason mentions `reason_has`; with two
 * retries, at least the two backoffs were waited (each is drawn from the upper half of its
 * nominal 0.5 s and 1 s: 0.75 s together at least).
 */
static void connection_error(const char *what, enum op op, uint32_t retries,
                             const char *reason_has) {
    char prefix[96];
    double min = retries == 2 ? MIN_BACKOFF_TWO_RETRIES_MS : 0;
    ayr_error *err = run_case(what, op, no_timeout_expected_ms(), retries, AYR_ERR_CONNECTION,
                              min, MAX_BACKOFF_TWO_RETRIES_MS + margin_ms());
    snprintf(prefix, sizeof prefix, "connection to the API failed (%u attempt%s): ",
             (unsigned)(retries + 1), retries == 0 ? "" : "s");
    CHECK_PREFIX(ayr_error_message(err), prefix);
    if (strstr(ayr_error_message(err), reason_has) == NULL)
        FAIL("%s: \"%s\" does not mention \"%s\"", what, ayr_error_message(err), reason_has);
    CHECK(ayr_error_http_status(err) == 0);
    CHECK(ayr_error_api_code(err) == -1);
    CHECK(ayr_error_is_retryable(err));
    ayr_error_free(err);
}

/* 1: accepts, reads the request, never answers. */
static void silent(void) { three_timeouts("silent", REGISTER); }

/* 2: headers with a Content-Length, then no body. */
static void stall_body(void) { three_timeouts("stall-body", LIST); }

/* 3: half an answer then a TCP reset (ureq reports it as the peer closing). */
static void reset(void) { connection_error("reset", UNREGISTER, 2, "closed"); }

/* 4: the request is read, then the connection is closed without a byte. */
static void close_before_answer(void) { connection_error("close", LIST, 2, "closed"); }

/* 5: a complete, valid success body but a Content-Length 100 bytes larger: never a success. */
static void truncated(void) { connection_error("truncated", REGISTER, 2, "closed"); }

/* 6: a valid 10 MiB JSON success body stops at the 1 MiB cap; not retried. */
static void cap_error(const char *what, enum op op) {
    ayr_error *err = run_case(what, op, no_timeout_expected_ms(), 2, AYR_ERR_DECODE, 0,
                              margin_ms());
    CHECK(ayr_error_http_status(err) == 200);
    CHECK(ayr_error_api_code(err) == -1);
    CHECK(!ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_DECODE,
                "unexpected response body (HTTP 200): the response body is larger than the "
                "1048576-byte limit; body starts with \"\"",
                NULL);
}

static void huge(void) { cap_error("huge", LIST); }

/* 6, variant: a 10 KiB gzip body inflating to 10 MiB is cut at the same cap. */
static void gzip_bomb(void) { cap_error("gzip-bomb", REGISTER); }

/* 7: bytes that are not HTTP, retried. */
static void garbage(void) { connection_error("garbage", LIST, 2, "not valid HTTP"); }

/* 7, variant: the request's own bytes sent back. */
static void mirror(void) { connection_error("mirror", REGISTER, 0, "not valid HTTP"); }

/*
 * 8: nothing listens. With a 10 s timeout, finishing within the backoffs plus the margin
 * proves no timeout was waited for.
 */
static void refused(void) {
    ayr_error *err = run_case("refused", LIST, 10000, 2, AYR_ERR_CONNECTION,
                              MIN_BACKOFF_TWO_RETRIES_MS,
                              MAX_BACKOFF_TWO_RETRIES_MS + margin_ms());
    CHECK(ayr_error_http_status(err) == 0);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_CONNECTION,
                "connection to the API failed (3 attempts): connection refused", NULL);
}

/* 9: a valid answer, one byte per 100 ms: only the whole-attempt bound stops it. */
static void drip(void) { three_timeouts("drip", REGISTER); }

/* 9, variant: headers at once, then the body one byte per 100 ms. */
static void drip_body(void) { three_timeouts("drip-body", LIST); }

/* 10: 503, 503, 200 succeeds after exactly three requests (on one kept-alive connection). */
static void two_503_then_200(void) {
    run_case("503,503,200", REGISTER, no_timeout_expected_ms(), 2, AYR_OK,
             MIN_BACKOFF_TWO_RETRIES_MS,
             MAX_BACKOFF_TWO_RETRIES_MS + margin_ms());
}

/* 10: 503 forever is AYR_ERR_API with status 503 after three requests. */
static void always_503(void) {
    ayr_error *err = run_case("503", LIST, no_timeout_expected_ms(), 2, AYR_ERR_API,
                              MIN_BACKOFF_TWO_RETRIES_MS,
                              MAX_BACKOFF_TWO_RETRIES_MS + margin_ms());
    CHECK(ayr_error_http_status(err) == 503);
    CHECK(ayr_error_api_code(err) == 1503);
    CHECK(ayr_error_retry_after_ms(err) == -1);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_API,
                "Ayrshare API error (HTTP 503, code 1503): fault server: HTTP 503 Service "
                "Unavailable",
                NULL);
}

/* 11: 429 with Retry-After: 1 is waited out (at least 1 s), then the call succeeds. */
static void retry_after_1_then_200(void) {
    run_case("429:1,200", LIST, no_timeout_expected_ms(), 2, AYR_OK, 1000, 1000 + margin_ms());
}

/* 11: 429 with Retry-After: 3600 comes back at once, carrying the wait. */
static void retry_after_3600(void) {
    ayr_error *err = run_case("429:3600", REGISTER, no_timeout_expected_ms(), 2,
                              AYR_ERR_RATE_LIMITED, 0, margin_ms());
    CHECK(ayr_error_http_status(err) == 429);
    CHECK(ayr_error_retry_after_ms(err) == 3600000);
    CHECK(ayr_error_api_code(err) == 1429);
    CHECK(ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_RATE_LIMITED,
                "rate limited by Ayrshare (HTTP 429); retry after 3600 s: fault server: HTTP 429 "
                "Too Many Requests",
                NULL);
}

/* 11: 429 without Retry-After is not retried either. */
static void rate_limited_without_wait(void) {
    ayr_error *err = run_case("429", LIST, no_timeout_expected_ms(), 2, AYR_ERR_RATE_LIMITED, 0,
                              margin_ms());
    CHECK(ayr_error_http_status(err) == 429);
    CHECK(ayr_error_retry_after_ms(err) == -1);
    CHECK(ayr_error_api_code(err) == 1429);
    CHECK_ERROR(err, AYR_ERR_RATE_LIMITED,
                "rate limited by Ayrshare (HTTP 429): fault server: HTTP 429 Too Many Requests",
                NULL);
}

/* 11: a client error is AYR_ERR_API with its status and the body's code, not retried. */
static void client_error(uint16_t status, const char *reason) {
    char what[16], message[160];
    ayr_error *err;
    snprintf(what, sizeof what, "%u", (unsigned)status);
    err = run_case(what, REGISTER, no_timeout_expected_ms(), 2, AYR_ERR_API, 0, margin_ms());
    CHECK(ayr_error_http_status(err) == status);
    CHECK(ayr_error_api_code(err) == 1000 + (int64_t)status);
    CHECK(ayr_error_retry_after_ms(err) == -1);
    CHECK(!ayr_error_is_retryable(err));
    snprintf(message, sizeof message,
             "Ayrshare API error (HTTP %u, code %u): fault server: HTTP %u %s", (unsigned)status,
             (unsigned)(1000 + status), (unsigned)status, reason);
    CHECK_ERROR(err, AYR_ERR_API, message, NULL);
}

static void status_400(void) { client_error(400, "Bad Request"); }
static void status_401(void) { client_error(401, "Unauthorized"); }
static void status_403(void) { client_error(403, "Forbidden"); }
static void status_404(void) { client_error(404, "Not Found"); }

/* A server that closes after each answer: every call succeeds on a new connection. */
static void hangup(void) {
    ayr_client *client = fault_client(no_timeout_expected_ms(), 2);
    int i;
    for (i = 0; i < 3; i++) CHECK_RESULT(run_op(client, LIST, NULL), AYR_OK);
    ayr_client_free(client);
}

/*
 * Well-formed answers keep the connection: the four operations on one connection. The list
 * also answers NULL for a NULL or non-UTF-8 action and an index out of range.
 */
static void keep_alive(void) {
    ayr_client *client = fault_client(no_timeout_expected_ms(), 0);
    ayr_webhook_list *list = NULL;
    CHECK_RESULT(run_op(client, REGISTER, NULL), AYR_OK);
    CHECK_RESULT(ayr_list_webhooks(client, NULL, &list, NULL), AYR_OK);
    CHECK_STR(ayr_webhook_list_action(list, 0), "feed");
    CHECK_STR(ayr_webhook_list_url(list, 1), "https://example.com/hooks/scheduled");
    CHECK_STR(ayr_webhook_list_action(list, 2), NULL);
    CHECK_STR(ayr_webhook_list_url(list, 2), NULL);
    CHECK_STR(ayr_webhook_list_get(list, NULL), NULL);
    CHECK_STR(ayr_webhook_list_get(list, NOT_UTF8), NULL);
    CHECK_STR(ayr_webhook_list_get(list, "feed" NOT_UTF8), NULL);
    ayr_webhook_list_free(list);
    CHECK_RESULT(run_op(client, UNREGISTER, NULL), AYR_OK);
    CHECK_RESULT(run_op(client, ROTATE, NULL), AYR_OK);
    ayr_client_free(client);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"silent", silent},
        {"stall_body", stall_body},
        {"reset", reset},
        {"close", close_before_answer},
        {"truncated", truncated},
        {"huge", huge},
        {"gzip_bomb", gzip_bomb},
        {"garbage", garbage},
        {"mirror", mirror},
        {"refused", refused},
        {"drip", drip},
        {"drip_body", drip_body},
        {"two_503_then_200", two_503_then_200},
        {"always_503", always_503},
        {"retry_after_1_then_200", retry_after_1_then_200},
        {"retry_after_3600", retry_after_3600},
        {"rate_limited_without_wait", rate_limited_without_wait},
        {"status_400", status_400},
        {"status_401", status_401},
        {"status_403", status_403},
        {"status_404", status_404},
        {"hangup", hangup},
        {"keep_alive", keep_alive},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
