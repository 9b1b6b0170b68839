/*
 * Typed events and signing: ayr_parse_event on the shared sample of every action
 * (tests/cases/events, AYR_TEST_EVENTS), the lenient cases, ayr_sign_delivery with
 * ayr_verifier_verify_event, deliveries signed by the Rust core and verified here (and the
 * other way round: the harness verifies what `c_signs` prints), and NULL for every pointer.
 */
#include <time.h>

#include "check.h"

#define SECRET_BYTES(s) (const uint8_t *)(s), strlen(s)

/* Reads tests/cases/events/<name>.json and parses it; the caller frees the event. */
static ayr_event *sample(const char *name) {
    char path[1024];
    FILE *file;
    static unsigned char body[8192];
    size_t len;
    ayr_event *event = NULL;
    ayr_error *err = NULL;
    snprintf(path, sizeof path, "%s/%s.json", required_env("AYR_TEST_EVENTS"), name);
    file = fopen(path, "rb");
    if (file == NULL) FAIL("cannot open %s", path);
    len = fread(body, 1, sizeof body, file);
    fclose(file);
    CHECK(len > 0 && len < sizeof body);
    CHECK_RESULT(ayr_parse_event(body, len, &event, &err), AYR_OK);
    CHECK(event != NULL && err == NULL);
    return event;
}

static ayr_event *parse(const char *json) {
    ayr_event *event = NULL;
    CHECK_RESULT(ayr_parse_event((const uint8_t *)json, strlen(json), &event, NULL), AYR_OK);
    return event;
}

/* The common fields every sample shares. */
static void check_common(const ayr_event *e, const char *action, const char *hook_id,
                         const char *created) {
    int64_t code = -1;
    CHECK_STR(ayr_event_action(e), action);
    CHECK_STR(ayr_event_hook_id(e), hook_id);
    CHECK_STR(ayr_event_created(e), created);
    CHECK_STR(ayr_event_ref_id(e), "3dc079614bdc3f281d9");
    CHECK_STR(ayr_event_status(e), "success");
    CHECK(ayr_event_code(e, &code) && code == 200);
}

static void scheduled(void) {
    ayr_event *e = sample("scheduled");
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_SCHEDULED);
    check_common(e, "scheduled", "hk_8f2a", "2026-11-27T10:00:00.000Z");
    CHECK_STR(ayr_event_sub_action(e), "tikTokPublished");
    CHECK_STR(ayr_event_id(e), "RJTsGk8TyWWZsIhyk2Qy");
    CHECK_STR(ayr_event_url(e), "https://mysite.com/hooks/ayrshare");
    CHECK_STR(ayr_event_errors_json(e), "[]");
    CHECK(ayr_event_post_result_count(e) == 2);
    CHECK_STR(ayr_event_post_result_platform(e, 0), "twitter");
    CHECK_STR(ayr_event_post_result_status(e, 0), "success");
    CHECK_STR(ayr_event_post_result_id(e, 0), "1570456773712580608");
    CHECK_STR(ayr_event_post_result_post_url(e, 0),
              "https://twitter.com/ayrshare/status/1570456773712580608");
    CHECK_STR(ayr_event_post_result_other_json(e, 0), "{}");
    CHECK_STR(ayr_event_post_result_platform(e, 1), "tiktok");
    CHECK_STR(ayr_event_post_result_id(e, 1), "7143557452345707819");
    CHECK_STR(ayr_event_post_result_platform(e, 2), NULL);
    CHECK_STR(ayr_event_post_result_other_json(e, 2), NULL);
    CHECK_STR(ayr_event_other_json(e), "{}");
    /* Fields of other kinds. */
    CHECK_STR(ayr_event_platform(e), NULL);
    CHECK(ayr_event_social_kind(e) == AYR_SOCIAL_NONE);
    CHECK(!ayr_event_has_message(e));
    CHECK(ayr_event_media_url_count(e) == 0);
    ayr_event_free(e);
}

