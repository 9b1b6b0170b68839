/*
 * Cancellation: a cancel callback (ayr_client_builder_set_cancel) whose flag is set ~300 ms
 * into a call ends it with AYR_ERR_CANCELLED long before its 30 s timeout, whether the flag is
 * set by another thread or by a signal handler (SIGALRM, SIGINT), and whether the call waits
 * for the server or before a retry. Without a callback a call runs to its timeout, signals or
 * not. And a rotation, allowed two retries, is sent once. The harness asserts the requests and
 * connections of each server.
 *
 * The cancelled calls must have reached their server before the flag is set (the harness
 * counts their requests): so each case first makes a call to a server answering 200
 * (AYR_TEST_WARMUP_URL), which under valgrind pays for translating the code of a call, and the
 * flag is set after 1 s there rather than 300 ms.
 */
#include "network.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/time.h>
#include <unistd.h>

/* The calls' timeout (never reached: they end on the flag). */
#define LONG_TIMEOUT_MS 30000
/* The callback is polled at least every 100 ms while a call waits. */
#define POLL_INTERVAL_MS 100

/* When the flag is set, in milliseconds after the call starts. */
static long cancel_after_ms(void) { return under_valgrind() ? 1000 : 300; }

/* A successful call to the warm-up server, so the code of a call has run once. */
static void warm_up(void) {
    ayr_client *client =
        net_build(net_builder(required_env("AYR_TEST_WARMUP_URL"), success_timeout_ms(), 0));
    list_ok(client);
    ayr_client_free(client);
}

/* A flag another thread sets, and how often the callback looked at it. */
struct flag {
    pthread_mutex_t lock;
    int set;
    int polls;
};

static bool flag_is_set(void *userdata) {
    struct flag *flag = (struct flag *)userdata;
    int set;
    pthread_mutex_lock(&flag->lock);
    flag->polls++;
    set = flag->set;
    pthread_mutex_unlock(&flag->lock);
    return set != 0;
}

static void *set_flag_later(void *userdata) {
    struct flag *flag = (struct flag *)userdata;
    sleep_ms(cancel_after_ms());
    pthread_mutex_lock(&flag->lock);
    flag->set = 1;
    pthread_mutex_unlock(&flag->lock);
    return NULL;
}

/* A client of the case's server with the long timeout, `max_retries` and `cancel`. */
static ayr_client *cancellable(uint32_t max_retries, ayr_cancel_fn cancel, void *userdata) {
    ayr_client_builder *builder =
        net_builder(required_env("AYR_TEST_BASE_URL"), LONG_TIMEOUT_MS, max_retries);
    CHECK_RESULT(ayr_client_builder_set_cancel(builder, cancel, userdata), AYR_OK);
    return net_build(builder);
}

/* A listing that must end cancelled within a poll interval (plus the margin) of the flag, set
   cancel_after_ms() after `started` (read before whatever sets it is started). */
static void check_cancelled(const char *what, const ayr_client *client, double started) {
    ayr_error *err = list_fails(client, AYR_ERR_CANCELLED);
    check_elapsed(what, now_ms() - started, (double)(cancel_after_ms() - 10),
                  (double)(cancel_after_ms() + POLL_INTERVAL_MS) + margin_ms());
    CHECK(!ayr_error_is_retryable(err));
    CHECK_ERROR(err, AYR_ERR_CANCELLED, "the call was cancelled", NULL);
}

/* Another thread sets the flag while the call waits for a server that never answers. */
static void flag_set_by_a_thread(const char *what) {
    struct flag flag = {PTHREAD_MUTEX_INITIALIZER, 0, 0};
    ayr_client *client = cancellable(2, flag_is_set, &flag);
    pthread_t setter;
    double started;
    warm_up();
    started = now_ms();
    CHECK(pthread_create(&setter, NULL, set_flag_later, &flag) == 0);
    check_cancelled(what, client, started);
    CHECK(pthread_join(setter, NULL) == 0);
    printf("%s: the callback was polled %d times\n", what, flag.polls);
    /* Polled while waiting, not only once the flag was set. */
    CHECK(flag.polls >= 2);
    ayr_client_free(client);
}

static void callback_stops_a_silent_call(void) { flag_set_by_a_thread("silent server"); }

/* A 503 asking for 30 s before the retry: the wait ends on the flag, with no second request. */
static void callback_stops_the_wait_before_a_retry(void) {
    flag_set_by_a_thread("wait before a retry");
}

/* Set by the signal handlers. */
static volatile sig_atomic_t signalled;

static void on_signal(int signal_number) {
    (void)signal_number;
    signalled = 1;
}

