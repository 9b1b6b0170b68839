/*
 * The shared bad-input table (tests/cases/bad_inputs.json) from C, and strings that are not
 * UTF-8 for every string parameter. Every case must give AYR_ERR_INVALID_ARGUMENT naming the
 * expected field; the harness points the program at a fault server answering 200 to anything
 * and asserts it saw no request and no connection.
 *
 * The harness reads the JSON (C has no JSON parser, and needs none) and writes the cases C can
 * express to the file named by AYR_TEST_BAD_INPUTS, one record per case, lengths first so long
 * values and any byte but NUL survive:
 *
 *     <id> <op> <field> <number of arguments>\n
 *     <name> <length>\n<length bytes>\n          (once per argument)
 *
 * The first record, `defaults - - N`, holds the table's defaults. The program prints
 * `ran N table cases` for the harness to compare with the table.
 */
#include "fault.h"

#define MAX_ARGS 8
#define MAX_RECORDS 512

struct arg {
    char name[32];
    char *value;
};

struct record {
    char id[128];
    char op[32];
    char field[32];
    size_t nargs;
    struct arg args[MAX_ARGS];
};

struct table {
    struct record defaults;
    struct record cases[MAX_RECORDS];
    size_t count;
};

static void read_line(FILE *file, char *buf, size_t size) {
    size_t len;
    if (fgets(buf, (int)size, file) == NULL) FAIL("the bad-input file ends early");
    len = strlen(buf);
    if (len == 0 || buf[len - 1] != '\n') FAIL("a line of the bad-input file is too long");
    buf[len - 1] = '\0';
}

/* Reads one record; returns 0 at the end of the file. */
static int read_record(FILE *file, struct record *rec) {
    char line[256];
    size_t i;
    int c = fgetc(file);
    if (c == EOF) return 0;
    ungetc(c, file);
    read_line(file, line, sizeof line);
    if (sscanf(line, "%127s %31s %31s %zu", rec->id, rec->op, rec->field, &rec->nargs) != 4
        || rec->nargs > MAX_ARGS)
        FAIL("bad record header \"%s\"", line);
    for (i = 0; i < rec->nargs; i++) {
        struct arg *arg = &rec->args[i];
        size_t len;
        read_line(file, line, sizeof line);
        if (sscanf(line, "%31s %zu", arg->name, &len) != 2) FAIL("bad argument \"%s\"", line);
        arg->value = (char *)malloc(len + 1);
        CHECK(arg->value != NULL);
        if (fread(arg->value, 1, len, file) != len || fgetc(file) != '\n')
            FAIL("%s: argument %s is cut short", rec->id, arg->name);
        arg->value[len] = '\0';
        if (strlen(arg->value) != len) FAIL("%s: argument %s holds a NUL", rec->id, arg->name);
    }
    return 1;
}

static void free_record(struct record *rec) {
    size_t i;
    for (i = 0; i < rec->nargs; i++) free(rec->args[i].value);
    rec->nargs = 0;
}

static struct table *read_table(void) {
    const char *path = required_env("AYR_TEST_BAD_INPUTS");
    FILE *file = fopen(path, "rb");
    struct table *table = (struct table *)calloc(1, sizeof *table);
    CHECK(table != NULL);
    if (file == NULL) FAIL("cannot open %s", path);
    if (!read_record(file, &table->defaults) || strcmp(table->defaults.id, "defaults") != 0)
        FAIL("%s does not start with the defaults", path);
    while (read_record(file, &table->cases[table->count])) {
        if (++table->count == MAX_RECORDS) FAIL("more than %d cases", MAX_RECORDS);
    }
    fclose(file);
    return table;
}

static void free_table(struct table *table) {
    size_t i;
    free_record(&table->defaults);
    for (i = 0; i < table->count; i++) free_record(&table->cases[i]);
    free(table);
}

/* The argument `name` of `rec`, or NULL. */
static const char *arg(const struct record *rec, const char *name) {
    size_t i;
    for (i = 0; i < rec->nargs; i++)
        if (strcmp(rec->args[i].name, name) == 0) return rec->args[i].value;
    return NULL;
}

static const struct record *defaults;

/* The argument `name`, or its default. */
static const char *arg_or_default(const struct record *rec, const char *name) {
    const char *value = arg(rec, name);
    if (value == NULL) value = arg(defaults, name);
    if (value == NULL) FAIL("no default for %s", name);
    return value;
}

static size_t checks, failures;

