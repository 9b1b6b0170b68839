/*
 * ayr.hpp: the C++17 face of libayr, header-only, over the C API of ayr.h.
 * SPDX-License-Identifier: MIT OR Apache-2.0
 *
 *     #include <ayr.hpp>
 *
 *     ayr::Client client = ayr::Client::from_env();   // AYRSHARE_API_KEY, ...
 *     ayr::Webhook hook = client.register_webhook("scheduled", "https://example.com/hook",
 *                                                 "my-signing-secret");
 *     ayr::Verifier verifier("my-signing-secret");
 *     verifier.verify(signature_header, std::nullopt, timestamp_header, body);  // or throws
 *
 * What it adds to ayr.h and nothing more: handles that free themselves (move-only RAII
 * classes), std::string_view in, std::optional for what may be absent, and an ayr::Error
 * exception carrying everything an ayr_error holds for every failed call. Validation,
 * requests, retries and verification are libayr's: each method is one C call. Strings a
 * method returns (std::string_view) belong to the object they came from and live as long as
 * it does, as in C. A string argument holding a NUL character, which a C string cannot carry,
 * is rejected as AYR_ERR_INVALID_ARGUMENT naming the argument; nothing is sent. Byte buffers
 * (secrets, bodies) may hold any bytes.
 *
 * Thread safety is ayr.h's: a const Client or Verifier may be used from many threads at once.
 * The C handle of each class is available through get() for calls this layer does not wrap.
 * Link with libayr as for C (pkg-config ayr, or CMake's ayr::ayr).
 */
#ifndef AYR_HPP
#define AYR_HPP

#if __cplusplus < 201703L && (!defined(_MSVC_LANG) || _MSVC_LANG < 201703L)
#error "ayr.hpp needs C++17 or later (ayr.h alone works from C99 and C++)"
#endif

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "ayr.h"

namespace ayr {

/// The version of the libayr the program runs with, such as "0.1.0".
inline std::string_view version() noexcept { return ayr_version(); }

/// A failed libayr call: what ayr_error tells, copied, with the message as what(). Never holds
/// a key or secret (libayr's messages never do).
class Error : public std::runtime_error {
public:
    /// An error for `result` with `message`, and the argument at fault when there is one.
    Error(ayr_result result, const std::string &message,
          std::optional<std::string> field = std::nullopt)
        : std::runtime_error(message), result_(result), field_(std::move(field)) {}

    /// The kind of failure: an AYR_ERR_* value (ayr_error_result).
    ayr_result result() const noexcept { return result_; }
    /// The result's name, such as "AYR_ERR_API" (ayr_result_name).
    std::string_view result_name() const noexcept { return ayr_result_name(result_); }
    /// The argument at fault for AYR_ERR_INVALID_ARGUMENT, such as "url" (ayr_error_field).
    const std::optional<std::string> &field() const noexcept { return field_; }
    /// The HTTP status of the answer; 0 when there was none (ayr_error_http_status).
    std::uint16_t http_status() const noexcept { return http_status_; }
    /// Ayrshare's numeric error code, when the answer had one (ayr_error_api_code).
    std::optional<std::int64_t> api_code() const noexcept { return api_code_; }
    /// How long the server asked to wait, when it said (ayr_error_retry_after_ms).
    std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }
    /// Whether libayr would retry this failure (ayr_error_is_retryable).
    bool is_retryable() const noexcept { return retryable_; }

    /// Takes `error` (freed here) from a call that returned `result`; `error` may be NULL.
    static Error from_c(ayr_result result, ayr_error *error) {
        std::unique_ptr<ayr_error, void (*)(ayr_error *)> owned(error, ayr_error_free);
        if (error == nullptr) return Error(result, ayr_result_name(result));
        const char *field = ayr_error_field(error);
        Error copy(ayr_error_result(error), ayr_error_message(error),
                   field ? std::optional<std::string>(field) : std::nullopt);
        copy.http_status_ = ayr_error_http_status(error);
        const std::int64_t code = ayr_error_api_code(error);
        if (code != -1) copy.api_code_ = code;
        const std::int64_t retry_after = ayr_error_retry_after_ms(error);
        if (retry_after != -1) copy.retry_after_ = std::chrono::milliseconds(retry_after);
        copy.retryable_ = ayr_error_is_retryable(error);
        return copy;
    }

private:
    ayr_result result_;
    std::optional<std::string> field_;
    std::uint16_t http_status_ = 0;
    std::optional<std::int64_t> api_code_;
    std::optional<std::chrono::milliseconds> retry_after_;
    bool retryable_ = false;
};