static bool signal_arrived(void *userdata) {
    (void)userdata;
    return signalled != 0;
}

/* Installs on_signal for `signal_number`, without SA_RESTART (a wait sees EINTR). */
static void handle(int signal_number) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    CHECK(sigemptyset(&action.sa_mask) == 0);
    CHECK(sigaction(signal_number, &action, NULL) == 0);
}

/* SIGALRM after `ms` milliseconds. */
static void alarm_later(long ms) {
    struct itimerval timer;
    memset(&timer, 0, sizeof timer);
    timer.it_value.tv_sec = ms / 1000;
    timer.it_value.tv_usec = (ms % 1000) * 1000L;
    CHECK(setitimer(ITIMER_REAL, &timer, NULL) == 0);
}

/* Sends SIGINT to the process after cancel_after_ms(), as Ctrl-C would (blocked in this
 * thread, so the main thread, waiting in the call, receives it). */
static void *interrupt_later(void *unused) {
    sigset_t set;
    (void)unused;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    sleep_ms(cancel_after_ms());
    kill(getpid(), SIGINT);
    return NULL;
}

/* A handler that sets the flag the callback reads: SIGALRM, then SIGINT, each ends a call. */
static void signal_handlers_stop_calls(void) {
    ayr_client *client = cancellable(2, signal_arrived, NULL);
    pthread_t interrupter;
    double started;

    warm_up();
    handle(SIGALRM);
    signalled = 0;
    started = now_ms();
    alarm_later(cancel_after_ms());
    check_cancelled("SIGALRM", client, started);

    handle(SIGINT);
    signalled = 0;
    started = now_ms();
    CHECK(pthread_create(&interrupter, NULL, interrupt_later, NULL) == 0);
    check_cancelled("SIGINT", client, started);
    CHECK(pthread_join(interrupter, NULL) == 0);
    ayr_client_free(client);
}

static bool always(void *userdata) {
    (void)userdata;
    return true;
}

/* A listing that must run to the timeout although SIGALRM interrupts it at 300 ms. */
static void check_runs_to_timeout(const char *what, const ayr_client *client) {
    double started;
    ayr_error *err;
    handle(SIGALRM);
    signalled = 0;
    alarm_later(300);
    started = now_ms();
    err = list_fails(client, AYR_ERR_TIMEOUT);
    check_elapsed(what, now_ms() - started, (double)timeout_expected_ms(),
                  (double)timeout_expected_ms() + margin_ms());
    CHECK(signalled);
    CHECK_ERROR(err, AYR_ERR_TIMEOUT, "request timed out (1 attempt)", NULL);
}

/* Without a callback, never set or set and then removed with NULL, calls run to the timeout. */
static void without_a_callback(void) {
    const char *base_url = required_env("AYR_TEST_BASE_URL");
    ayr_client_builder *builder;
    ayr_client *client = net_build(net_builder(base_url, timeout_expected_ms(), 0));
    check_runs_to_timeout("no callback", client);
    ayr_client_free(client);

    builder = net_builder(base_url, timeout_expected_ms(), 0);
    CHECK_RESULT(ayr_client_builder_set_cancel(builder, always, NULL), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_cancel(builder, NULL, NULL), AYR_OK);
    client = net_build(builder);
    check_runs_to_timeout("callback removed", client);
    ayr_client_free(client);
}

/*
 * A rotation to a server that never answers, allowed two retries: it may have reached the
 * server, so it is not re-sent (the harness counts 1 request); AYR_ERR_TIMEOUT after 1 attempt.
 */
static void rotation_sent_once(void) {
    ayr_client *client =
        net_build(net_builder(required_env("AYR_TEST_BASE_URL"), timeout_expected_ms(), 2));
    ayr_error *err = NULL;
    double started = now_ms();
    CHECK_RESULT(ayr_rotate_webhook_secret(client, "rotated-secret-1", NULL, &err),
                 AYR_ERR_TIMEOUT);
    check_elapsed("rotation", now_ms() - started, (double)timeout_expected_ms(),
                  (double)timeout_expected_ms() + margin_ms());
    CHECK_ERROR(err, AYR_ERR_TIMEOUT, "request timed out (1 attempt)", NULL);
    ayr_client_free(client);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"callback_stops_a_silent_call", callback_stops_a_silent_call},
        {"signal_handlers_stop_calls", signal_handlers_stop_calls},
        {"callback_stops_the_wait_before_a_retry", callback_stops_the_wait_before_a_retry},
        {"without_a_callback", without_a_callback},
        {"rotation_sent_once", rotation_sent_once},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
