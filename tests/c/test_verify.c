/*
 * Delivery verification and parsing, against signatures computed by OpenSSL
 * (tests/c/fixtures/make-fixtures.sh): ayr_verify_signature, ayr_verifier_* with the
 * rotation header and the timestamp window, and ayr_parse_delivery with every accessor.
 */
#include <time.h>

#include "check.h"

#define SECRET_BYTES(s) (const uint8_t *)(s), strlen(s)
/* One year, in seconds: the widest tolerance accepted. */
#define ONE_YEAR_SECS (365ULL * 24 * 3600)

/* ayr_verify_signature over the exact fixture bytes, in every encoding and failure. */
static void verify_signature(void) {
    size_t len;
    unsigned char *body = read_fixture("delivery.json", &len);
    char *hex = read_text_fixture("delivery.hex.sig");
    char *b64 = read_text_fixture("delivery.b64.sig");
    char *empty_hex = read_text_fixture("empty.hex.sig");
    char upper[65];
    char spaced[80];
    size_t i;
    ayr_error *err = NULL;

    CHECK(strlen(hex) == 64);
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len, hex, &err), AYR_OK);
    CHECK(err == NULL);
    for (i = 0; i <= 64; i++) upper[i] = (char)((hex[i] >= 'a' && hex[i] <= 'f') ? hex[i] - 32 : hex[i]);
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len, upper, NULL), AYR_OK);
    snprintf(spaced, sizeof spaced, "  %s \t", hex);
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len, spaced, NULL), AYR_OK);
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len, b64, NULL), AYR_OK);
    /* An empty body, given as (NULL, 0). */
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), NULL, 0, empty_hex, NULL),
                 AYR_OK);

    /* Every byte counts: the body without its trailing newline, then one byte changed. */
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len - 1, hex, &err),
                 AYR_ERR_SIGNATURE_MISMATCH);
    CHECK_ERROR(err, AYR_ERR_SIGNATURE_MISMATCH,
                "the signature does not match the body (wrong secret or altered body)", NULL);
    body[10] ^= 1;
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len, hex, NULL),
                 AYR_ERR_SIGNATURE_MISMATCH);
    body[10] ^= 1;
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_OLD_SECRET), body, len, hex, NULL),
                 AYR_ERR_SIGNATURE_MISMATCH);

    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len, "zz", &err),
                 AYR_ERR_SIGNATURE_MALFORMED);
    CHECK_ERROR(err, AYR_ERR_SIGNATURE_MALFORMED,
                "the signature is neither hex nor base64 of an HMAC-SHA256 tag", NULL);
    CHECK_RESULT(ayr_verify_signature(SECRET_BYTES(TEST_SECRET), body, len, "  ", &err),
                 AYR_ERR_SIGNATURE_MISSING);
    CHECK_ERROR(err, AYR_ERR_SIGNATURE_MISSING, "the delivery carries no signature", NULL);
    CHECK_RESULT(ayr_verify_signature(NULL, 0, body, len, hex, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT, "the webhook secret is empty", "secret");

    free(body);
    free(hex);
    free(b64);
    free(empty_hex);
}

/* The current Unix time as text, in seconds or milliseconds. */
static void now_text(char *buffer, size_t size, int milliseconds) {
    long long now = (long long)time(NULL);
    snprintf(buffer, size, "%lld", milliseconds ? now * 1000 : now);
}