static void social(void) {
    ayr_event *e = sample("social");
    int64_t code = -1;
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_SOCIAL);
    check_common(e, "social", "hk_91c0", "2026-11-27T10:05:00Z");
    CHECK(ayr_event_social_kind(e) == AYR_SOCIAL_REFRESH);
    CHECK_STR(ayr_event_type(e), "refresh");
    CHECK_STR(ayr_event_platform(e), "linkedin");
    CHECK_STR(ayr_event_display_name(e), "Ayrshare Inc.");
    CHECK_STR(ayr_event_title(e), "Acme Marketing");
    CHECK_STR(ayr_event_source(e), "system");
    CHECK_STR(ayr_event_refresh_by(e), "2026-12-27T00:00:00Z");
    CHECK_STR(ayr_event_details_status(e), "error");
    CHECK(ayr_event_details_code(e, &code) && code == 349);
    CHECK_STR(ayr_event_details_message(e), "Account locked");
    CHECK_STR(ayr_event_details_other_json(e), "{}");
    CHECK_STR(ayr_event_other_json(e), "{}");
    CHECK(ayr_event_post_result_count(e) == 0);
    CHECK_STR(ayr_event_sub_action(e), NULL);
    ayr_event_free(e);

    e = parse("{\"action\":\"social\",\"type\":\"link\"}");
    CHECK(ayr_event_social_kind(e) == AYR_SOCIAL_LINK);
    ayr_event_free(e);
    e = parse("{\"action\":\"social\",\"type\":\"unlink\"}");
    CHECK(ayr_event_social_kind(e) == AYR_SOCIAL_UNLINK);
    CHECK_STR(ayr_event_details_status(e), NULL);
    CHECK(!ayr_event_details_code(e, &code) && code == 349);
    ayr_event_free(e);
    e = parse("{\"action\":\"social\",\"type\":\"suspend\"}");
    CHECK(ayr_event_social_kind(e) == AYR_SOCIAL_OTHER);
    CHECK_STR(ayr_event_type(e), "suspend");
    ayr_event_free(e);
}

static void messages(void) {
    ayr_event *e = sample("messages");
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_MESSAGES);
    check_common(e, "messages", "hk_4d11", "2026-11-27T10:10:00Z");
    CHECK_STR(ayr_event_sub_action(e), "messageCreated");
    CHECK(ayr_event_has_message(e));
    CHECK_STR(ayr_event_message_text(e), "Hello from Ayrshare");
    CHECK_STR(ayr_event_message_platform(e), "facebook");
    CHECK_STR(ayr_event_message_status(e), "received");
    CHECK_STR(ayr_event_message_id(e), "m_9XOMkxg3CnMr");
    CHECK_STR(ayr_event_message_sender_id(e), "7101813409857336");
    CHECK_STR(ayr_event_message_sender_name(e), "Jane Doe");
    CHECK_STR(ayr_event_message_sender_username(e), "janedoe");
    CHECK_STR(ayr_event_message_sender_other_json(e),
              "{\"picture\":\"https://example.com/jane.png\"}");
    CHECK_STR(ayr_event_message_receiver_id(e), "106638148652444");
    CHECK_STR(ayr_event_message_receiver_name(e), "Ayrshare");
    CHECK_STR(ayr_event_message_receiver_username(e), "ayrshare");
    CHECK_STR(ayr_event_message_receiver_other_json(e), "{}");
    CHECK_STR(ayr_event_message_data_json(e),
              "{\"hashtags\":[\"launch\"],\"userMentions\":[],\"urls\":[\"https://www.ayrshare.com\"]}");
    CHECK(ayr_event_message_media_count(e) == 1);
    CHECK_STR(ayr_event_message_media_type(e, 0), "image");
    CHECK_STR(ayr_event_message_media_url(e, 0), "https://example.com/photo.jpg");
    CHECK_STR(ayr_event_message_media_other_json(e, 0), "{}");
    CHECK_STR(ayr_event_message_media_url(e, 1), NULL);
    CHECK_STR(ayr_event_message_other_json(e), "{}");
    ayr_event_free(e);

    e = sample("message_legacy");
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_MESSAGES);
    check_common(e, "messages", "59127", "1764237600");
    CHECK_STR(ayr_event_sub_action(e), "reaction");
    CHECK_STR(ayr_event_message_platform(e), "instagram");
    CHECK_STR(ayr_event_message_sender_name(e), NULL);
    CHECK_STR(ayr_event_message_receiver_id(e), NULL);
    CHECK_STR(ayr_event_message_receiver_other_json(e), NULL);
    CHECK(ayr_event_message_media_count(e) == 0);
    ayr_event_free(e);
}

