/*
 * The C suite's small test kit: assertion macros that print where and why a check failed and
 * exit(1), the case table every test program dispatches on, and helpers shared by the
 * programs (fixture files, a client pointed at the harness's mock server).
 *
 * Each program is run by ffi/tests/c_suite.rs as `program CASE` (or `program --list`), with
 * AYR_TEST_BASE_URL set to the mock server's API root and AYR_TEST_FIXTURES to
 * tests/c/fixtures. The harness sets up the exact requests each case must send and checks
 * them after the program exits.
 */
#ifndef AYR_TEST_CHECK_H
#define AYR_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ayr.h"

/* The secrets of tests/c/fixtures/make-fixtures.sh. */
#define TEST_SECRET "whsec_c-suite-secret"
#define TEST_OLD_SECRET "whsec_old-secret"
/* The API key every mock expects in `Authorization: Bearer ...`. */
#define TEST_API_KEY "test-api-key"
/* Bytes that are not UTF-8. */
#define NOT_UTF8 "\xff\xfe"

#define FAIL(...)                                                                              \
    do {                                                                                       \
        fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);                                        \
        fprintf(stderr, __VA_ARGS__);                                                          \
        fputc('\n', stderr);                                                                   \
        exit(1);                                                                               \
    } while (0)

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) FAIL("CHECK failed: %s", #cond);                                          \
    } while (0)

/* Checks the ayr_result of an expression. */
#define CHECK_RESULT(expr, expected)                                                           \
    do {                                                                                       \
        ayr_result got_ = (expr);                                                              \
        ayr_result want_ = (expected);                                                         \
        if (got_ != want_)                                                                     \
            FAIL("%s returned %s, expected %s", #expr, ayr_result_name(got_),                  \
                 ayr_result_name(want_));                                                      \
    } while (0)

/* Checks two C strings for equality; NULL equals only NULL. */
#define CHECK_STR(actual, expected)                                                            \
    do {                                                                                       \
        const char *got_ = (actual);                                                           \
        const char *want_ = (expected);                                                        \
        if ((got_ == NULL) != (want_ == NULL) || (got_ != NULL && strcmp(got_, want_) != 0))   \
            FAIL("%s is \"%s\", expected \"%s\"", #actual, got_ ? got_ : "(NULL)",             \
                 want_ ? want_ : "(NULL)");                                                    \
    } while (0)

/* Checks that a C string starts with a prefix. */
#define CHECK_PREFIX(actual, prefix)                                                           \
    do {                                                                                       \
        const char *got_ = (actual);                                                           \
        if (got_ == NULL || strncmp(got_, (prefix), strlen(prefix)) != 0)                      \
            FAIL("%s is \"%s\", expected it to start with \"%s\"", #actual,                    \
                 got_ ? got_ : "(NULL)", (prefix));                                            \
    } while (0)

/*
 * Checks a failed call's error in full: its result, message and field (NULL: none), then
 * frees it and resets the pointer to NULL for the next call.
 */
#define CHECK_ERROR(err, result, message, field)                                               \
    do {                                                                                       \
        CHECK((err) != NULL);                                                                  \
        CHECK_RESULT(ayr_error_result(err), (result));                                         \
        CHECK_STR(ayr_error_message(err), (message));                                          \
        CHECK_STR(ayr_error_field(err), (field));                                              \
        ayr_error_free(err);                                                                   \
        (err) = NULL;                                                                          \
    } while (0)

/*
 * A pointer value no libayr call returns: out-parameters are preset to it to prove a failed
 * call leaves them untouched. Never dereferenced.
 */
static inline void *untouched_marker(void) {
    static char marker;
    return &marker;
}
#define UNTOUCHED(type) ((type *)untouched_marker())

struct test_case {
    const char *name;
    void (*run)(void);
};

/* Runs the case named by argv[1], or lists the cases for `--list`. */
static inline int run_cases(int argc, char **argv, const struct test_case *cases, size_t count) {
    size_t i;
    if (argc != 2) {
        fprintf(stderr, "usage: %s CASE | --list\n", argv[0]);
        return 2;
    }
    for (i = 0; i < count; i++) {
        if (strcmp(argv[1], "--list") == 0) {
            printf("%s\n", cases[i].name);
        } else if (strcmp(argv[1], cases[i].name) == 0) {
            cases[i].run();
            printf("ok %s\n", cases[i].name);
            return 0;
        }
    }
    if (strcmp(argv[1], "--list") == 0) return 0;
    fprintf(stderr, "unknown case %s\n", argv[1]);
    return 2;
}

/* An environment variable the harness must set. */
static inline const char *required_env(const char *name) {
    const char *value = getenv(name);
    if (value == NULL || value[0] == '\0') FAIL("%s is not set", name);
    return value;
}

/*
 * Whether this run is under valgrind (everything CPU-bound is 20-50 times slower, and the first
 * call of a program also pays for translating the code it runs: a second or more).
 */
static inline int under_valgrind(void) {
    const char *mode = getenv("AYR_TEST_MODE");
    return mode != NULL && strcmp(mode, "valgrind") == 0;
}

/* A client for the mock server: the test API key, no retries, a 5 s timeout. */
static inline ayr_client *test_client_with_profile(const char *profile_key) {
    ayr_client *client = NULL;
    ayr_error *err = NULL;
    ayr_client_builder *builder = ayr_client_builder_new(TEST_API_KEY);
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(builder, required_env("AYR_TEST_BASE_URL")),
                 AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_max_retries(builder, 0), AYR_OK);
    CHECK_RESULT(ayr_client_builder_set_timeout_ms(builder, 5000), AYR_OK);
    if (profile_key != NULL)
        CHECK_RESULT(ayr_client_builder_set_profile_key(builder, profile_key), AYR_OK);
    CHECK_RESULT(ayr_client_builder_build(builder, &client, &err), AYR_OK);
    CHECK(client != NULL && err == NULL);
    return client;
}

static inline ayr_client *test_client(void) { return test_client_with_profile(NULL); }

/* Reads a whole fixture file; the caller frees the buffer. */
static inline unsigned char *read_fixture(const char *name, size_t *out_len) {
    char path[1024];
    FILE *file;
    unsigned char *data;
    long size;
    snprintf(path, sizeof path, "%s/%s", required_env("AYR_TEST_FIXTURES"), name);
    file = fopen(path, "rb");
    if (file == NULL) FAIL("cannot open %s", path);
    if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0)
        FAIL("cannot size %s", path);
    data = (unsigned char *)malloc((size_t)size + 1);
    CHECK(data != NULL);
    if (fread(data, 1, (size_t)size, file) != (size_t)size) FAIL("cannot read %s", path);
    fclose(file);
    data[size] = '\0';
    *out_len = (size_t)size;
    return data;
}

/* Reads a fixture that holds text (a signature) as a NUL-terminated string. */
static inline char *read_text_fixture(const char *name) {
    size_t len;
    return (char *)read_fixture(name, &len);
}

#endif /* AYR_TEST_CHECK_H */