/* ayr_verifier: signature, rotation header and timestamp, in the core's order of checks. */
static void verifier(void) {
    size_t len;
    unsigned char *body = read_fixture("delivery.json", &len);
    char *hex = read_text_fixture("delivery.hex.sig");
    char *old_hex = read_text_fixture("delivery.old.hex.sig");
    char now[32], now_ms[32], rotation[160], only_old[80];
    ayr_verifier *v = NULL, *old = NULL, *lenient = NULL;
    ayr_verifier *untouched = UNTOUCHED(ayr_verifier);
    ayr_error *err = NULL;

    now_text(now, sizeof now, 0);
    now_text(now_ms, sizeof now_ms, 1);
    snprintf(rotation, sizeof rotation, "v1=%s,v1=%s", old_hex, hex);
    snprintf(only_old, sizeof only_old, "v1=%s", old_hex);

    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), AYR_DEFAULT_TOLERANCE_SECS, &v, &err),
                 AYR_OK);
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_OLD_SECRET), 60, &old, &err), AYR_OK);
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), AYR_NO_TIMESTAMP_CHECK, &lenient,
                                  &err),
                 AYR_OK);
    CHECK(err == NULL);

    /* Genuine deliveries. */
    CHECK_RESULT(ayr_verifier_verify(v, hex, NULL, now, body, len, &err), AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(v, hex, NULL, now_ms, body, len, &err), AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(v, NULL, rotation, now, body, len, &err), AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(old, NULL, rotation, now, body, len, &err), AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(lenient, hex, NULL, NULL, body, len, &err), AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(lenient, hex, NULL, "1000000000", body, len, &err), AYR_OK);
    CHECK(err == NULL);

    /* Signature failures come first. */
    CHECK_RESULT(ayr_verifier_verify(v, NULL, NULL, now, body, len, &err),
                 AYR_ERR_SIGNATURE_MISSING);
    CHECK_ERROR(err, AYR_ERR_SIGNATURE_MISSING, "the delivery carries no signature", NULL);
    CHECK_RESULT(ayr_verifier_verify(v, NULL, only_old, now, body, len, &err),
                 AYR_ERR_SIGNATURE_MISMATCH);
    CHECK_ERROR(err, AYR_ERR_SIGNATURE_MISMATCH,
                "the signature does not match the body (wrong secret or altered body)", NULL);
    CHECK_RESULT(ayr_verifier_verify(v, "not-a-signature", NULL, "garbage", body, len, &err),
                 AYR_ERR_SIGNATURE_MALFORMED);
    CHECK_ERROR(err, AYR_ERR_SIGNATURE_MALFORMED,
                "the signature is neither hex nor base64 of an HMAC-SHA256 tag", NULL);
    body[0] = ' ';
    CHECK_RESULT(ayr_verifier_verify(v, hex, NULL, now, body, len, NULL),
                 AYR_ERR_SIGNATURE_MISMATCH);
    body[0] = '{';

    /* Then the timestamp. */
    CHECK_RESULT(ayr_verifier_verify(v, hex, NULL, NULL, body, len, &err),
                 AYR_ERR_TIMESTAMP_MISSING);
    CHECK_ERROR(err, AYR_ERR_TIMESTAMP_MISSING, "the delivery carries no timestamp", NULL);
    CHECK_RESULT(ayr_verifier_verify(v, hex, NULL, "yesterday", body, len, &err),
                 AYR_ERR_TIMESTAMP_MALFORMED);
    CHECK_ERROR(err, AYR_ERR_TIMESTAMP_MALFORMED, "the delivery timestamp is not a Unix time",
                NULL);
    CHECK_RESULT(ayr_verifier_verify(v, hex, NULL, "1000000000", body, len, &err),
                 AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE);
    CHECK_ERROR(err, AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE,
                "the delivery timestamp is outside the allowed tolerance", NULL);

    /* The same old timestamp: accepted with the check off, rejected with a 1 s tolerance. */
    CHECK_RESULT(ayr_verifier_verify(lenient, hex, NULL, "1000000000", body, len, NULL), AYR_OK);
    ayr_verifier_free(lenient);
    lenient = NULL;
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), 1, &lenient, &err), AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(lenient, hex, NULL, "1000000000", body, len, NULL),
                 AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE);

    /* A tolerance over a year is rejected (near UINT64_MAX it would accept a 1970 timestamp);
     * a year is accepted, and rejects that timestamp; AYR_NO_TIMESTAMP_CHECK still skips the
     * check. */
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), UINT64_MAX - 1, &untouched, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid tolerance: must be at most one year (no request was sent)", "tolerance");
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), ONE_YEAR_SECS + 1, &untouched, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid tolerance: must be at most one year (no request was sent)", "tolerance");
    CHECK(untouched == UNTOUCHED(ayr_verifier));
    ayr_verifier_free(lenient);
    lenient = NULL;
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), ONE_YEAR_SECS, &lenient, &err),
                 AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(lenient, hex, NULL, "1", body, len, NULL),
                 AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE);
    ayr_verifier_free(lenient);
    lenient = NULL;
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), AYR_NO_TIMESTAMP_CHECK, &lenient,
                                  &err),
                 AYR_OK);
    CHECK_RESULT(ayr_verifier_verify(lenient, hex, NULL, "1", body, len, NULL), AYR_OK);

    /* An empty secret is rejected; *out_verifier untouched. */
    CHECK_RESULT(ayr_verifier_new((const uint8_t *)"", 0, 300, &untouched, &err),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid secret: must not be empty (no request was sent)", "secret");
    CHECK(untouched == UNTOUCHED(ayr_verifier));

    ayr_verifier_free(v);
    ayr_verifier_free(old);
    ayr_verifier_free(lenient);
    free(body);
    free(hex);
    free(old_hex);
}