namespace detail {

/// Owns a libayr handle, freed with `Free` (every *_free accepts NULL).
template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *handle) const noexcept { Free(handle); }
};
template <typename T, void (*Free)(T *)>
using Handle = std::unique_ptr<T, Deleter<T, Free>>;

/// Throws the ayr::Error of a call that returned `result` (AYR_OK: nothing). Call it after the
/// C call, never around it: `error` must be read once the call has stored it.
inline void check(ayr_result result, ayr_error *error) {
    if (result != AYR_OK) throw Error::from_c(result, error);
}

/// Throws for a builder setter, which returns a result and no ayr_error.
inline void check_setting(ayr_result result, const char *setter, const char *field) {
    if (result == AYR_OK) return;
    throw Error(result, std::string(setter) + " returned " + ayr_result_name(result),
                result == AYR_ERR_INVALID_ARGUMENT ? std::optional<std::string>(field)
                                                   : std::nullopt);
}

/// AYR_ERR_INVALID_ARGUMENT for `field`, worded as libayr words its own.
inline Error invalid(const char *field, const char *reason) {
    return Error(AYR_ERR_INVALID_ARGUMENT,
                 std::string("invalid ") + field + ": " + reason + " (no request was sent)",
                 field);
}

/// A NUL-terminated copy of a string argument, or nullptr for an absent optional one.
class CString {
public:
    CString(std::string_view text, const char *field) : text_(text) {
        if (text_.find('\0') != std::string::npos)
            throw invalid(field, "contains a NUL character, which a C string cannot carry");
    }
    CString(const std::optional<std::string_view> &text, const char *field)
        : CString(text.value_or(std::string_view()), field) {
        present_ = text.has_value();
    }
    const char *get() const noexcept { return present_ ? text_.c_str() : nullptr; }

private:
    std::string text_;
    bool present_ = true;
};

/// A C string an accessor returned, as a view ("" for NULL).
inline std::string_view view(const char *text) noexcept {
    return text ? std::string_view(text) : std::string_view();
}
/// A C string an accessor returned, or nullopt for NULL.
inline std::optional<std::string_view> optional_view(const char *text) noexcept {
    return text ? std::optional<std::string_view>(text) : std::nullopt;
}
/// The bytes of a buffer argument, as ayr.h takes them.
inline const std::uint8_t *bytes(std::string_view buffer) noexcept {
    return reinterpret_cast<const std::uint8_t *>(buffer.data());
}
/// A duration as the unsigned count ayr.h takes; negative is AYR_ERR_INVALID_ARGUMENT.
template <typename Duration>
std::uint64_t count(Duration duration, const char *field) {
    if (duration.count() < 0) throw invalid(field, "must not be negative");
    return static_cast<std::uint64_t>(duration.count());
}

}  // namespace detail

/// A registered webhook (ayr_webhook), as the API answered a registration.
class Webhook {
public:
    explicit Webhook(ayr_webhook *handle) noexcept : handle_(handle) {}
    /// The API's status, normally "success".
    std::string_view status() const noexcept { return detail::view(ayr_webhook_status(get())); }
    /// The action, such as "scheduled".
    std::string_view action() const noexcept { return detail::view(ayr_webhook_action(get())); }
    /// The URL deliveries go to.
    std::string_view url() const noexcept { return detail::view(ayr_webhook_url(get())); }
    /// The Ref Id of the User Profile, when the API gave one.
    std::optional<std::string_view> ref_id() const noexcept {
        return detail::optional_view(ayr_webhook_ref_id(get()));
    }
    const ayr_webhook *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<ayr_webhook, ayr_webhook_free> handle_;
};

/// The webhooks registered for a profile (ayr_webhook_list): (action, url) entries.
class WebhookList {
public:
    /// One registered webhook.
    struct Entry {
        std::string_view action;
        std::string_view url;
    };