/*
 * One path of a case: `r` and the error in `*slot` (passed by address: the call that fills it
 * is an argument of this one) must be AYR_ERR_INVALID_ARGUMENT naming `field`. Records a
 * failure (the program goes on, to report every failing case) and frees the error.
 */
static void expect_invalid(const struct record *rec, const char *via, ayr_result r,
                           ayr_error **slot) {
    ayr_error *err = *slot;
    *slot = NULL;
    checks++;
    if (r != AYR_ERR_INVALID_ARGUMENT || err == NULL
        || ayr_error_result(err) != AYR_ERR_INVALID_ARGUMENT || ayr_error_field(err) == NULL
        || strcmp(ayr_error_field(err), rec->field) != 0
        || strstr(ayr_error_message(err), "(no request was sent)") == NULL) {
        fprintf(stderr, "FAILED %s via %s: %s (field %s, message \"%s\"), expected %s naming %s\n",
                rec->id, via, ayr_result_name(r), err ? ayr_error_field(err) : "-",
                err ? ayr_error_message(err) : "-", "AYR_ERR_INVALID_ARGUMENT", rec->field);
        failures++;
    }
    ayr_error_free(err);
}

/* A valid client of the case's server: the default API key, no profile key. */
static ayr_client *valid_client(void) {
    return fault_client_full(arg(defaults, "api_key"), NULL, required_env("AYR_TEST_BASE_URL"),
                             no_timeout_expected_ms(), 0);
}

/*
 * Builds a client with a builder: api_key, base_url (else the server's), profile_key, and the
 * proxy and ca_bundle settings when the case gives them.
 */
static void build_client(const struct record *rec, const char *via, const char *profile_key) {
    ayr_client *client = UNTOUCHED(ayr_client);
    ayr_error *err = NULL;
    const char *base_url = arg(rec, "base_url");
    const char *proxy = arg(rec, "proxy");
    const char *ca_bundle = arg(rec, "ca_bundle");
    ayr_client_builder *builder = ayr_client_builder_new(arg_or_default(rec, "api_key"));
    CHECK(builder != NULL);
    CHECK_RESULT(ayr_client_builder_set_base_url(
                     builder, base_url ? base_url : required_env("AYR_TEST_BASE_URL")),
                 AYR_OK);
    if (profile_key != NULL)
        CHECK_RESULT(ayr_client_builder_set_profile_key(builder, profile_key), AYR_OK);
    if (proxy != NULL) CHECK_RESULT(ayr_client_builder_set_proxy(builder, proxy), AYR_OK);
    if (ca_bundle != NULL)
        CHECK_RESULT(ayr_client_builder_set_ca_bundle(builder, ca_bundle), AYR_OK);
    expect_invalid(rec, via, ayr_client_builder_build(builder, &client, &err), &err);
    if (client != UNTOUCHED(ayr_client)) FAIL("%s via %s: a client was stored", rec->id, via);
}

/*
 * The same client through ayr_client_from_env (the CA bundle from AYRSHARE_CA_BUNDLE). An
 * empty variable counts as unset there, so a case whose bad value is an empty profile key,
 * base URL or CA bundle means something else: skipped. So is a proxy: the environment's proxy
 * variables apply to an https base URL only, and the case's server is plain http.
 */
static void client_from_env(const struct record *rec) {
    ayr_client *client = UNTOUCHED(ayr_client);
    ayr_error *err = NULL;
    const char *profile_key = arg(rec, "profile_key");
    const char *base_url = arg(rec, "base_url");
    const char *ca_bundle = arg(rec, "ca_bundle");
    if ((profile_key != NULL && profile_key[0] == '\0')
        || (base_url != NULL && base_url[0] == '\0')
        || (ca_bundle != NULL && ca_bundle[0] == '\0') || arg(rec, "proxy") != NULL)
        return;
    CHECK(setenv("AYRSHARE_API_KEY", arg_or_default(rec, "api_key"), 1) == 0);
    CHECK(setenv("AYRSHARE_BASE_URL", base_url ? base_url : required_env("AYR_TEST_BASE_URL"), 1)
          == 0);
    if (profile_key != NULL) CHECK(setenv("AYRSHARE_PROFILE_KEY", profile_key, 1) == 0);
    if (ca_bundle != NULL) CHECK(setenv("AYRSHARE_CA_BUNDLE", ca_bundle, 1) == 0);
    expect_invalid(rec, "ayr_client_from_env", ayr_client_from_env(&client, &err), &err);
    if (client != UNTOUCHED(ayr_client)) FAIL("%s: from_env stored a client", rec->id);
    CHECK(unsetenv("AYRSHARE_API_KEY") == 0 && unsetenv("AYRSHARE_BASE_URL") == 0
          && unsetenv("AYRSHARE_PROFILE_KEY") == 0 && unsetenv("AYRSHARE_CA_BUNDLE") == 0);
}