static void account_activity(void) {
    ayr_event *e = sample("account_activity");
    int64_t attempt = -1;
    const char *json;
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_ACCOUNT_ACTIVITY);
    check_common(e, "accountActivity", "hk_aa07", "2026-11-27T10:15:00Z");
    CHECK_STR(ayr_event_platform(e), "twitter");
    CHECK_STR(ayr_event_type(e), "directMessage");
    CHECK(ayr_event_social_kind(e) == AYR_SOCIAL_NONE);
    CHECK(ayr_event_direct_message_count(e) == 1);
    CHECK_STR(ayr_event_direct_message_type(e, 0), "message_create");
    CHECK_STR(ayr_event_direct_message_created_at(e, 0), "1764237900000");
    CHECK_STR(ayr_event_direct_message_id(e, 0), "1570455736368660484");
    json = ayr_event_direct_message_create_json(e, 0);
    CHECK(json != NULL && strstr(json, "\"messageData\":{\"text\":\"Hi there\"}") != NULL);
    CHECK_STR(ayr_event_direct_message_other_json(e, 0), "{}");
    CHECK_STR(ayr_event_direct_message_id(e, 1), NULL);
    CHECK(ayr_event_media_url_count(e) == 1);
    CHECK_STR(ayr_event_media_url(e, 0), "https://pbs.twimg.com/dm_gif/1.gif");
    CHECK_STR(ayr_event_media_url(e, 1), NULL);
    CHECK(ayr_event_retry_attempt(e, &attempt) && attempt == 0);
    CHECK_STR(ayr_event_schedule_date(e), "2026-11-27T10:15:00Z");
    CHECK_STR(ayr_event_source(e), "user");
    CHECK_STR(ayr_event_title(e), "Acme Marketing");
    CHECK_STR(ayr_event_url(e), "https://mysite.com/hooks/ayrshare");
    CHECK_STR(ayr_event_users_json(e),
              "{\"1438624520271880195\":{\"name\":\"Jane Doe\",\"screenName\":\"janedoe\"}}");
    CHECK_STR(ayr_event_other_json(e), "{}");
    ayr_event_free(e);
}

static void feed_batch_and_unknown(void) {
    ayr_event *e = sample("feed");
    int64_t code = -1;
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_FEED);
    check_common(e, "feed", "hk_fe3d", "2026-11-27T10:20:00Z");
    CHECK_STR(ayr_event_other_json(e),
              "{\"platform\":\"instagram\",\"items\":[{\"id\":\"18023\",\"caption\":\"New post\"}]}");
    CHECK_STR(ayr_event_platform(e), NULL);
    ayr_event_free(e);

    e = sample("batch");
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_BATCH);
    CHECK_STR(ayr_event_action(e), "batch");
    CHECK_STR(ayr_event_status(e), "error");
    CHECK(ayr_event_code(e, &code) && code == 400);
    CHECK_STR(ayr_event_other_json(e), "{\"batchId\":\"b_77\",\"processed\":2}");
    ayr_event_free(e);

    e = sample("unknown");
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_UNKNOWN);
    check_common(e, "comments", "hk_c0de", "2026-11-27T10:30:00Z");
    CHECK_STR(ayr_event_sub_action(e), NULL);
    CHECK_STR(ayr_event_other_json(e),
              "{\"subAction\":\"commentCreated\",\"platform\":\"youtube\",\"comment\":\"Great video\"}");
    ayr_event_free(e);
}

