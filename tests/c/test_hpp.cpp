// include/ayr.hpp, the C++17 layer over ayr.h: every class and call against the harness's mock
// server (which checks each exact request), each failure as an ayr::Error carrying what the
// ayr_error held, arguments C cannot carry rejected before any request, and the handles freed
// by their destructors (the suite runs under valgrind and with ASan + LeakSanitizer too).
#include <ctime>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

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

}  // namespace

int main(int argc, char **argv) {
    static const test_case cases[] = {
        {"calls", calls},
        {"errors", errors},
        {"invalid_arguments", invalid_arguments},
        {"verification", verification},
        {"delivery", delivery},
        {"handles", handles},
    };
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