static void run_register(const struct record *rec, const ayr_client *client, const char *via,
                         const char *profile_key) {
    ayr_webhook *hook = UNTOUCHED(ayr_webhook);
    ayr_error *err = NULL;
    expect_invalid(rec, via,
                   ayr_register_webhook(client, arg_or_default(rec, "action"),
                                        arg_or_default(rec, "url"), arg(rec, "secret"),
                                        profile_key, &hook, &err),
                   &err);
    if (hook != UNTOUCHED(ayr_webhook)) FAIL("%s: a webhook was stored", rec->id);
}

static void run_unregister(const struct record *rec, const ayr_client *client, const char *via,
                           const char *profile_key) {
    ayr_error *err = NULL;
    expect_invalid(rec, via,
                   ayr_unregister_webhook(client, arg_or_default(rec, "action"), profile_key,
                                          &err),
                   &err);
}

static void run_list(const struct record *rec, const ayr_client *client, const char *via,
                     const char *profile_key) {
    ayr_webhook_list *list = UNTOUCHED(ayr_webhook_list);
    ayr_error *err = NULL;
    expect_invalid(rec, via, ayr_list_webhooks(client, profile_key, &list, &err), &err);
    if (list != UNTOUCHED(ayr_webhook_list)) FAIL("%s: a list was stored", rec->id);
}

static void run_rotate(const struct record *rec, const ayr_client *client, const char *via,
                       const char *profile_key) {
    ayr_error *err = NULL;
    expect_invalid(
        rec, via,
        ayr_rotate_webhook_secret(client, arg_or_default(rec, "secret"), profile_key, &err), &err);
}

/* Runs one case through every libayr function that takes its bad argument. */
static void run_record(const struct record *rec, const ayr_client *client) {
    const char *profile_key = arg(rec, "profile_key");
    if (strcmp(rec->op, "client") == 0) {
        build_client(rec, "ayr_client_builder_build", profile_key);
        /* ayr_client_new takes the API key alone. */
        if (profile_key == NULL && arg(rec, "base_url") == NULL && arg(rec, "proxy") == NULL
            && arg(rec, "ca_bundle") == NULL) {
            ayr_client *made = UNTOUCHED(ayr_client);
            ayr_error *err = NULL;
            expect_invalid(rec, "ayr_client_new",
                           ayr_client_new(arg_or_default(rec, "api_key"), &made, &err), &err);
            if (made != UNTOUCHED(ayr_client)) FAIL("%s: ayr_client_new stored one", rec->id);
        }
        client_from_env(rec);
    } else if (strcmp(rec->op, "with_profile_key") == 0) {
        /* C has no derived client: a profile key reaches libayr through the builder or with
         * each call, so the case goes through both, on every operation. */
        CHECK(profile_key != NULL);
        build_client(rec, "ayr_client_builder_set_profile_key", profile_key);
        run_register(rec, client, "ayr_register_webhook(profile_key)", profile_key);
        run_unregister(rec, client, "ayr_unregister_webhook(profile_key)", profile_key);
        run_list(rec, client, "ayr_list_webhooks(profile_key)", profile_key);
        run_rotate(rec, client, "ayr_rotate_webhook_secret(profile_key)", profile_key);
    } else if (strcmp(rec->op, "register") == 0) {
        run_register(rec, client, "ayr_register_webhook", profile_key);
    } else if (strcmp(rec->op, "unregister") == 0) {
        run_unregister(rec, client, "ayr_unregister_webhook", profile_key);
    } else if (strcmp(rec->op, "list") == 0) {
        run_list(rec, client, "ayr_list_webhooks", profile_key);
    } else if (strcmp(rec->op, "rotate") == 0) {
        run_rotate(rec, client, "ayr_rotate_webhook_secret", profile_key);
    } else {
        FAIL("%s: unknown op %s", rec->id, rec->op);
    }
}

/* Every case of the table the harness passed. */
static void table(void) {
    struct table *t = read_table();
    ayr_client *client;
    size_t i;
    defaults = &t->defaults;
    client = valid_client();
    for (i = 0; i < t->count; i++) run_record(&t->cases[i], client);
    ayr_client_free(client);
    printf("ran %zu table cases (%zu checks, %zu failed)\n", t->count, checks, failures);
    free_table(t);
    if (failures != 0) FAIL("%zu of %zu checks failed (see above)", failures, checks);
}

