/*
 * libayr from C, start to finish: register a webhook with a signing secret, list the
 * webhooks, verify (and parse) a signed delivery, remove the webhook, and see how a bad
 * argument is reported.
 *
 * Build against an installed libayr (see ffi/README.md):
 *     cc -std=c99 register.c $(pkg-config --cflags --libs ayr) -o register
 * Run with AYRSHARE_API_KEY set (and AYRSHARE_BASE_URL for the mock of the API). `make demo`
 * runs it against the mock, which also writes the signed delivery Ayrshare would send to
 * $AYR_DEMO_OUTBOX/<profile>/<action>.body and .headers.
 *
 * Every fallible libayr call returns an ayr_result (AYR_OK is 0) and, when its last argument
 * is not NULL, hands back an ayr_error with the details. Everything libayr returns is freed
 * with the matching *_free function, each of which accepts NULL.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ayr.h>

#define PROFILE_KEY "demo-profile-c"
#define HOOK_URL "https://example.com/hooks/ayrshare-c"
#define SECRET "demo-secret-c"

/* Prints a failed call's details and frees the error. */
static void report(const char *what, ayr_result result, ayr_error *err) {
    fprintf(stderr, "%s failed: %s: %s", what, ayr_result_name(result), ayr_error_message(err));
    if (ayr_error_http_status(err) != 0) fprintf(stderr, " [HTTP %u]", ayr_error_http_status(err));
    if (ayr_error_retry_after_ms(err) >= 0)
        fprintf(stderr, " [retry after %lld ms]", (long long)ayr_error_retry_after_ms(err));
    fputc('\n', stderr);
    ayr_error_free(err);
}

/* Reads a whole file; returns NULL if it cannot. The caller frees the buffer. */
static char *read_file(const char *path, size_t *len) {
    FILE *file = fopen(path, "rb");
    char *data = NULL;
    long size;
    if (file == NULL) return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (size = ftell(file)) >= 0 && fseek(file, 0, SEEK_SET) == 0
        && (data = malloc((size_t)size + 1)) != NULL) {
        *len = fread(data, 1, (size_t)size, file);
        data[*len] = '\0';
    }
    fclose(file);
    return data;
}

/* Header names are case-insensitive. */
static int same_name(const char *a, const char *b, size_t b_len) {
    size_t i;
    if (strlen(a) != b_len) return 0;
    for (i = 0; i < b_len; i++)
        if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i])) return 0;
    return 1;
}

/* The value of header `name` in a "Name: value" per line block, copied into `out`; "" if absent. */
static void header_value(const char *headers, const char *name, char *out, size_t out_size) {
    const char *line = headers;
    out[0] = '\0';
    while (line != NULL && *line != '\0') {
        const char *end = strchr(line, '\n');
        const char *colon = strchr(line, ':');
        size_t line_len = end ? (size_t)(end - line) : strlen(line);
        if (colon != NULL && colon < line + line_len && same_name(name, line, (size_t)(colon - line))) {
            const char *value = colon + 1;
            size_t value_len;
            while (*value == ' ') value++;
            value_len = (size_t)(line + line_len - value);
            if (value_len > 0 && value[value_len - 1] == '\r') value_len--;
            if (value_len >= out_size) value_len = out_size - 1;
            memcpy(out, value, value_len);
            out[value_len] = '\0';
            return;
        }
        line = end ? end + 1 : NULL;
    }
}

/*
 * What a webhook endpoint does with each delivery: verify the signature over the exact bytes
 * received (and the timestamp), then parse. Returns the verification result.
 */
static ayr_result receive(const ayr_verifier *verifier, const char *headers, const char *body,
                          size_t body_len) {
    char signature[256], signature_v2[512], timestamp[64];
    ayr_error *err = NULL;
    ayr_delivery *delivery = NULL;
    ayr_result result;
    int64_t code;

    header_value(headers, "X-Authorization-Content-SHA256", signature, sizeof signature);
    header_value(headers, "X-Authorization-Content-SHA256-V2", signature_v2, sizeof signature_v2);
    header_value(headers, "X-Authorization-Timestamp", timestamp, sizeof timestamp);
    /* Absent headers are passed as NULL. */
    result = ayr_verifier_verify(verifier, signature[0] ? signature : NULL,
                                 signature_v2[0] ? signature_v2 : NULL,
                                 timestamp[0] ? timestamp : NULL, (const uint8_t *)body, body_len,
                                 &err);
    if (result != AYR_OK) {
        /* A real endpoint answers 401 and drops the delivery. */
        printf("  rejected: %s (%s)\n", ayr_result_name(result), ayr_error_message(err));
        ayr_error_free(err);
        return result;
    }
    if (ayr_parse_delivery((const uint8_t *)body, body_len, &delivery, &err) != AYR_OK) {
        report("ayr_parse_delivery", ayr_error_result(err), err);
        return AYR_ERR_DECODE;
    }
    printf("  verified: action=%s subAction=%s refId=%s", ayr_delivery_action(delivery),
           ayr_delivery_sub_action(delivery) ? ayr_delivery_sub_action(delivery) : "-",
           ayr_delivery_ref_id(delivery) ? ayr_delivery_ref_id(delivery) : "-");
    if (ayr_delivery_code(delivery, &code)) printf(" code=%lld", (long long)code);
    printf("\n");
    ayr_delivery_free(delivery);
    return AYR_OK;
}