/* ayr_parse_delivery: every accessor on the fixture, then unknown and broken bodies. */
static void parse_delivery(void) {
    size_t len;
    unsigned char *body = read_fixture("delivery.json", &len);
    ayr_delivery *d = NULL;
    ayr_delivery *untouched = UNTOUCHED(ayr_delivery);
    ayr_error *err = NULL;
    int64_t code = -7;
    const char *json;
    static const char other[] = "{\"action\":\"newThing\",\"created\":1764230400}";
    static const char array[] = "[1,2]";
    static const char no_action[] = "{\"status\":\"success\"}";

    CHECK_RESULT(ayr_parse_delivery(body, len, &d, &err), AYR_OK);
    CHECK_STR(ayr_delivery_action(d), "scheduled");
    CHECK(ayr_delivery_action_is_known(d));
    CHECK_STR(ayr_delivery_sub_action(d), "postPublished");
    CHECK_STR(ayr_delivery_created(d), "2026-11-27T08:00:00Z");
    CHECK_STR(ayr_delivery_ref_id(d), "3dc079614bdc3f281d9");
    CHECK_STR(ayr_delivery_hook_id(d), "1234");
    CHECK_STR(ayr_delivery_status(d), "success");
    CHECK(ayr_delivery_code(d, &code) && code == 200);
    json = ayr_delivery_payload_json(d);
    CHECK(json != NULL);
    CHECK(strstr(json, "\"postIds\":[{") != NULL);
    CHECK(strstr(json, "\"note\":\"caf\xc3\xa9 \xe2\x9c\x93 na\xc3\xafve\"") != NULL);
    ayr_delivery_free(d);

    d = NULL;
    code = -7;
    CHECK_RESULT(ayr_parse_delivery((const uint8_t *)other, strlen(other), &d, NULL), AYR_OK);
    CHECK_STR(ayr_delivery_action(d), "newThing");
    CHECK(!ayr_delivery_action_is_known(d));
    CHECK_STR(ayr_delivery_created(d), "1764230400");
    CHECK_STR(ayr_delivery_sub_action(d), NULL);
    CHECK_STR(ayr_delivery_ref_id(d), NULL);
    CHECK_STR(ayr_delivery_hook_id(d), NULL);
    CHECK_STR(ayr_delivery_status(d), NULL);
    CHECK(!ayr_delivery_code(d, &code) && code == -7);
    ayr_delivery_free(d);

    CHECK_RESULT(ayr_parse_delivery(body, len - 20, &untouched, &err), AYR_ERR_DECODE);
    CHECK(ayr_error_http_status(err) == 0);
    CHECK_PREFIX(ayr_error_message(err), "unexpected delivery body: a delivery must be JSON (truncated); body starts with ");
    ayr_error_free(err);
    err = NULL;
    CHECK_RESULT(ayr_parse_delivery((const uint8_t *)array, strlen(array), &untouched, &err),
                 AYR_ERR_DECODE);
    CHECK_ERROR(err, AYR_ERR_DECODE,
                "unexpected delivery body: a delivery must be a JSON object; body starts with "
                "\"[1,2]\"",
                NULL);
    CHECK_RESULT(ayr_parse_delivery((const uint8_t *)no_action, strlen(no_action), &untouched,
                                    &err),
                 AYR_ERR_DECODE);
    CHECK_PREFIX(ayr_error_message(err), "unexpected delivery body: the delivery has no `action`");
    ayr_error_free(err);
    CHECK_RESULT(ayr_parse_delivery(NULL, 0, &untouched, NULL), AYR_ERR_DECODE);
    CHECK(untouched == UNTOUCHED(ayr_delivery));
    free(body);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"verify_signature", verify_signature},
        {"verifier", verifier},
        {"parse_delivery", parse_delivery},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
