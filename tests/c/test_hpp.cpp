// include/ayr.hpp, the C++17 layer over ayr.h: every class and call against the harness's mock
// server (which checks each exact request), each failure as an ayr::Error carrying what the
// ayr_error held, arguments C cannot carry rejected before any request, and the handles freed
// by their destructors (the suite runs under valgrind and with ASan + LeakSanitizer too).
// Typed events from the shared samples, signing, and the production path against the harness's
// fault servers: TLS trust, a proxy refusing the tunnel, cancellation and log records, with the
// callbacks owned by the layer.
#include <atomic>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "check.h"
#include "ayr.hpp"

namespace {

using namespace std::string_view_literals;

// Checks that `expr` throws an ayr::Error with `result`, message `message` and `field`
// (nullptr: none); `message` nullptr skips the message.
#define CHECK_THROWS(expr, result, message, field)                                             \
    do {                                                                                       \
        bool thrown_ = false;                                                                  \
        try {                                                                                  \
            (void)(expr);                                                                      \
        } catch (const ayr::Error &error_) {                                                   \
            thrown_ = true;                                                                    \
            check_error(error_, (result), (message), (field), #expr);                          \
        }                                                                                      \
        if (!thrown_) FAIL("%s did not throw", #expr);                                         \
    } while (0)

void check_error(const ayr::Error &error, ayr_result result, const char *message,
                 const char *field, const char *what) {
    if (error.result() != result)
        FAIL("%s threw %s, expected %s", what, ayr_result_name(error.result()),
             ayr_result_name(result));
    if (error.result_name() != ayr_result_name(result)) FAIL("%s: result_name()", what);
    if (message != nullptr && std::string(error.what()) != message)
        FAIL("%s: message \"%s\", expected \"%s\"", what, error.what(), message);
    if (field == nullptr ? error.field().has_value() : error.field() != std::string(field))
        FAIL("%s: field \"%s\", expected \"%s\"", what, error.field().value_or("(none)").c_str(),
             field ? field : "(none)");
}

std::string fixture(const char *name) {
    size_t len = 0;
    unsigned char *data = read_fixture(name, &len);
    std::string text(reinterpret_cast<char *>(data), len);
    free(data);
    return text;
}

std::string text_fixture(const char *name) {
    std::string text = fixture(name);
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    return text;
}

ayr::Client mock_client(std::optional<std::string_view> profile_key = std::nullopt) {
    ayr::ClientBuilder builder = ayr::Client::builder(TEST_API_KEY);
    builder.base_url(required_env("AYR_TEST_BASE_URL"))
        .max_retries(0)
        .timeout(std::chrono::seconds(5))
        .connect_timeout(std::chrono::seconds(5));
    if (profile_key) builder.profile_key(*profile_key);
    return builder.build();
}

// Register (with a secret; for another profile without one), list, unregister, rotate.
void calls() {
    const ayr::Client client = mock_client("hpp-profile"sv);

    const ayr::Webhook hook =
        client.register_webhook("scheduled", "https://example.com/hooks/hpp", "hpp-secret");
    CHECK(hook.status() == "success");
    CHECK(hook.action() == "scheduled");
    CHECK(hook.url() == "https://example.com/hooks/hpp");
    CHECK(hook.ref_id() == "ref-hpp"sv);

    const ayr::Webhook feed = client.register_webhook("feed", "https://example.com/hooks/feed",
                                                      std::nullopt, "other-profile"sv);
    CHECK(feed.action() == "feed");
    CHECK(!feed.ref_id().has_value());

    const ayr::WebhookList list = client.list_webhooks();
    CHECK(list.size() == 2 && !list.empty());
    std::string seen;
    for (const ayr::WebhookList::Entry entry : list) {
        seen += std::string(entry.action) + "=" + std::string(entry.url) + ";";
    }
    // In libayr's order of the actions, whatever the answer's.
    if (seen != "feed=https://example.com/hooks/feed;scheduled=https://example.com/hooks/hpp;")
        FAIL("iterated over %s", seen.c_str());
    CHECK(list[1].action == "scheduled");
    CHECK(list[2].action.empty() && list[2].url.empty());
    CHECK(list.find("feed") == "https://example.com/hooks/feed"sv);
    CHECK(!list.find("social").has_value());
    CHECK(list.raw_json().substr(0, 1) == "{");

    client.unregister_webhook("feed", "other-profile"sv);
    client.rotate_webhook_secret("hpp-next-secret");
}

// An API error (HTTP 401), then a rate limit with a wait: every detail of the ayr_error.
void errors() {
    const ayr::Client client = mock_client();
    try {
        (void)client.list_webhooks();
        FAIL("a 401 did not throw");
    } catch (const ayr::Error &error) {
        check_error(error, AYR_ERR_API,
                    "Ayrshare API error (HTTP 401, code 101): API Key not valid", nullptr,
                    "list_webhooks");
        CHECK(error.http_status() == 401);
        CHECK(error.api_code() == 101);
        CHECK(!error.retry_after().has_value());
        CHECK(!error.is_retryable());
    }
    try {
        (void)client.register_webhook("batch", "https://example.com/hooks/hpp");
        FAIL("a 429 did not throw");
    } catch (const std::runtime_error &caught) {
        const auto *error = dynamic_cast<const ayr::Error *>(&caught);
        CHECK(error != nullptr);
        check_error(*error, AYR_ERR_RATE_LIMITED,
                    "rate limited by Ayrshare (HTTP 429); retry after 120 s: Too many requests",
                    nullptr, "register_webhook");
        CHECK(error->http_status() == 429);
        CHECK(error->api_code() == 429);
        CHECK(error->retry_after() == std::chrono::milliseconds(120000));
        CHECK(error->is_retryable());
    }
}

// Arguments rejected before any request (the harness fails the case on any): libayr's own
// checks, and what only this layer sees (a NUL inside a string_view, a negative duration).
void invalid_arguments() {
    CHECK_THROWS(ayr::Client(""), AYR_ERR_INVALID_ARGUMENT,
                 "invalid api_key: must not be empty (no request was sent)", "api_key");
    CHECK_THROWS(ayr::Client("key\0tail"sv), AYR_ERR_INVALID_ARGUMENT,
                 "invalid api_key: contains a NUL character, which a C string cannot carry (no "
                 "request was sent)",
                 "api_key");
    CHECK_THROWS(ayr::ClientBuilder(NOT_UTF8), AYR_ERR_INVALID_ARGUMENT,
                 "invalid api_key: not valid UTF-8 (no request was sent)", "api_key");
    CHECK_THROWS(ayr::Client::from_env(), AYR_ERR_INVALID_ARGUMENT,
                 "invalid api_key: none was given and AYRSHARE_API_KEY is not set (no request "
                 "was sent)",
                 "api_key");

    const ayr::Client client = mock_client();
    CHECK_THROWS(client.register_webhook("scheduled", "http://example.com/hook"),
                 AYR_ERR_INVALID_ARGUMENT,
                 "invalid url: must use https (got scheme \"http\") (no request was sent)", "url");
    CHECK_THROWS(client.register_webhook("scheduled", "https://example.com/a\0b"sv),
                 AYR_ERR_INVALID_ARGUMENT,
                 "invalid url: contains a NUL character, which a C string cannot carry (no "
                 "request was sent)",
                 "url");
    CHECK_THROWS(client.register_webhook("feed", "https://example.com/hook", "line\nbreak"),
                 AYR_ERR_INVALID_ARGUMENT,
                 "invalid secret: must not contain control characters (no request was sent)",
                 "secret");
    CHECK_THROWS(client.unregister_webhook("sched\0uled"sv), AYR_ERR_INVALID_ARGUMENT, nullptr,
                 "action");
    CHECK_THROWS(client.list_webhooks(""sv), AYR_ERR_INVALID_ARGUMENT,
                 "invalid profile_key: must not be empty (no request was sent)", "profile_key");
    CHECK_THROWS(client.rotate_webhook_secret(""), AYR_ERR_INVALID_ARGUMENT,
                 "invalid secret: must not be empty (no request was sent)", "secret");

    ayr::ClientBuilder negative(TEST_API_KEY);
    CHECK_THROWS(negative.timeout(std::chrono::milliseconds(-1)), AYR_ERR_INVALID_ARGUMENT,
                 "invalid timeout: must not be negative (no request was sent)", "timeout");
    CHECK_THROWS(negative.base_url(NOT_UTF8), AYR_ERR_INVALID_ARGUMENT,
                 "ayr_client_builder_set_base_url returned AYR_ERR_INVALID_ARGUMENT", "base_url");
    ayr::ClientBuilder zero(TEST_API_KEY);
    zero.timeout(std::chrono::milliseconds(0));
    CHECK_THROWS(zero.build(), AYR_ERR_INVALID_ARGUMENT, nullptr, "timeout");
    // build() used the builder up, as ayr_client_builder_build does.
    CHECK(zero.get() == nullptr);
    CHECK_THROWS(zero.max_retries(1), AYR_ERR_NULL_ARGUMENT,
                 "ayr_client_builder_set_max_retries returned AYR_ERR_NULL_ARGUMENT", nullptr);
    CHECK_THROWS(zero.build(), AYR_ERR_NULL_ARGUMENT, nullptr, "builder");

    CHECK_THROWS(ayr::Verifier(""), AYR_ERR_INVALID_ARGUMENT,
                 "invalid secret: must not be empty (no request was sent)", "secret");
    CHECK_THROWS(ayr::Verifier(TEST_SECRET, std::chrono::seconds(-5)), AYR_ERR_INVALID_ARGUMENT,
                 "invalid tolerance: must not be negative (no request was sent)", "tolerance");
}

// Signatures computed by OpenSSL (tests/c/fixtures): one header, the rotation header and the
// timestamp window; every failure its own result.
void verification() {
    const std::string body = fixture("delivery.json");
    const std::string hex = text_fixture("delivery.hex.sig");
    const std::string old_hex = text_fixture("delivery.old.hex.sig");
    const std::string b64 = text_fixture("delivery.b64.sig");

    ayr::verify_signature(TEST_SECRET, body, hex);
    ayr::verify_signature(TEST_SECRET, body, b64);
    std::string altered = body;
    altered[10] ^= 1;
    CHECK_THROWS(ayr::verify_signature(TEST_SECRET, altered, hex), AYR_ERR_SIGNATURE_MISMATCH,
                 "the signature does not match the body (wrong secret or altered body)", nullptr);
    // Secrets and bodies are bytes: a NUL inside is data, not an error.
    CHECK_THROWS(ayr::verify_signature("whsec_c-suite\0secret"sv, body, hex),
                 AYR_ERR_SIGNATURE_MISMATCH, nullptr, nullptr);
    CHECK_THROWS(ayr::verify_signature(TEST_SECRET, body, "zz"), AYR_ERR_SIGNATURE_MALFORMED,
                 "the signature is neither hex nor base64 of an HMAC-SHA256 tag", nullptr);

    const ayr::Verifier untimed(TEST_SECRET, std::nullopt);
    untimed.verify(hex, std::nullopt, std::nullopt, body);
    untimed.verify(std::nullopt, "v1=" + old_hex + ",v1=" + hex, std::nullopt, body);
    CHECK_THROWS(untimed.verify(std::nullopt, std::nullopt, std::nullopt, body),
                 AYR_ERR_SIGNATURE_MISSING, "the delivery carries no signature", nullptr);
    CHECK_THROWS(untimed.verify(hex, std::nullopt, std::nullopt, altered),
                 AYR_ERR_SIGNATURE_MISMATCH, nullptr, nullptr);

    const ayr::Verifier timed(TEST_SECRET);
    const std::string now = std::to_string(static_cast<long long>(std::time(nullptr)));
    timed.verify(hex, std::nullopt, now, body);
    CHECK_THROWS(timed.verify(hex, std::nullopt, std::nullopt, body), AYR_ERR_TIMESTAMP_MISSING,
                 nullptr, nullptr);
    CHECK_THROWS(timed.verify(hex, std::nullopt, "yesterday"sv, body),
                 AYR_ERR_TIMESTAMP_MALFORMED, nullptr, nullptr);
    CHECK_THROWS(timed.verify(hex, std::nullopt, "12"sv, body),
                 AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE, nullptr, nullptr);
    CHECK_THROWS(timed.verify(hex, std::nullopt, "1\0002"sv, body), AYR_ERR_INVALID_ARGUMENT,
                 "invalid timestamp: contains a NUL character, which a C string cannot carry "
                 "(no request was sent)",
                 "timestamp");
    CHECK(ayr::Verifier::default_tolerance == std::chrono::seconds(300));
}

// Every accessor of a parsed delivery, and a body that is not one.
void delivery() {
    const ayr::Delivery delivery = ayr::parse_delivery(fixture("delivery.json"));
    CHECK(delivery.action() == "scheduled");
    CHECK(delivery.action_is_known());
    CHECK(delivery.sub_action() == "postPublished"sv);
    CHECK(delivery.created() == "2026-11-27T08:00:00Z"sv);
    CHECK(delivery.ref_id() == "3dc079614bdc3f281d9"sv);
    CHECK(delivery.hook_id() == "1234"sv);
    CHECK(delivery.status() == "success"sv);
    CHECK(delivery.code() == 200);
    CHECK(delivery.payload_json().find("\"postIds\":[") != std::string_view::npos);

    const ayr::Delivery bare = ayr::Delivery::parse(R"({"action":"somethingNew"})");
    CHECK(bare.action() == "somethingNew");
    CHECK(!bare.action_is_known());
    CHECK(!bare.sub_action() && !bare.created() && !bare.ref_id() && !bare.hook_id());
    CHECK(!bare.status() && !bare.code());

    try {
        (void)ayr::parse_delivery("not json");
        FAIL("a body that is not JSON was parsed");
    } catch (const ayr::Error &error) {
        CHECK(error.result() == AYR_ERR_DECODE);
        CHECK(error.http_status() == 0);
    }
}

// Handles are move-only, moved-from ones are safe to use (calls throw, accessors are empty),
// a C handle can be adopted, and the version is the header's.
void handles() {
    static_assert(!std::is_copy_constructible_v<ayr::Client>, "a Client owns its handle");
    static_assert(std::is_nothrow_move_constructible_v<ayr::Client>, "Client moves");
    static_assert(std::is_nothrow_move_constructible_v<ayr::Verifier>, "Verifier moves");
    static_assert(!std::is_copy_assignable_v<ayr::WebhookList>, "a list owns its handle");
    static_assert(std::is_base_of_v<std::runtime_error, ayr::Error>, "Error is an exception");
    static_assert(!std::is_copy_constructible_v<ayr::Event>, "an Event owns its handle");
    static_assert(std::is_nothrow_move_constructible_v<ayr::Event>, "Event moves");
    static_assert(!std::is_copy_constructible_v<ayr::ClientBuilder>, "a builder owns its handle");
    static_assert(std::is_nothrow_move_constructible_v<ayr::ClientBuilder>, "builder moves");

    ayr::Client client("hpp-key");
    const ayr::Client moved = std::move(client);
    CHECK(moved.get() != nullptr);
    CHECK_THROWS(client.list_webhooks(), AYR_ERR_NULL_ARGUMENT, nullptr, "client");

    ayr::Delivery delivery = ayr::parse_delivery(R"({"action":"feed","code":7})");
    const ayr::Delivery taken = std::move(delivery);
    CHECK(taken.code() == 7);
    CHECK(delivery.action().empty() && !delivery.code());

    ayr_client *raw = nullptr;
    CHECK_RESULT(ayr_client_new("adopted-key", &raw, nullptr), AYR_OK);
    const ayr::Client adopted(raw);
    CHECK(adopted.get() == raw);

    CHECK(ayr::version() == std::to_string(AYR_VERSION_MAJOR) + "." +
                                std::to_string(AYR_VERSION_MINOR) + "." +
                                std::to_string(AYR_VERSION_PATCH));
}


// ---- receiving: typed events and signing ----

// Checks an optional text against the expected one (nullptr: absent), saying which on failure.
#define CHECK_TEXT(expr, expected) check_text((expr), (expected), #expr, __LINE__)

void check_text(std::optional<std::string_view> got, const char *want, const char *what,
                int line) {
    const bool same = want == nullptr ? !got.has_value() : got == std::string_view(want);
    if (!same)
        FAIL("line %d: %s is \"%s\", expected \"%s\"", line, what,
             got ? std::string(*got).c_str() : "(absent)", want ? want : "(absent)");
}

// tests/cases/events/<name>.json, parsed.
ayr::Event sample(const char *name) {
    const std::string path = std::string(required_env("AYR_TEST_EVENTS")) + "/" + name + ".json";
    std::ifstream file(path, std::ios::binary);
    if (!file) FAIL("cannot open %s", path.c_str());
    std::ostringstream body;
    body << file.rdbuf();
    return ayr::parse_event(body.str());
}

// The common fields every sample shares.
void check_common(const ayr::Event &e, const char *action, const char *hook_id,
                  const char *created) {
    CHECK_TEXT(e.action(), action);
    CHECK_TEXT(e.hook_id(), hook_id);
    CHECK_TEXT(e.created(), created);
    CHECK_TEXT(e.ref_id(), "3dc079614bdc3f281d9");
    CHECK_TEXT(e.status(), "success");
    CHECK(e.code() == 200);
}

// Every getter of ayr::Event on the sample of each action, the lists as ranges, and the
// getters of other kinds absent.
void events() {
    const ayr::Event scheduled = sample("scheduled");
    CHECK(scheduled.kind() == AYR_EVENT_SCHEDULED);
    check_common(scheduled, "scheduled", "hk_8f2a", "2026-11-27T10:00:00.000Z");
    CHECK_TEXT(scheduled.sub_action(), "tikTokPublished");
    CHECK_TEXT(scheduled.id(), "RJTsGk8TyWWZsIhyk2Qy");
    CHECK_TEXT(scheduled.url(), "https://mysite.com/hooks/ayrshare");
    CHECK_TEXT(scheduled.errors_json(), "[]");
    const ayr::Event::PostResults posts = scheduled.post_results();
    CHECK(posts.size() == 2 && !posts.empty());
    CHECK_TEXT(posts[0].platform, "twitter");
    CHECK_TEXT(posts[0].status, "success");
    CHECK_TEXT(posts[0].id, "1570456773712580608");
    CHECK_TEXT(posts[0].post_url, "https://twitter.com/ayrshare/status/1570456773712580608");
    CHECK(posts[0].other_json == "{}");
    std::string seen;
    for (const ayr::PostResult &post : posts) seen += std::string(post.platform.value()) + ";";
    CHECK(seen == "twitter;tiktok;");
    ayr::Event::PostResults::const_iterator it = posts.begin();
    CHECK((*it++).platform == "twitter"sv && (*it).platform == "tiktok"sv);
    CHECK(++it == posts.end() && it != posts.begin());
    CHECK_TEXT(posts[1].id, "7143557452345707819");
    CHECK(!posts[2].platform && !posts[2].status && !posts[2].id && !posts[2].post_url);
    CHECK(posts[2].other_json.empty());
    CHECK(scheduled.other_json() == "{}");
    CHECK_TEXT(scheduled.platform(), nullptr);
    CHECK(scheduled.social_kind() == AYR_SOCIAL_NONE);
    CHECK(!scheduled.has_message());
    CHECK(scheduled.media_urls().empty() && scheduled.direct_messages().empty());
    CHECK(scheduled.message_media().empty());

    const ayr::Event social = sample("social");
    CHECK(social.kind() == AYR_EVENT_SOCIAL);
    check_common(social, "social", "hk_91c0", "2026-11-27T10:05:00Z");
    CHECK(social.social_kind() == AYR_SOCIAL_REFRESH);
    CHECK_TEXT(social.type(), "refresh");
    CHECK_TEXT(social.platform(), "linkedin");
    CHECK_TEXT(social.display_name(), "Ayrshare Inc.");
    CHECK_TEXT(social.title(), "Acme Marketing");
    CHECK_TEXT(social.source(), "system");
    CHECK_TEXT(social.refresh_by(), "2026-12-27T00:00:00Z");
    CHECK_TEXT(social.details_status(), "error");
    CHECK(social.details_code() == 349);
    CHECK_TEXT(social.details_message(), "Account locked");
    CHECK_TEXT(social.details_other_json(), "{}");
    CHECK(social.post_results().empty());
    CHECK_TEXT(social.sub_action(), nullptr);
    CHECK_TEXT(social.errors_json(), nullptr);
    const ayr::Event unlinked = ayr::Event::parse(R"({"action":"social","type":"unlink"})");
    CHECK(unlinked.social_kind() == AYR_SOCIAL_UNLINK);
    CHECK(!unlinked.details_code());
    CHECK_TEXT(unlinked.details_other_json(), nullptr);

    const ayr::Event messages = sample("messages");
    CHECK(messages.kind() == AYR_EVENT_MESSAGES);
    check_common(messages, "messages", "hk_4d11", "2026-11-27T10:10:00Z");
    CHECK_TEXT(messages.sub_action(), "messageCreated");
    CHECK(messages.has_message());
    CHECK_TEXT(messages.message_text(), "Hello from Ayrshare");
    CHECK_TEXT(messages.message_platform(), "facebook");
    CHECK_TEXT(messages.message_status(), "received");
    CHECK_TEXT(messages.message_id(), "m_9XOMkxg3CnMr");
    CHECK_TEXT(messages.message_sender_id(), "7101813409857336");
    CHECK_TEXT(messages.message_sender_name(), "Jane Doe");
    CHECK_TEXT(messages.message_sender_username(), "janedoe");
    CHECK_TEXT(messages.message_sender_other_json(),
               R"({"picture":"https://example.com/jane.png"})");
    CHECK_TEXT(messages.message_receiver_id(), "106638148652444");
    CHECK_TEXT(messages.message_receiver_name(), "Ayrshare");
    CHECK_TEXT(messages.message_receiver_username(), "ayrshare");
    CHECK_TEXT(messages.message_receiver_other_json(), "{}");
    CHECK_TEXT(messages.message_data_json(),
               R"({"hashtags":["launch"],"userMentions":[],"urls":["https://www.ayrshare.com"]})");
    const ayr::Event::MessageMediaList media = messages.message_media();
    CHECK(media.size() == 1);
    CHECK_TEXT(media[0].type, "image");
    CHECK_TEXT(media[0].url, "https://example.com/photo.jpg");
    CHECK(media[0].other_json == "{}");
    CHECK(!media[1].url && media[1].other_json.empty());
    CHECK_TEXT(messages.message_other_json(), "{}");
    const ayr::Event legacy = sample("message_legacy");
    CHECK(legacy.kind() == AYR_EVENT_MESSAGES);
    CHECK_TEXT(legacy.action(), "messages");
    CHECK_TEXT(legacy.message_receiver_other_json(), nullptr);

    const ayr::Event activity = sample("account_activity");
    CHECK(activity.kind() == AYR_EVENT_ACCOUNT_ACTIVITY);
    check_common(activity, "accountActivity", "hk_aa07", "2026-11-27T10:15:00Z");
    CHECK_TEXT(activity.platform(), "twitter");
    CHECK_TEXT(activity.type(), "directMessage");
    const ayr::Event::DirectMessages dms = activity.direct_messages();
    CHECK(dms.size() == 1);
    CHECK_TEXT(dms[0].type, "message_create");
    CHECK_TEXT(dms[0].created_at, "1764237900000");
    CHECK_TEXT(dms[0].id, "1570455736368660484");
    CHECK(dms[0].create_json.value().find(R"("messageData":{"text":"Hi there"})") !=
          std::string_view::npos);
    CHECK(dms[0].other_json == "{}");
    CHECK(!dms[1].id && !dms[1].create_json);
    std::string urls;
    for (std::string_view url : activity.media_urls()) urls += std::string(url) + ";";
    CHECK(urls == "https://pbs.twimg.com/dm_gif/1.gif;");
    CHECK(activity.media_urls()[1].empty());
    CHECK(activity.retry_attempt() == 0);
    CHECK_TEXT(activity.schedule_date(), "2026-11-27T10:15:00Z");
    CHECK_TEXT(activity.source(), "user");
    CHECK_TEXT(activity.title(), "Acme Marketing");
    CHECK_TEXT(activity.url(), "https://mysite.com/hooks/ayrshare");
    CHECK_TEXT(activity.users_json(),
               R"({"1438624520271880195":{"name":"Jane Doe","screenName":"janedoe"}})");
    CHECK(activity.other_json() == "{}");

    const ayr::Event feed = sample("feed");
    CHECK(feed.kind() == AYR_EVENT_FEED);
    CHECK(feed.other_json() ==
          R"({"platform":"instagram","items":[{"id":"18023","caption":"New post"}]})");
    CHECK(sample("batch").kind() == AYR_EVENT_BATCH);
    const ayr::Event unknown = sample("unknown");
    CHECK(unknown.kind() == AYR_EVENT_UNKNOWN);
    CHECK_TEXT(unknown.action(), "comments");
    CHECK(!unknown.retry_attempt());
}

// Lenient parsing, bodies that are not events, and a moved-from event.
void lenient_events() {
    const ayr::Event odd = ayr::Event::parse(
        R"({"action":"scheduled","code":"n/a","hookId":42,"postIds":[{"platform":"x"},7]})");
    CHECK(odd.kind() == AYR_EVENT_SCHEDULED);
    CHECK(!odd.code());
    CHECK_TEXT(odd.hook_id(), "42");
    CHECK(odd.post_results().empty());
    CHECK(odd.other_json() == R"({"code":"n/a","postIds":[{"platform":"x"},7]})");

    ayr::Event empty = ayr::Event::parse("{}");
    CHECK(empty.kind() == AYR_EVENT_UNKNOWN && !empty.action());
    const ayr::Event taken = std::move(empty);
    CHECK(taken.other_json() == "{}");
    // A moved-from event answers as libayr does for no event.
    CHECK(empty.get() == nullptr && empty.other_json().empty() && !empty.action());
    CHECK(empty.kind() == AYR_EVENT_UNKNOWN && empty.post_results().empty());

    CHECK_THROWS(ayr::parse_event("[1,2]"), AYR_ERR_DECODE,
                 "unexpected delivery body: a delivery must be a JSON object; body starts with "
                 "\"[1,2]\"",
                 nullptr);
    CHECK_THROWS(ayr::parse_event(R"({"action":"feed","refId":"a\u0000b"})"), AYR_ERR_DECODE,
                 "the event's `refId` contains a NUL character, which a C string cannot carry",
                 nullptr);
    // Bodies are bytes: a NUL byte is data (and here not JSON).
    CHECK_THROWS(ayr::parse_event("{\0}"sv), AYR_ERR_DECODE, nullptr, nullptr);
    CHECK_THROWS(ayr::parse_event(""), AYR_ERR_DECODE, nullptr, nullptr);
}

// sign_delivery agrees with the OpenSSL fixtures, and verify_event accepts what it signs and
// rejects the rest.
void signing() {
    const std::string body = fixture("delivery.json");
    const std::string hex = text_fixture("delivery.hex.sig");
    const std::string old_hex = text_fixture("delivery.old.hex.sig");
    const auto now = std::chrono::system_clock::now();
    const std::string now_text = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());

    const ayr::SignedHeaders one = ayr::sign_delivery({TEST_SECRET}, body, now);
    CHECK(one.signature == hex);
    CHECK(!one.signature_v2.has_value());
    CHECK(one.timestamp == now_text);
    const ayr::Verifier verifier(TEST_SECRET);
    const ayr::Event event = verifier.verify_event(one.signature, one.signature_v2, one.timestamp,
                                                   body);
    CHECK(event.kind() == AYR_EVENT_SCHEDULED);
    CHECK_TEXT(event.hook_id(), "1234");

    // Two secrets: the rotation header, which a verifier of the old secret accepts.
    const std::chrono::system_clock::time_point then{std::chrono::seconds(1700000000)};
    const ayr::SignedHeaders two = ayr::sign_delivery({TEST_SECRET, TEST_OLD_SECRET}, body, then);
    CHECK(two.signature == hex);
    CHECK(two.signature_v2 == "v1=" + hex + ",v1=" + old_hex);
    CHECK(two.timestamp == "1700000000");
    const ayr::Verifier old(TEST_OLD_SECRET, std::chrono::seconds(60));
    CHECK(old.verify_event(std::nullopt, two.signature_v2, now_text, body).hook_id() == "1234"sv);
    CHECK_THROWS(verifier.verify_event(two.signature, two.signature_v2, two.timestamp, body),
                 AYR_ERR_TIMESTAMP_OUTSIDE_TOLERANCE,
                 "the delivery timestamp is outside the allowed tolerance", nullptr);
    std::string altered = body;
    altered[10] ^= 1;
    CHECK_THROWS(verifier.verify_event(hex, std::nullopt, now_text, altered),
                 AYR_ERR_SIGNATURE_MISMATCH,
                 "the signature does not match the body (wrong secret or altered body)", nullptr);
    CHECK_THROWS(verifier.verify_event(std::nullopt, std::nullopt, now_text, body),
                 AYR_ERR_SIGNATURE_MISSING, "the delivery carries no signature", nullptr);
    // A genuine delivery whose body is not an event: verified, then not parsed.
    const ayr::SignedHeaders list = ayr::sign_delivery({TEST_SECRET}, "[1]", now);
    CHECK_THROWS(verifier.verify_event(list.signature, std::nullopt, list.timestamp, "[1]"),
                 AYR_ERR_DECODE, nullptr, nullptr);
    CHECK_THROWS(verifier.verify_event(hex, std::nullopt, "1\0002"sv, body),
                 AYR_ERR_INVALID_ARGUMENT,
                 "invalid timestamp: contains a NUL character, which a C string cannot carry "
                 "(no request was sent)",
                 "timestamp");

    CHECK_THROWS(ayr::sign_delivery({}, body, now), AYR_ERR_INVALID_ARGUMENT,
                 "invalid secret: at least one secret is needed (no request was sent)", "secret");
    CHECK_THROWS(ayr::sign_delivery({TEST_SECRET, ""}, body, now), AYR_ERR_INVALID_ARGUMENT,
                 "invalid secret: must not be empty (no request was sent)", "secret");
    CHECK_THROWS(ayr::sign_delivery({"whsec\0tail"sv}, body, now), AYR_ERR_INVALID_ARGUMENT,
                 "invalid secret: contains a NUL character, which a C string cannot carry (no "
                 "request was sent)",
                 "secret");
    const std::chrono::system_clock::time_point before_1970{std::chrono::seconds(-1)};
    CHECK_THROWS(ayr::sign_delivery({TEST_SECRET}, body, before_1970), AYR_ERR_INVALID_ARGUMENT,
                 "invalid timestamp: must not be negative (no request was sent)", "timestamp");
}

// ---- the production path: TLS, proxies, cancellation, logging ----

bool under_valgrind() {
    const char *mode = std::getenv("AYR_TEST_MODE");
    return mode != nullptr && std::string_view(mode) == "valgrind";
}

// A builder for `base_url` with the test key, no retries and a 10 s timeout.
ayr::ClientBuilder builder_for(std::string_view base_url) {
    ayr::ClientBuilder builder(TEST_API_KEY);
    builder.base_url(base_url).max_retries(0).timeout(std::chrono::seconds(10));
    return builder;
}

// Trust: the server's CA as a bundle, then through the system store (SSL_CERT_FILE holds
// that CA); the bundled roots and an untrusted certificate refused with AYR_ERR_TLS; a bundle
// that cannot be read, and one replaced by the system store.
void tls() {
    const char *url = required_env("AYR_TEST_TLS_URL");
    const char *ca = required_env("AYR_TEST_TLS_CA");
    CHECK(builder_for(url).ca_bundle(ca).build().list_webhooks().size() == 2);
    CHECK(builder_for(url).system_roots().build().list_webhooks().find("feed").has_value());
    try {
        (void)builder_for(url).build().list_webhooks();
        FAIL("the bundled roots trusted the test CA");
    } catch (const ayr::Error &error) {
        check_error(error, AYR_ERR_TLS, nullptr, nullptr, "bundled roots");
        CHECK(std::string_view(error.what()).find("localhost") != std::string_view::npos);
    }
    try {
        (void)builder_for(required_env("AYR_TEST_UNTRUSTED_URL"))
            .ca_bundle(required_env("AYR_TEST_UNTRUSTED_CA"))
            .max_retries(2)
            .build()
            .list_webhooks();
        FAIL("a certificate of an unknown issuer was trusted");
    } catch (const ayr::Error &error) {
        check_error(error, AYR_ERR_TLS, nullptr, nullptr, "unknown issuer");
        CHECK(error.result_name() == "AYR_ERR_TLS");
        CHECK(!error.is_retryable() && error.http_status() == 0);
        std::printf("untrusted: %s\n", error.what());
    }
    CHECK_THROWS(builder_for(url).ca_bundle("/nonexistent/ca.pem").build(),
                 AYR_ERR_INVALID_ARGUMENT, nullptr, "ca_bundle");
    CHECK_THROWS(builder_for(url).ca_bundle("ca\0.pem"sv), AYR_ERR_INVALID_ARGUMENT,
                 "invalid ca_bundle: contains a NUL character, which a C string cannot carry "
                 "(no request was sent)",
                 "ca_bundle");
    (void)builder_for(url).ca_bundle("/nonexistent/ca.pem").system_roots().build();
}

// A proxy refusing the tunnel (the fault server answering 407): AYR_ERR_PROXY with the status,
// once although retries are allowed, credentials in no message; "" connects directly; SOCKS
// is refused by build().
void proxy() {
    const char *url = required_env("AYR_TEST_TLS_URL");
    const char *ca = required_env("AYR_TEST_TLS_CA");
    const std::string proxy =
        std::string("http://hpp-proxy-user:hpp-proxy-pa55@") + required_env("AYR_TEST_PROXY");
    try {
        (void)builder_for(url).ca_bundle(ca).proxy(proxy).max_retries(2).build().list_webhooks();
        FAIL("the refusing proxy let the call through");
    } catch (const ayr::Error &error) {
        check_error(error, AYR_ERR_PROXY, nullptr, nullptr, "refusing proxy");
        CHECK(error.result_name() == "AYR_ERR_PROXY");
        CHECK(error.http_status() == 407 && !error.is_retryable());
        const std::string_view message = error.what();
        CHECK(message.find(required_env("AYR_TEST_PROXY")) != std::string_view::npos);
        CHECK(message.find("hpp-proxy-pa55") == std::string_view::npos);
        CHECK(message.find("hpp-proxy-user") == std::string_view::npos);
        std::printf("refused: %s\n", error.what());
    }
    CHECK(builder_for(url).ca_bundle(ca).proxy("").build().list_webhooks().size() == 2);
    CHECK_THROWS(builder_for(url).proxy("socks5://127.0.0.1:1080").build(),
                 AYR_ERR_INVALID_ARGUMENT, nullptr, "proxy");
    CHECK_THROWS(builder_for(url).proxy("http://a\0b"sv), AYR_ERR_INVALID_ARGUMENT,
                 "invalid proxy: contains a NUL character, which a C string cannot carry (no "
                 "request was sent)",
                 "proxy");
}

// Sets `flag` after the delay a call needs to reach its server (longer under valgrind).
std::thread set_later(std::shared_ptr<std::atomic<bool>> flag) {
    const auto delay = std::chrono::milliseconds(under_valgrind() ? 1000 : 300);
    return std::thread([flag, delay] {
        std::this_thread::sleep_for(delay);
        flag->store(true);
    });
}

// A listing on the silent server that must end cancelled (the server never answers).
void check_cancelled(const ayr::Client &client, std::shared_ptr<std::atomic<bool>> flag) {
    std::thread setter = set_later(std::move(flag));
    CHECK_THROWS(client.list_webhooks(), AYR_ERR_CANCELLED, "the call was cancelled", nullptr);
    setter.join();
}

// cancel_when against a server that never answers: a flag another thread sets stops a call
// allowed a 30 s timeout and two retries, through a moved client whose builder is gone (the
// client owns the callable, and frees it with itself); a callable that throws stops it too;
// an empty one removes the callback, so the call runs to its timeout.
void cancel() {
    // A first call, so the code of a call has run once (under valgrind: translated) before
    // the timed ones.
    (void)builder_for(required_env("AYR_TEST_WARMUP_URL")).build().list_webhooks();
    const char *silent = required_env("AYR_TEST_BASE_URL");

    auto flag = std::make_shared<std::atomic<bool>>(false);
    auto polls = std::make_shared<std::atomic<int>>(0);
    std::optional<ayr::Client> owner;
    {
        ayr::ClientBuilder builder = builder_for(silent);
        builder.timeout(std::chrono::seconds(30)).max_retries(2).cancel_when([flag, polls] {
            ++*polls;
            return flag->load();
        });
        owner.emplace(builder.build());
        CHECK_THROWS(builder.cancel_when([] { return true; }), AYR_ERR_NULL_ARGUMENT,
                     "ayr_client_builder_set_cancel returned AYR_ERR_NULL_ARGUMENT", nullptr);
    }
    CHECK(flag.use_count() == 2);  // here and in the client's callable: the builder is gone
    {
        const ayr::Client client = std::move(*owner);
        owner.reset();
        check_cancelled(client, flag);
        std::printf("the callback was polled %d times\n", polls->load());
        CHECK(polls->load() >= 2);
    }
    CHECK(flag.use_count() == 1);  // the client freed its callable

    flag->store(false);
    const ayr::Client throwing = builder_for(silent)
                                     .timeout(std::chrono::seconds(30))
                                     .cancel_when([flag]() -> bool {
                                         if (flag->load()) throw std::runtime_error("stop");
                                         return false;
                                     })
                                     .build();
    check_cancelled(throwing, flag);

    const auto timeout = std::chrono::milliseconds(under_valgrind() ? 2000 : 500);
    const ayr::Client removed = builder_for(silent)
                                    .timeout(timeout)
                                    .cancel_when([] { return true; })
                                    .cancel_when(nullptr)
                                    .build();
    CHECK_THROWS(removed.list_webhooks(), AYR_ERR_TIMEOUT, nullptr, nullptr);
}

// What a log callback received.
struct Records {
    std::mutex lock;
    std::vector<std::pair<ayr_log_level, std::string>> records;

    ayr::LogCallback collector() {
        return [this](ayr_log_level level, std::string_view target, std::string_view message) {
            const std::lock_guard<std::mutex> guard(lock);
            CHECK(target == "ayrshare_webhooks");
            records.emplace_back(level, std::string(message));
        };
    }
    std::vector<std::pair<ayr_log_level, std::string>> take() {
        const std::lock_guard<std::mutex> guard(lock);
        return std::move(records);
    }
};

void check_record(const std::pair<ayr_log_level, std::string> &record, ayr_log_level level,
                  std::string_view prefix) {
    std::printf("record: %s\n", record.second.c_str());
    CHECK(record.first == level);
    if (std::string_view(record.second).substr(0, prefix.size()) != prefix)
        FAIL("the record \"%s\" does not start with \"%.*s\"", record.second.c_str(),
             static_cast<int>(prefix.size()), prefix.data());
}

// set_log_callback: one debug record per attempt (a 503, then the retry's 200), none holding
// the key or profile key; a higher minimum level (the deprecation warning still comes); a
// replaced callable destroyed; a callable that throws; logging off; and a callable left
// installed at exit (the suite's leak checks see it destroyed).
void log_callback() {
    const ayr::Client client =
        builder_for(required_env("AYR_TEST_BASE_URL")).max_retries(1).profile_key("hpp-log-profile").build();
    Records records;
    auto token = std::make_shared<int>(0);
    ayr::LogCallback collect = records.collector();
    ayr::set_log_callback(AYR_LOG_DEBUG, [collect, token](ayr_log_level level,
                                                          std::string_view target,
                                                          std::string_view message) {
        collect(level, target, message);
    });
    CHECK(token.use_count() == 2);
    (void)client.list_webhooks();
    std::vector<std::pair<ayr_log_level, std::string>> seen = records.take();
    CHECK(seen.size() == 2);
    check_record(seen[0], AYR_LOG_DEBUG, "list_webhooks GET /api/hook/webhook: attempt 1 of 2: ");
    CHECK(seen[0].second.find("(HTTP 503)") != std::string::npos);
    CHECK(seen[0].second.find("; retrying in ") != std::string::npos);
    check_record(seen[1], AYR_LOG_DEBUG,
                 "list_webhooks GET /api/hook/webhook: attempt 2 of 2: HTTP 200 in ");
    for (const auto &record : seen) {
        CHECK(record.second.find(TEST_API_KEY) == std::string::npos);
        CHECK(record.second.find("hpp-log-profile") == std::string::npos);
    }

    // Replaced: the previous callable is gone once set_log_callback returns.
    ayr::set_log_callback(AYR_LOG_WARN, collect);
    CHECK(token.use_count() == 1);
    (void)client.list_webhooks();
    CHECK(records.take().empty());
    (void)client.register_webhook("accountActivity", "https://example.com/hooks/hpp-log");
    seen = records.take();
    CHECK(seen.size() == 1);
    check_record(seen[0], AYR_LOG_WARN, "");
    CHECK(seen[0].second.find("accountActivity") != std::string::npos);

    ayr::set_log_callback(AYR_LOG_TRACE, [](ayr_log_level, std::string_view, std::string_view) {
        throw std::runtime_error("a log callback that throws");
    });
    CHECK(client.list_webhooks().size() == 2);

    ayr::set_log_callback(AYR_LOG_OFF, collect);
    (void)client.list_webhooks();
    ayr::set_log_callback(AYR_LOG_DEBUG, nullptr);
    (void)client.list_webhooks();
    CHECK(records.take().empty());

    ayr::set_log_callback(AYR_LOG_ERROR, [token](ayr_log_level, std::string_view,
                                                 std::string_view) {});
    CHECK(token.use_count() == 2);
}

}  // namespace

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"calls", calls},
        {"errors", errors},
        {"invalid_arguments", invalid_arguments},
        {"verification", verification},
        {"delivery", delivery},
        {"handles", handles},
        {"events", events},
        {"lenient_events", lenient_events},
        {"signing", signing},
        {"tls", tls},
        {"proxy", proxy},
        {"cancel", cancel},
        {"log_callback", log_callback},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