/* Odd types are kept in the other fields; only a body that is not a JSON object fails. */
static void lenient(void) {
    ayr_event *e = parse("{\"action\":\"scheduled\",\"code\":\"n/a\",\"hookId\":42,"
                         "\"postIds\":[{\"platform\":\"x\"},7],\"url\":false}");
    ayr_event *untouched = UNTOUCHED(ayr_event);
    ayr_error *err = NULL;
    int64_t code = -7;
    static const char nul_in_string[] = "{\"action\":\"feed\",\"refId\":\"a\\u0000b\"}";
    static const char nul_elsewhere[] = "{\"action\":\"feed\",\"note\":\"a\\u0000b\"}";

    CHECK(ayr_event_get_kind(e) == AYR_EVENT_SCHEDULED);
    CHECK(!ayr_event_code(e, &code) && code == -7);
    CHECK_STR(ayr_event_hook_id(e), "42");
    CHECK(ayr_event_post_result_count(e) == 0);
    CHECK_STR(ayr_event_url(e), NULL);
    CHECK_STR(ayr_event_other_json(e),
              "{\"code\":\"n/a\",\"postIds\":[{\"platform\":\"x\"},7],\"url\":false}");
    ayr_event_free(e);

    e = parse("{}");
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_UNKNOWN);
    CHECK_STR(ayr_event_action(e), NULL);
    CHECK_STR(ayr_event_other_json(e), "{}");
    ayr_event_free(e);
    e = parse("{\"action\":[1]}");
    CHECK_STR(ayr_event_action(e), NULL);
    CHECK_STR(ayr_event_other_json(e), "{\"action\":[1]}");
    ayr_event_free(e);

    /* A NUL inside an untyped string is fine (escaped in the JSON); inside a typed one, C
       cannot carry it. */
    e = parse(nul_elsewhere);
    CHECK_STR(ayr_event_other_json(e), "{\"note\":\"a\\u0000b\"}");
    ayr_event_free(e);
    CHECK_RESULT(ayr_parse_event((const uint8_t *)nul_in_string, strlen(nul_in_string),
                                 &untouched, &err),
                 AYR_ERR_DECODE);
    CHECK_ERROR(err, AYR_ERR_DECODE,
                "the event's `refId` contains a NUL character, which a C string cannot carry",
                NULL);

    CHECK_RESULT(ayr_parse_event((const uint8_t *)"[1,2]", 5, &untouched, &err), AYR_ERR_DECODE);
    CHECK_ERROR(err, AYR_ERR_DECODE,
                "unexpected delivery body: a delivery must be a JSON object; body starts with "
                "\"[1,2]\"",
                NULL);
    CHECK_RESULT(ayr_parse_event(NULL, 0, &untouched, &err), AYR_ERR_DECODE);
    CHECK(ayr_error_http_status(err) == 0);
    ayr_error_free(err);
    CHECK(untouched == UNTOUCHED(ayr_event));
}