    /// Iterates over the entries in the API's order.
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Entry;
        using difference_type = std::ptrdiff_t;
        using pointer = const Entry *;
        using reference = Entry;

        const_iterator(const WebhookList *list, std::size_t index) noexcept
            : list_(list), index_(index) {}
        Entry operator*() const noexcept { return (*list_)[index_]; }
        const_iterator &operator++() noexcept {
            ++index_;
            return *this;
        }
        const_iterator operator++(int) noexcept {
            const_iterator before = *this;
            ++index_;
            return before;
        }
        bool operator==(const const_iterator &other) const noexcept {
            return list_ == other.list_ && index_ == other.index_;
        }
        bool operator!=(const const_iterator &other) const noexcept { return !(*this == other); }

    private:
        const WebhookList *list_;
        std::size_t index_;
    };

    explicit WebhookList(ayr_webhook_list *handle) noexcept : handle_(handle) {}
    /// How many actions have a webhook.
    std::size_t size() const noexcept { return ayr_webhook_list_len(get()); }
    bool empty() const noexcept { return size() == 0; }
    /// Entry `index`; both views are empty when `index` is out of range.
    Entry operator[](std::size_t index) const noexcept {
        return {detail::view(ayr_webhook_list_action(get(), index)),
                detail::view(ayr_webhook_list_url(get(), index))};
    }
    const_iterator begin() const noexcept { return const_iterator(this, 0); }
    const_iterator end() const noexcept { return const_iterator(this, size()); }
    /// The URL registered for `action`, such as "scheduled"; nullopt when it has none.
    std::optional<std::string_view> find(std::string_view action) const {
        detail::CString c_action(action, "action");
        return detail::optional_view(ayr_webhook_list_get(get(), c_action.get()));
    }
    /// The API's whole answer as compact JSON.
    std::string_view raw_json() const noexcept {
        return detail::view(ayr_webhook_list_raw_json(get()));
    }
    const ayr_webhook_list *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<ayr_webhook_list, ayr_webhook_list_free> handle_;
};

class Client;

/// Settings of a Client before it is built (ayr_client_builder). Each setter returns the
/// builder; build() checks them all and consumes it.
class ClientBuilder {
public:
    /// A builder with `api_key` and every other setting at its default.
    explicit ClientBuilder(std::string_view api_key)
        : handle_(ayr_client_builder_new(detail::CString(api_key, "api_key").get())) {
        if (!handle_) throw detail::invalid("api_key", "not valid UTF-8");
    }
    /// The API root (default https://api.ayrshare.com/api; http only to a loopback host).
    ClientBuilder &base_url(std::string_view url) {
        detail::CString c_url(url, "base_url");
        detail::check_setting(ayr_client_builder_set_base_url(handle_.get(), c_url.get()),
                              "ayr_client_builder_set_base_url", "base_url");
        return *this;
    }
    /// Acts for this User Profile on every call.
    ClientBuilder &profile_key(std::string_view key) {
        detail::CString c_key(key, "profile_key");
        detail::check_setting(ayr_client_builder_set_profile_key(handle_.get(), c_key.get()),
                              "ayr_client_builder_set_profile_key", "profile_key");
        return *this;
    }
    /// Bounds each attempt, connecting to last byte (default 30 s; zero is rejected by build).
    ClientBuilder &timeout(std::chrono::milliseconds timeout) {
        detail::check_setting(ayr_client_builder_set_timeout_ms(
                                  handle_.get(), detail::count(timeout, "timeout")),
                              "ayr_client_builder_set_timeout_ms", "timeout");
        return *this;
    }
    /// Bounds establishing each connection (default 10 s).
    ClientBuilder &connect_timeout(std::chrono::milliseconds timeout) {
        detail::check_setting(ayr_client_builder_set_connect_timeout_ms(
                                  handle_.get(), detail::count(timeout, "connect_timeout")),
                              "ayr_client_builder_set_connect_timeout_ms", "connect_timeout");
        return *this;
    }
    /// How many more attempts may follow a failed one (0 to 10, default 2).
    ClientBuilder &max_retries(std::uint32_t retries) {
        detail::check_setting(ayr_client_builder_set_max_retries(handle_.get(), retries),
                              "ayr_client_builder_set_max_retries", "max_retries");
        return *this;
    }
    /// Checks every setting and makes the client; the builder is used up either way.
    Client build();