/* Guards the reader: with the defaults alone, every operation is accepted and sent. */
static void defaults_accepted(void) {
    struct table *t = read_table();
    ayr_client *client;
    ayr_webhook *hook = NULL;
    ayr_webhook_list *list = NULL;
    defaults = &t->defaults;
    client = valid_client();
    CHECK_RESULT(ayr_register_webhook(client, arg(defaults, "action"), arg(defaults, "url"),
                                      arg(defaults, "secret"), NULL, &hook, NULL),
                 AYR_OK);
    CHECK_STR(ayr_webhook_url(hook), arg(defaults, "url"));
    CHECK_RESULT(ayr_unregister_webhook(client, arg(defaults, "action"), NULL, NULL), AYR_OK);
    CHECK_RESULT(ayr_list_webhooks(client, NULL, &list, NULL), AYR_OK);
    CHECK_RESULT(ayr_rotate_webhook_secret(client, arg(defaults, "secret"), NULL, NULL), AYR_OK);
    ayr_webhook_free(hook);
    ayr_webhook_list_free(list);
    ayr_client_free(client);
    free_table(t);
}

/* Byte strings that are not UTF-8, each a different way. */
static const char *const NOT_UTF8_SAMPLES[] = {
    "\xff\xfe",                /* bytes never used by UTF-8 */
    "valid-prefix\x80",        /* a lone continuation byte */
    "\xc0\xaf",                /* an overlong encoding of '/' */
    "\xed\xa0\x80",            /* a UTF-16 surrogate (U+D800) */
    "cut\xe2\x82",             /* a sequence cut short */
    "\xf4\x90\x80\x80",        /* beyond U+10FFFF */
    "\xc3"                     /* a lead byte, then the end */
};

/* `call` (which uses `&err`) must fail as not UTF-8, naming `field`. */
#define CHECK_NOT_UTF8(call, field)                                                            \
    do {                                                                                       \
        ayr_error *err = NULL;                                                                 \
        CHECK_RESULT(call, AYR_ERR_INVALID_ARGUMENT);                                          \
        CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,                                             \
                    "invalid " field ": not valid UTF-8 (no request was sent)", field);        \
        checks++;                                                                              \
    } while (0)