/* ayr_sign_delivery agrees with OpenSSL, and whatever it signs the verifier accepts. */
static void sign_and_verify(void) {
    size_t len;
    unsigned char *body = read_fixture("delivery.json", &len);
    char *hex = read_text_fixture("delivery.hex.sig");
    char *old_hex = read_text_fixture("delivery.old.hex.sig");
    const char *one[] = {TEST_SECRET};
    const char *two[] = {TEST_SECRET, TEST_OLD_SECRET};
    char now[32], rotation[160];
    ayr_signed_headers *h = NULL;
    ayr_verifier *v = NULL, *old = NULL;
    ayr_event *e = NULL;
    ayr_event *untouched = UNTOUCHED(ayr_event);
    ayr_error *err = NULL;

    /* One reading of the clock: under valgrind a second may pass between two. */
    time_t signed_at = time(NULL);
    snprintf(now, sizeof now, "%lld", (long long)signed_at);
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), AYR_DEFAULT_TOLERANCE_SECS, &v, NULL),
                 AYR_OK);
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_OLD_SECRET), 60, &old, NULL), AYR_OK);

    CHECK_RESULT(ayr_sign_delivery(one, 1, body, len, (uint64_t)signed_at, &h, &err), AYR_OK);
    CHECK_STR(ayr_signed_headers_signature(h), hex);
    CHECK_STR(ayr_signed_headers_signature_v2(h), NULL);
    CHECK_STR(ayr_signed_headers_timestamp(h), now);
    CHECK_RESULT(ayr_verifier_verify_event(v, ayr_signed_headers_signature(h), NULL,
                                           ayr_signed_headers_timestamp(h), body, len, &e, &err),
                 AYR_OK);
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_SCHEDULED);
    CHECK_STR(ayr_event_hook_id(e), "1234");
    ayr_event_free(e);
    e = NULL;
    ayr_signed_headers_free(h);
    h = NULL;

    /* Two secrets: the rotation header, which either verifier accepts. */
    CHECK_RESULT(ayr_sign_delivery(two, 2, body, len, 1700000000, &h, NULL), AYR_OK);
    snprintf(rotation, sizeof rotation, "v1=%s,v1=%s", hex, old_hex);
    CHECK_STR(ayr_signed_headers_signature_v2(h), rotation);
    CHECK_STR(ayr_signed_headers_timestamp(h), "1700000000");
    CHECK_RESULT(ayr_verifier_verify(old, NULL, ayr_signed_headers_signature_v2(h), now, body,
                                     len, NULL),
                 AYR_OK);
    /* Its timestamp is old: the verifier rejects it, with no event. */
    CHECK_RESULT(ayr_verifier_verify_event(v, ayr_signed_headers_signature(h),
                                           ayr_signed_headers_signature_v2(h),
                                           ayr_signed_headers_timestamp(h), body, len,
                                           &untouched, &err),
                 AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE);
    CHECK_ERROR(err, AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE,
                "the delivery timestamp is outside the allowed tolerance", NULL);
    ayr_signed_headers_free(h);
    h = NULL;

    /* A tampered body. */
    body[10] ^= 1;
    CHECK_RESULT(ayr_verifier_verify_event(v, hex, NULL, now, body, len, &untouched, &err),
                 AYR_ERR_SIGNATURE_MISMATCH);
    CHECK_ERROR(err, AYR_ERR_SIGNATURE_MISMATCH,
                "the signature does not match the body (wrong secret or altered body)",
                NULL);
    body[10] ^= 1;
    CHECK(untouched == UNTOUCHED(ayr_event));

    /* Bad secrets are invalid input, and the message never shows them. */
    CHECK_RESULT(ayr_sign_delivery(NULL, 0, body, len, 0, &h, &err), AYR_ERR_INVALID_ARGUMENT);
    CHECK_ERROR(err, AYR_ERR_INVALID_ARGUMENT,
                "invalid secret: at least one secret is needed (no request was sent)", "secret");
    {
        const char *bad[] = {TEST_SECRET, "whsec_line\nbreak"};
        const char *not_utf8[] = {NOT_UTF8};
        CHECK_RESULT(ayr_sign_delivery(bad, 2, body, len, 0, &h, &err),
                     AYR_ERR_INVALID_ARGUMENT);
        CHECK(strstr(ayr_error_message(err), "whsec_line") == NULL);
        CHECK_STR(ayr_error_field(err), "secret");
        ayr_error_free(err);
        err = NULL;
        CHECK_RESULT(ayr_sign_delivery(not_utf8, 1, body, len, 0, &h, &err),
                     AYR_ERR_INVALID_ARGUMENT);
        CHECK_STR(ayr_error_field(err), "secret");
        ayr_error_free(err);
        err = NULL;
    }
    CHECK(h == NULL);
    /* An empty body, given as (NULL, 0). */
    CHECK_RESULT(ayr_sign_delivery(one, 1, NULL, 0, 0, &h, NULL), AYR_OK);
    {
        char *empty_hex = read_text_fixture("empty.hex.sig");
        CHECK_STR(ayr_signed_headers_signature(h), empty_hex);
        free(empty_hex);
    }
    ayr_signed_headers_free(h);

    ayr_verifier_free(v);
    ayr_verifier_free(old);
    free(body);
    free(hex);
    free(old_hex);
}

/* A delivery the harness signed with the Rust core (sign_delivery), verified here. */
static void verify_rust_signed(void) {
    const char *body = required_env("AYR_TEST_SIGNED_BODY");
    ayr_verifier *v = NULL;
    ayr_event *e = NULL;
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_OLD_SECRET), AYR_DEFAULT_TOLERANCE_SECS, &v,
                                  NULL),
                 AYR_OK);
    CHECK_RESULT(ayr_verifier_verify_event(v, required_env("AYR_TEST_SIGNED_SIGNATURE"),
                                           required_env("AYR_TEST_SIGNED_SIGNATURE_V2"),
                                           required_env("AYR_TEST_SIGNED_TIMESTAMP"),
                                           (const uint8_t *)body, strlen(body), &e, NULL),
                 AYR_OK);
    CHECK(ayr_event_get_kind(e) == AYR_EVENT_SOCIAL);
    CHECK(ayr_event_social_kind(e) == AYR_SOCIAL_UNLINK);
    CHECK_STR(ayr_event_hook_id(e), "hk_from_rust");
    ayr_event_free(e);
    ayr_verifier_free(v);
}

/* Signs the body the harness gives and prints the headers; the harness verifies them with the
   Rust core. */
