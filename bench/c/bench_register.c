/*
 * The C client of the benchmark: N sequential ayr_register_webhook calls on one client, after
 * WARMUP untimed ones, timed one by one. With CA_BUNDLE (a PEM file), the client trusts that
 * CA instead of the bundled roots, for the benchmark's HTTPS server.
 *
 * usage: bench_register BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE]
 *
 * Writes each timed call's latency in nanoseconds, one per line, to LATENCY_FILE and prints
 * `n=<N> wall_ns=<ns> cpu_user_ns=<ns> cpu_sys_ns=<ns>` (CPU time of the timed loop, from
 * getrusage) on stdout, the format every client of the benchmark shares.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "ayr.h"

static const char *const API_KEY = "bench-api-key-0123456789";
static const char *const HOOK_URL = "https://mysite.com/hook";
static const char *const ACTION = "scheduled";

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void cpu_ns(uint64_t *user, uint64_t *sys) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    *user = (uint64_t)usage.ru_utime.tv_sec * 1000000000u + (uint64_t)usage.ru_utime.tv_usec * 1000u;
    *sys = (uint64_t)usage.ru_stime.tv_sec * 1000000000u + (uint64_t)usage.ru_stime.tv_usec * 1000u;
}

static int fail(const char *what, ayr_result result, ayr_error *error) {
    fprintf(stderr, "bench_register: %s failed: %s: %s\n", what, ayr_result_name(result),
            error != NULL ? ayr_error_message(error) : "(no details)");
    ayr_error_free(error);
    return 1;
}

/* One call, as a C user writes it: register, check, free. */
static int call(const ayr_client *client) {
    ayr_webhook *hook = NULL;
    ayr_error *error = NULL;
    ayr_result result = ayr_register_webhook(client, ACTION, HOOK_URL, NULL, NULL, &hook, &error);
    if (result != AYR_OK) {
        return fail("ayr_register_webhook", result, error);
    }
    if (ayr_webhook_ref_id(hook) == NULL) {
        fprintf(stderr, "bench_register: the answer has no refId\n");
        ayr_webhook_free(hook);
        return 1;
    }
    ayr_webhook_free(hook);
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: %s BASE_URL N WARMUP LATENCY_FILE [CA_BUNDLE]\n", argv[0]);
        return 2;
    }
    const char *base_url = argv[1];
    long n = strtol(argv[2], NULL, 10);
    long warmup = strtol(argv[3], NULL, 10);
    if (n <= 0 || warmup < 0) {
        fprintf(stderr, "bench_register: bad N or WARMUP\n");
        return 2;
    }

    ayr_client_builder *builder = ayr_client_builder_new(API_KEY);
    if (builder == NULL) {
        fprintf(stderr, "bench_register: ayr_client_builder_new failed\n");
        return 1;
    }
    ayr_result result = ayr_client_builder_set_base_url(builder, base_url);
    if (result != AYR_OK) {
        ayr_client_builder_free(builder);
        return fail("ayr_client_builder_set_base_url", result, NULL);
    }
    if (argc == 6) {
        result = ayr_client_builder_set_ca_bundle(builder, argv[5]);
        if (result != AYR_OK) {
            ayr_client_builder_free(builder);
            return fail("ayr_client_builder_set_ca_bundle", result, NULL);
        }
    }
    ayr_client *client = NULL;
    ayr_error *error = NULL;
    result = ayr_client_builder_build(builder, &client, &error);
    if (result != AYR_OK) {
        return fail("ayr_client_builder_build", result, error);
    }

    uint64_t *latencies = malloc((size_t)n * sizeof *latencies);
    if (latencies == NULL) {
        ayr_client_free(client);
        return 1;
    }
    int status = 0;
    for (long i = 0; i < warmup && status == 0; i++) {
        status = call(client);
    }
    uint64_t user0, sys0, user1, sys1;
    cpu_ns(&user0, &sys0);
    uint64_t start = now_ns();
    for (long i = 0; i < n && status == 0; i++) {
        uint64_t t = now_ns();
        status = call(client);
        latencies[i] = now_ns() - t;
    }
    uint64_t wall = now_ns() - start;
    cpu_ns(&user1, &sys1);
    ayr_client_free(client);

    if (status == 0) {
        FILE *out = fopen(argv[4], "w");
        if (out == NULL) {
            perror(argv[4]);
            status = 1;
        } else {
            for (long i = 0; i < n; i++) {
                fprintf(out, "%llu\n", (unsigned long long)latencies[i]);
            }
            if (fclose(out) != 0) {
                perror(argv[4]);
                status = 1;
            }
        }
    }
    if (status == 0) {
        printf("n=%ld wall_ns=%llu cpu_user_ns=%llu cpu_sys_ns=%llu\n", n,
               (unsigned long long)wall, (unsigned long long)(user1 - user0),
               (unsigned long long)(sys1 - sys0));
    }
    free(latencies);
    return status;
}