    ayr_client_builder *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<ayr_client_builder, ayr_client_builder_free> handle_;
};

/// A client of the Ayrshare webhook API (ayr_client): its settings and one connection pool,
/// shared by every thread that uses it.
class Client {
public:
    /// A client with `api_key` and every other setting at its default (ayr_client_new).
    explicit Client(std::string_view api_key) {
        detail::CString c_key(api_key, "api_key");
        ayr_client *client = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result = ayr_client_new(c_key.get(), &client, &error);
        detail::check(result, error);
        handle_.reset(client);
    }
    /// Takes ownership of a client made through the C API.
    explicit Client(ayr_client *handle) noexcept : handle_(handle) {}
    /// A client from AYRSHARE_API_KEY, AYRSHARE_PROFILE_KEY and AYRSHARE_BASE_URL
    /// (ayr_client_from_env).
    static Client from_env() {
        ayr_client *client = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result = ayr_client_from_env(&client, &error);
        detail::check(result, error);
        return Client(client);
    }
    /// A builder for a client with `api_key`.
    static ClientBuilder builder(std::string_view api_key) { return ClientBuilder(api_key); }

    /// Registers (or replaces) the webhook of `action` (ayr_register_webhook): with `secret`,
    /// Ayrshare signs each delivery; `profile_key` overrides the client's for this call.
    Webhook register_webhook(std::string_view action, std::string_view url,
                             std::optional<std::string_view> secret = std::nullopt,
                             std::optional<std::string_view> profile_key = std::nullopt) const {
        detail::CString c_action(action, "action"), c_url(url, "url"),
            c_secret(secret, "secret"), c_profile(profile_key, "profile_key");
        ayr_webhook *webhook = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result = ayr_register_webhook(
            get(), c_action.get(), c_url.get(), c_secret.get(), c_profile.get(), &webhook, &error);
        detail::check(result, error);
        return Webhook(webhook);
    }
    /// Removes the webhook of `action` (ayr_unregister_webhook).
    void unregister_webhook(std::string_view action,
                            std::optional<std::string_view> profile_key = std::nullopt) const {
        detail::CString c_action(action, "action"), c_profile(profile_key, "profile_key");
        ayr_error *error = nullptr;
        const ayr_result result =
            ayr_unregister_webhook(get(), c_action.get(), c_profile.get(), &error);
        detail::check(result, error);
    }
    /// Lists the webhooks of a profile (ayr_list_webhooks).
    WebhookList list_webhooks(std::optional<std::string_view> profile_key = std::nullopt) const {
        detail::CString c_profile(profile_key, "profile_key");
        ayr_webhook_list *list = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result = ayr_list_webhooks(get(), c_profile.get(), &list, &error);
        detail::check(result, error);
        return WebhookList(list);
    }
    /// Sets a new signing secret for every webhook of a profile (ayr_rotate_webhook_secret).
    void rotate_webhook_secret(std::string_view secret,
                               std::optional<std::string_view> profile_key = std::nullopt) const {
        detail::CString c_secret(secret, "secret"), c_profile(profile_key, "profile_key");
        ayr_error *error = nullptr;
        const ayr_result result =
            ayr_rotate_webhook_secret(get(), c_secret.get(), c_profile.get(), &error);
        detail::check(result, error);
    }

    const ayr_client *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<ayr_client, ayr_client_free> handle_;
};

inline Client ClientBuilder::build() {
    ayr_client *client = nullptr;
    ayr_error *error = nullptr;
    // ayr_client_builder_build consumes the builder, on success and on error alike.
    const ayr_result result = ayr_client_builder_build(handle_.release(), &client, &error);
    detail::check(result, error);
    return Client(client);
}

/// Verifies the deliveries signed with one secret (ayr_verifier); share one per secret.
class Verifier {
public:
    /// AYR_DEFAULT_TOLERANCE_SECS: how far from now a delivery's timestamp may be by default.
    static constexpr std::chrono::seconds default_tolerance{AYR_DEFAULT_TOLERANCE_SECS};