static void c_signs(void) {
    const char *body = required_env("AYR_TEST_SIGNED_BODY");
    const char *secrets[] = {TEST_SECRET, TEST_OLD_SECRET};
    ayr_signed_headers *h = NULL;
    CHECK_RESULT(ayr_sign_delivery(secrets, 2, (const uint8_t *)body, strlen(body),
                                   (uint64_t)time(NULL), &h, NULL),
                 AYR_OK);
    printf("X-Authorization-Content-SHA256: %s\n", ayr_signed_headers_signature(h));
    printf("X-Authorization-Content-SHA256-V2: %s\n", ayr_signed_headers_signature_v2(h));
    printf("X-Authorization-Timestamp: %s\n", ayr_signed_headers_timestamp(h));
    ayr_signed_headers_free(h);
}

/* `call` (which uses `&err`) must fail with AYR_ERR_NULL_ARGUMENT naming `field`. */
#define CHECK_NULL_ARG(call, field)                                                            \
    do {                                                                                       \
        ayr_error *err = NULL;                                                                 \
        CHECK_RESULT(call, AYR_ERR_NULL_ARGUMENT);                                             \
        CHECK_ERROR(err, AYR_ERR_NULL_ARGUMENT, "argument `" field "` is NULL", field);        \
    } while (0)