/* Verifies the delivery the mock wrote for our registration, then a tampered copy. */
static int verify_outbox_delivery(void) {
    const char *outbox = getenv("AYR_DEMO_OUTBOX");
    char path[1024];
    char *body, *headers;
    size_t body_len, headers_len;
    ayr_verifier *verifier = NULL;
    ayr_error *err = NULL;
    ayr_result result;
    int ok;

    if (outbox == NULL) {
        printf("AYR_DEMO_OUTBOX is not set: no delivery to verify\n");
        return 1;
    }
    snprintf(path, sizeof path, "%s/%s/scheduled.body", outbox, PROFILE_KEY);
    body = read_file(path, &body_len);
    snprintf(path, sizeof path, "%s/%s/scheduled.headers", outbox, PROFILE_KEY);
    headers = read_file(path, &headers_len);
    if (body == NULL || headers == NULL) {
        fprintf(stderr, "no delivery in %s/%s\n", outbox, PROFILE_KEY);
        free(body);
        free(headers);
        return 0;
    }

    /* One verifier per secret; it is immutable, so every request thread may share it. */
    result = ayr_verifier_new((const uint8_t *)SECRET, strlen(SECRET), AYR_DEFAULT_TOLERANCE_SECS,
                              &verifier, &err);
    if (result != AYR_OK) {
        report("ayr_verifier_new", result, err);
        free(body);
        free(headers);
        return 0;
    }
    printf("the signed delivery from the outbox (%lu bytes):\n", (unsigned long)body_len);
    ok = receive(verifier, headers, body, body_len) == AYR_OK;
    printf("the same delivery with one byte of its body changed:\n");
    body[body_len / 2] ^= 0x01;
    ok = ok && receive(verifier, headers, body, body_len) == AYR_ERR_SIGNATURE_MISMATCH;

    ayr_verifier_free(verifier);
    free(body);
    free(headers);
    return ok;
}

int main(void) {
    ayr_client *client = NULL;
    ayr_webhook *hook = NULL;
    ayr_webhook_list *list = NULL;
    ayr_error *err = NULL;
    ayr_result result;
    size_t i;
    int ok = 1;

    printf("libayr %s\n", ayr_version());

    /* AYRSHARE_API_KEY, and AYRSHARE_BASE_URL / AYRSHARE_PROFILE_KEY when set. For full control
     * use ayr_client_builder_new() and its setters. The client is thread-safe. */
    result = ayr_client_from_env(&client, &err);
    if (result != AYR_OK) {
        report("ayr_client_from_env", result, err);
        return 1;
    }

    /* Register `scheduled` for one User Profile, with a signing secret. */
    result = ayr_register_webhook(client, "scheduled", HOOK_URL, SECRET, PROFILE_KEY, &hook, &err);
    if (result != AYR_OK) {
        report("ayr_register_webhook", result, err);
        ayr_client_free(client);
        return 1;
    }
    printf("registered %s -> %s (refId %s)\n", ayr_webhook_action(hook), ayr_webhook_url(hook),
           ayr_webhook_ref_id(hook) ? ayr_webhook_ref_id(hook) : "none");
    ayr_webhook_free(hook);

    /* List the profile's webhooks. */
    result = ayr_list_webhooks(client, PROFILE_KEY, &list, &err);
    if (result == AYR_OK) {
        printf("webhooks of %s:\n", PROFILE_KEY);
        for (i = 0; i < ayr_webhook_list_len(list); i++)
            printf("  %s -> %s\n", ayr_webhook_list_action(list, i), ayr_webhook_list_url(list, i));
        ayr_webhook_list_free(list);
    } else {
        report("ayr_list_webhooks", result, err);
        ok = 0;
    }

    /* Verify what Ayrshare would deliver to HOOK_URL. */
    ok = verify_outbox_delivery() && ok;

    /* Remove the webhook. */
    result = ayr_unregister_webhook(client, "scheduled", PROFILE_KEY, &err);
    if (result == AYR_OK) {
        printf("unregistered scheduled\n");
    } else {
        report("ayr_unregister_webhook", result, err);
        ok = 0;
    }

    /* Bad input never reaches the network: an http:// URL is rejected with the reason. */
    err = NULL;
    result = ayr_register_webhook(client, "scheduled", "http://example.com/insecure", NULL, NULL,
                                  &hook, &err);
    printf("registering an http:// URL: %s, field `%s`: %s\n", ayr_result_name(result),
           ayr_error_field(err) ? ayr_error_field(err) : "-", ayr_error_message(err));
    ok = ok && result == AYR_ERR_INVALID_ARGUMENT;
    ayr_error_free(err);

    ayr_client_free(client);
    printf(ok ? "C example: all steps behaved as expected\n" : "C example: a step failed\n");
    return ok ? 0 : 1;
}