    /// A verifier for `secret` (any bytes); `tolerance` nullopt skips the timestamp check.
    explicit Verifier(std::string_view secret,
                      std::optional<std::chrono::seconds> tolerance = default_tolerance) {
        const std::uint64_t tolerance_secs =
            tolerance ? detail::count(*tolerance, "tolerance") : AYR_NO_TIMESTAMP_CHECK;
        ayr_verifier *verifier = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result = ayr_verifier_new(detail::bytes(secret), secret.size(),
                                                   tolerance_secs, &verifier, &error);
        detail::check(result, error);
        handle_.reset(verifier);
    }
    /// Verifies one delivery as of now (ayr_verifier_verify): the values of its
    /// X-Authorization-Content-SHA256, -V2 and X-Authorization-Timestamp headers (nullopt when
    /// absent) and the exact body received. Throws the first failed check's ayr::Error
    /// (AYR_ERR_SIGNATURE_* or AYR_ERR_TIMESTAMP_*): reject the delivery then.
    void verify(std::optional<std::string_view> signature,
                std::optional<std::string_view> signature_v2,
                std::optional<std::string_view> timestamp, std::string_view body) const {
        detail::CString c_signature(signature, "signature"),
            c_signature_v2(signature_v2, "signature_v2"), c_timestamp(timestamp, "timestamp");
        ayr_error *error = nullptr;
        const ayr_result result =
            ayr_verifier_verify(get(), c_signature.get(), c_signature_v2.get(), c_timestamp.get(),
                                detail::bytes(body), body.size(), &error);
        detail::check(result, error);
    }

    const ayr_verifier *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<ayr_verifier, ayr_verifier_free> handle_;
};

/// Checks one signature (hex or base64) of `body` keyed by `secret` (ayr_verify_signature);
/// throws on any mismatch.
inline void verify_signature(std::string_view secret, std::string_view body,
                             std::string_view signature) {
    detail::CString c_signature(signature, "signature");
    ayr_error *error = nullptr;
    const ayr_result result = ayr_verify_signature(detail::bytes(secret), secret.size(),
                                                   detail::bytes(body), body.size(),
                                                   c_signature.get(), &error);
    detail::check(result, error);
}

/// A parsed delivery (ayr_delivery); parse it once verified.
class Delivery {
public:
    /// Parses a delivery body (ayr_parse_delivery); AYR_ERR_DECODE when it is not one.
    static Delivery parse(std::string_view body) {
        ayr_delivery *delivery = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result =
            ayr_parse_delivery(detail::bytes(body), body.size(), &delivery, &error);
        detail::check(result, error);
        return Delivery(delivery);
    }
    explicit Delivery(ayr_delivery *handle) noexcept : handle_(handle) {}

    /// `action` as sent, possibly one this libayr does not know (see action_is_known).
    std::string_view action() const noexcept { return detail::view(ayr_delivery_action(get())); }
    bool action_is_known() const noexcept { return ayr_delivery_action_is_known(get()); }
    std::optional<std::string_view> sub_action() const noexcept {
        return detail::optional_view(ayr_delivery_sub_action(get()));
    }
    std::optional<std::string_view> created() const noexcept {
        return detail::optional_view(ayr_delivery_created(get()));
    }
    std::optional<std::string_view> ref_id() const noexcept {
        return detail::optional_view(ayr_delivery_ref_id(get()));
    }
    std::optional<std::string_view> hook_id() const noexcept {
        return detail::optional_view(ayr_delivery_hook_id(get()));
    }
    std::optional<std::string_view> status() const noexcept {
        return detail::optional_view(ayr_delivery_status(get()));
    }
    /// Ayrshare's numeric `code`, when the delivery has one.
    std::optional<std::int64_t> code() const noexcept {
        std::int64_t value = 0;
        if (!ayr_delivery_code(get(), &value)) return std::nullopt;
        return value;
    }
    /// The whole delivery as compact JSON (re-serialised: never verify a signature over it).
    std::string_view payload_json() const noexcept {
        return detail::view(ayr_delivery_payload_json(get()));
    }
    const ayr_delivery *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<ayr_delivery, ayr_delivery_free> handle_;
};

/// Delivery::parse.
inline Delivery parse_delivery(std::string_view body) { return Delivery::parse(body); }

}  // namespace ayr

#endif /* AYR_HPP */