static void null_arguments(void) {
    const uint8_t *body = (const uint8_t *)"{}";
    const char *one[] = {TEST_SECRET};
    const char *with_null[] = {TEST_SECRET, NULL};
    ayr_event *e = UNTOUCHED(ayr_event);
    ayr_signed_headers *h = UNTOUCHED(ayr_signed_headers);
    ayr_verifier *v = NULL;
    int64_t number = 7;

    CHECK_NULL_ARG(ayr_parse_event(NULL, 2, &e, &err), "body");
    CHECK_NULL_ARG(ayr_parse_event(body, 2, NULL, &err), "out_event");
    CHECK_NULL_ARG(ayr_verifier_verify_event(NULL, NULL, NULL, NULL, body, 2, &e, &err),
                   "verifier");
    CHECK_RESULT(ayr_verifier_new(SECRET_BYTES(TEST_SECRET), AYR_NO_TIMESTAMP_CHECK, &v, NULL),
                 AYR_OK);
    CHECK_NULL_ARG(ayr_verifier_verify_event(v, NULL, NULL, NULL, NULL, 2, &e, &err), "body");
    CHECK_NULL_ARG(ayr_verifier_verify_event(v, NULL, NULL, NULL, body, 2, NULL, &err),
                   "out_event");
    CHECK_RESULT(ayr_verifier_verify_event(v, NOT_UTF8, NULL, NULL, body, 2, &e, NULL),
                 AYR_ERR_INVALID_ARGUMENT);
    CHECK_RESULT(ayr_verifier_verify_event(v, NULL, NULL, NULL, body, 2, &e, NULL),
                 AYR_ERR_SIGNATURE_MISSING);
    ayr_verifier_free(v);
    CHECK(e == UNTOUCHED(ayr_event));

    CHECK_NULL_ARG(ayr_sign_delivery(NULL, 1, body, 2, 0, &h, &err), "secrets");
    CHECK_NULL_ARG(ayr_sign_delivery(with_null, 2, body, 2, 0, &h, &err), "secrets");
    CHECK_NULL_ARG(ayr_sign_delivery(one, 1, NULL, 2, 0, &h, &err), "body");
    CHECK_NULL_ARG(ayr_sign_delivery(one, 1, body, 2, 0, NULL, &err), "out_headers");
    CHECK_RESULT(ayr_sign_delivery(one, 1, body, 2, 0, NULL, NULL), AYR_ERR_NULL_ARGUMENT);
    CHECK(h == UNTOUCHED(ayr_signed_headers));
    CHECK(ayr_signed_headers_signature(NULL) == NULL);
    CHECK(ayr_signed_headers_signature_v2(NULL) == NULL);
    CHECK(ayr_signed_headers_timestamp(NULL) == NULL);
    ayr_signed_headers_free(NULL);

    /* Every accessor of a NULL event. */
    CHECK(ayr_event_get_kind(NULL) == AYR_EVENT_UNKNOWN);
    CHECK(ayr_event_action(NULL) == NULL && ayr_event_created(NULL) == NULL);
    CHECK(!ayr_event_code(NULL, &number) && number == 7);
    CHECK(ayr_event_ref_id(NULL) == NULL && ayr_event_hook_id(NULL) == NULL);
    CHECK(ayr_event_status(NULL) == NULL && ayr_event_other_json(NULL) == NULL);
    CHECK(ayr_event_sub_action(NULL) == NULL && ayr_event_url(NULL) == NULL);
    CHECK(ayr_event_platform(NULL) == NULL && ayr_event_title(NULL) == NULL);
    CHECK(ayr_event_source(NULL) == NULL && ayr_event_type(NULL) == NULL);
    CHECK(ayr_event_id(NULL) == NULL && ayr_event_errors_json(NULL) == NULL);
    CHECK(ayr_event_post_result_count(NULL) == 0);
    CHECK(ayr_event_post_result_platform(NULL, 0) == NULL);
    CHECK(ayr_event_post_result_status(NULL, 0) == NULL);
    CHECK(ayr_event_post_result_id(NULL, 0) == NULL);
    CHECK(ayr_event_post_result_post_url(NULL, 0) == NULL);
    CHECK(ayr_event_post_result_other_json(NULL, 0) == NULL);
    CHECK(ayr_event_social_kind(NULL) == AYR_SOCIAL_NONE);
    CHECK(ayr_event_display_name(NULL) == NULL && ayr_event_refresh_by(NULL) == NULL);
    CHECK(ayr_event_details_status(NULL) == NULL && ayr_event_details_message(NULL) == NULL);
    CHECK(!ayr_event_details_code(NULL, &number) && number == 7);
    CHECK(ayr_event_details_other_json(NULL) == NULL);
    CHECK(!ayr_event_has_message(NULL));
    CHECK(ayr_event_message_text(NULL) == NULL && ayr_event_message_platform(NULL) == NULL);
    CHECK(ayr_event_message_status(NULL) == NULL && ayr_event_message_id(NULL) == NULL);
    CHECK(ayr_event_message_sender_id(NULL) == NULL);
    CHECK(ayr_event_message_sender_name(NULL) == NULL);
    CHECK(ayr_event_message_sender_username(NULL) == NULL);
    CHECK(ayr_event_message_sender_other_json(NULL) == NULL);
    CHECK(ayr_event_message_receiver_id(NULL) == NULL);
    CHECK(ayr_event_message_receiver_name(NULL) == NULL);
    CHECK(ayr_event_message_receiver_username(NULL) == NULL);
    CHECK(ayr_event_message_receiver_other_json(NULL) == NULL);
    CHECK(ayr_event_message_data_json(NULL) == NULL);
    CHECK(ayr_event_message_media_count(NULL) == 0);
    CHECK(ayr_event_message_media_type(NULL, 0) == NULL);
    CHECK(ayr_event_message_media_url(NULL, 0) == NULL);
    CHECK(ayr_event_message_media_other_json(NULL, 0) == NULL);
    CHECK(ayr_event_message_other_json(NULL) == NULL);
    CHECK(ayr_event_schedule_date(NULL) == NULL && ayr_event_users_json(NULL) == NULL);
    CHECK(!ayr_event_retry_attempt(NULL, &number) && number == 7);
    CHECK(ayr_event_media_url_count(NULL) == 0 && ayr_event_media_url(NULL, 0) == NULL);
    CHECK(ayr_event_direct_message_count(NULL) == 0);
    CHECK(ayr_event_direct_message_type(NULL, 0) == NULL);
    CHECK(ayr_event_direct_message_created_at(NULL, 0) == NULL);
    CHECK(ayr_event_direct_message_id(NULL, 0) == NULL);
    CHECK(ayr_event_direct_message_create_json(NULL, 0) == NULL);
    CHECK(ayr_event_direct_message_other_json(NULL, 0) == NULL);
    ayr_event_free(NULL);

    /* Number accessors with a NULL out-pointer: false, nothing written. */
    e = sample("account_activity");
    CHECK(!ayr_event_code(e, NULL) && !ayr_event_retry_attempt(e, NULL));
    ayr_event_free(e);
}

int main(int argc, char **argv) {
    static const struct test_case cases[] = {
        {"scheduled", scheduled},
        {"social", social},
        {"messages", messages},
        {"account_activity", account_activity},
        {"feed_batch_and_unknown", feed_batch_and_unknown},
        {"lenient", lenient},
        {"sign_and_verify", sign_and_verify},
        {"verify_rust_signed", verify_rust_signed},
        {"c_signs", c_signs},
        {"null_arguments", null_arguments},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