/* Every string parameter of every function, with each sample; nothing reaches the server. */
static void not_utf8(void) {
    static const uint8_t body[] = "{}";
    const char *sig = "00";
    ayr_client *client = fault_client(no_timeout_expected_ms(), 0);
    ayr_client *unset = UNTOUCHED(ayr_client);
    ayr_verifier *verifier = NULL;
    ayr_webhook *hook = UNTOUCHED(ayr_webhook);
    ayr_webhook_list *list = UNTOUCHED(ayr_webhook_list);
    const char *url = "https://example.com/hooks/ayrshare";
    size_t i;

    CHECK_RESULT(ayr_verifier_new((const uint8_t *)"abc", 3, AYR_DEFAULT_TOLERANCE_SECS,
                                  &verifier, NULL),
                 AYR_OK);
    for (i = 0; i < sizeof NOT_UTF8_SAMPLES / sizeof NOT_UTF8_SAMPLES[0]; i++) {
        const char *bad = NOT_UTF8_SAMPLES[i];
        ayr_client_builder *builder;

        CHECK_NOT_UTF8(ayr_client_new(bad, &unset, &err), "api_key");
        CHECK(ayr_client_builder_new(bad) == NULL);
        builder = ayr_client_builder_new(FAULT_API_KEY);
        CHECK(builder != NULL);
        CHECK_RESULT(ayr_client_builder_set_base_url(builder, bad), AYR_ERR_INVALID_ARGUMENT);
        CHECK_RESULT(ayr_client_builder_set_profile_key(builder, bad), AYR_ERR_INVALID_ARGUMENT);
        CHECK_RESULT(ayr_client_builder_set_proxy(builder, bad), AYR_ERR_INVALID_ARGUMENT);
        CHECK_RESULT(ayr_client_builder_set_ca_bundle(builder, bad), AYR_ERR_INVALID_ARGUMENT);
        ayr_client_builder_free(builder);

        CHECK(setenv("AYRSHARE_API_KEY", bad, 1) == 0);
        CHECK_RESULT(ayr_client_from_env(&unset, NULL), AYR_ERR_INVALID_ARGUMENT);
        {
            ayr_error *err = NULL;
            CHECK_RESULT(ayr_client_from_env(&unset, &err), AYR_ERR_INVALID_ARGUMENT);
            CHECK_STR(ayr_error_field(err), "api_key");
            ayr_error_free(err);
        }
        CHECK(setenv("AYRSHARE_API_KEY", FAULT_API_KEY, 1) == 0);
        CHECK(setenv("AYRSHARE_PROFILE_KEY", bad, 1) == 0);
        {
            ayr_error *err = NULL;
            CHECK_RESULT(ayr_client_from_env(&unset, &err), AYR_ERR_INVALID_ARGUMENT);
            CHECK_STR(ayr_error_field(err), "profile_key");
            ayr_error_free(err);
        }
        CHECK(unsetenv("AYRSHARE_PROFILE_KEY") == 0);
        CHECK(setenv("AYRSHARE_BASE_URL", bad, 1) == 0);
        {
            ayr_error *err = NULL;
            CHECK_RESULT(ayr_client_from_env(&unset, &err), AYR_ERR_INVALID_ARGUMENT);
            CHECK_STR(ayr_error_field(err), "base_url");
            ayr_error_free(err);
        }
        CHECK(unsetenv("AYRSHARE_BASE_URL") == 0);
        CHECK(setenv("AYRSHARE_CA_BUNDLE", bad, 1) == 0);
        {
            ayr_error *err = NULL;
            CHECK_RESULT(ayr_client_from_env(&unset, &err), AYR_ERR_INVALID_ARGUMENT);
            CHECK_STR(ayr_error_field(err), "ca_bundle");
            ayr_error_free(err);
        }
        CHECK(unsetenv("AYRSHARE_CA_BUNDLE") == 0);
        /* The proxy variables apply to an https base URL (nothing listens there: the build
         * fails before any connection). */
        CHECK(setenv("AYRSHARE_BASE_URL", "https://localhost:9/api", 1) == 0);
        CHECK(setenv("HTTPS_PROXY", bad, 1) == 0);
        {
            ayr_error *err = NULL;
            CHECK_RESULT(ayr_client_from_env(&unset, &err), AYR_ERR_INVALID_ARGUMENT);
            CHECK_STR(ayr_error_field(err), "proxy");
            ayr_error_free(err);
        }
        CHECK(unsetenv("HTTPS_PROXY") == 0 && unsetenv("AYRSHARE_BASE_URL") == 0
              && unsetenv("AYRSHARE_API_KEY") == 0);
        checks += 5;

        CHECK_NOT_UTF8(ayr_register_webhook(client, bad, url, NULL, NULL, &hook, &err), "action");
        CHECK_NOT_UTF8(ayr_register_webhook(client, "feed", bad, NULL, NULL, &hook, &err), "url");
        CHECK_NOT_UTF8(ayr_register_webhook(client, "feed", url, bad, NULL, &hook, &err),
                       "secret");
        CHECK_NOT_UTF8(ayr_register_webhook(client, "feed", url, NULL, bad, &hook, &err),
                       "profile_key");
        CHECK_NOT_UTF8(ayr_unregister_webhook(client, bad, NULL, &err), "action");
        CHECK_NOT_UTF8(ayr_unregister_webhook(client, "feed", bad, &err), "profile_key");
        CHECK_NOT_UTF8(ayr_list_webhooks(client, bad, &list, &err), "profile_key");
        CHECK_NOT_UTF8(ayr_rotate_webhook_secret(client, bad, NULL, &err), "secret");
        CHECK_NOT_UTF8(ayr_rotate_webhook_secret(client, "s", bad, &err), "profile_key");

        CHECK_NOT_UTF8(ayr_verify_signature((const uint8_t *)"abc", 3, body, 2, bad, &err),
                       "signature");
        CHECK_NOT_UTF8(ayr_verifier_verify(verifier, bad, NULL, NULL, body, 2, &err),
                       "signature");
        CHECK_NOT_UTF8(ayr_verifier_verify(verifier, NULL, bad, NULL, body, 2, &err),
                       "signature_v2");
        CHECK_NOT_UTF8(ayr_verifier_verify(verifier, sig, NULL, bad, body, 2, &err),
                       "timestamp");
    }
    CHECK(unset == UNTOUCHED(ayr_client));
    CHECK(hook == UNTOUCHED(ayr_webhook));
    CHECK(list == UNTOUCHED(ayr_webhook_list));
    printf("ran %zu non-UTF-8 checks\n", checks);
    ayr_verifier_free(verifier);
    ayr_client_free(client);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"table", table},
        {"defaults_accepted", defaults_accepted},
        {"not_utf8", not_utf8},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
