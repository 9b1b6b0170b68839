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
 *     ayr::Event event = verifier.verify_event(signature, signature_v2, timestamp, body);
 *
 * What it adds to ayr.h and nothing more: handles that free themselves (move-only RAII
 * classes), std::string_view in, std::optional for what may be absent, and an ayr::Error
 * exception carrying everything an ayr_error holds for every failed call. Validation,
 * requests, retries, TLS, proxies, verification and parsing are libayr's: each method is one C
 * call. Strings a method returns (std::string_view) belong to the object they came from and
 * live as long as it does, as in C. A string argument holding a NUL character, which a C
 * string cannot carry, is rejected as AYR_ERR_INVALID_ARGUMENT naming the argument; nothing
 * is sent. Byte buffers (secrets, bodies) may hold any bytes.
 *
 * Callbacks (ClientBuilder::cancel_when, set_log_callback) are std::functions this layer
 * owns for as long as libayr may call them; an exception they throw never reaches libayr
 * (see each).
 *
 * Thread safety is ayr.h's: a const Client, Verifier or Event may be used from many threads at
 * once. The C handle of each class is available through get() for calls this layer does not
 * wrap. Link with libayr as for C (pkg-config ayr, or CMake's ayr::ayr).
 */
#ifndef AYR_HPP
#define AYR_HPP

#if __cplusplus < 201703L && (!defined(_MSVC_LANG) || _MSVC_LANG < 201703L)
#error "ayr.hpp needs C++17 or later (ayr.h alone works from C99 and C++)"
#endif

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ayr.h"

namespace ayr {

/// The version of the libayr the program runs with, such as "0.1.0".
inline std::string_view version() noexcept { return ayr_version(); }

/// A failed libayr call: what ayr_error tells, copied, with the message as what(). Never holds
/// a key, secret or proxy credential (libayr's messages never do). result() is any AYR_ERR_*
/// value, among them AYR_ERR_TLS (an untrusted server certificate: never retried),
/// AYR_ERR_PROXY (the proxy refused the tunnel: its status in http_status()) and
/// AYR_ERR_CANCELLED (ClientBuilder::cancel_when asked the call to stop).
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

/// A read-only, indexed view of the `size` entries of a libayr object, entry `index`
/// made by `At(owner, index)`. It reads the object it came from: use it while that lives.
template <typename Owner, typename Item, Item (*At)(const Owner *, std::size_t)>
class Entries {
public:
    /// Iterates over the entries in order.
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Item;
        using difference_type = std::ptrdiff_t;
        using pointer = const Item *;
        using reference = Item;

        const_iterator(const Owner *owner, std::size_t index) noexcept
            : owner_(owner), index_(index) {}
        Item operator*() const noexcept { return At(owner_, index_); }
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
            return owner_ == other.owner_ && index_ == other.index_;
        }
        bool operator!=(const const_iterator &other) const noexcept { return !(*this == other); }

    private:
        const Owner *owner_;
        std::size_t index_;
    };

    Entries(const Owner *owner, std::size_t size) noexcept : owner_(owner), size_(size) {}
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    /// Entry `index`; out of range, libayr's answer for it (every field absent).
    Item operator[](std::size_t index) const noexcept { return At(owner_, index); }
    const_iterator begin() const noexcept { return const_iterator(owner_, 0); }
    const_iterator end() const noexcept { return const_iterator(owner_, size_); }

private:
    const Owner *owner_;
    std::size_t size_;
};

/// What ClientBuilder::cancel_when stores: the callable libayr polls.
using CancelFunction = std::function<bool()>;

/// The ayr_cancel_fn of a CancelFunction: its answer, or true (stop) when it throws, as an
/// exception cannot cross libayr.
inline bool call_cancel(void *userdata) noexcept {
    try {
        return (*static_cast<const CancelFunction *>(userdata))();
    } catch (...) {
        return true;
    }
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

/// One registered webhook of a WebhookList.
struct WebhookEntry {
    std::string_view action;
    std::string_view url;
};

namespace detail {
inline WebhookEntry webhook_entry(const ayr_webhook_list *list, std::size_t index) noexcept {
    return {view(ayr_webhook_list_action(list, index)), view(ayr_webhook_list_url(list, index))};
}
}  // namespace detail

/// The webhooks registered for a profile (ayr_webhook_list): (action, url) entries.
class WebhookList {
    using Range = detail::Entries<ayr_webhook_list, WebhookEntry, detail::webhook_entry>;

public:
    /// One registered webhook.
    using Entry = WebhookEntry;
    /// Iterates over the entries in the API's order.
    using const_iterator = Range::const_iterator;

    explicit WebhookList(ayr_webhook_list *handle) noexcept : handle_(handle) {}
    /// How many actions have a webhook.
    std::size_t size() const noexcept { return ayr_webhook_list_len(get()); }
    bool empty() const noexcept { return size() == 0; }
    /// Entry `index`; both views are empty when `index` is out of range.
    Entry operator[](std::size_t index) const noexcept {
        return detail::webhook_entry(get(), index);
    }
    const_iterator begin() const noexcept { return entries().begin(); }
    const_iterator end() const noexcept { return entries().end(); }
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
    Range entries() const noexcept { return Range(get(), size()); }

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
    /// Trusts the operating system's certificate store instead of the bundled Mozilla roots
    /// (ayr_client_builder_use_system_roots; on Linux the distribution's bundle, honouring
    /// SSL_CERT_FILE and SSL_CERT_DIR). build() throws AYR_ERR_INVALID_ARGUMENT, field
    /// "system_roots", when the store holds no usable certificate. Replaces ca_bundle.
    ClientBuilder &system_roots() {
        detail::check_setting(ayr_client_builder_use_system_roots(handle_.get()),
                              "ayr_client_builder_use_system_roots", "system_roots");
        return *this;
    }
    /// Trusts only the CA certificates of the PEM file at `path`, as curl's --cacert does
    /// (ayr_client_builder_set_ca_bundle). build() reads it and throws AYR_ERR_INVALID_ARGUMENT,
    /// field "ca_bundle", when it cannot be read or holds no certificate. Replaces system_roots.
    ClientBuilder &ca_bundle(std::string_view path) {
        detail::CString c_path(path, "ca_bundle");
        detail::check_setting(ayr_client_builder_set_ca_bundle(handle_.get(), c_path.get()),
                              "ayr_client_builder_set_ca_bundle", "ca_bundle");
        return *this;
    }
    /// Sends every request through the HTTP proxy at `url`, "http://[user:password@]host[:port]"
    /// (ayr_client_builder_set_proxy), whatever the environment says; "" connects directly.
    /// A SOCKS or https:// proxy makes build() throw AYR_ERR_INVALID_ARGUMENT, field "proxy";
    /// a refused tunnel is AYR_ERR_PROXY. Credentials never appear in messages.
    ClientBuilder &proxy(std::string_view url) {
        detail::CString c_url(url, "proxy");
        detail::check_setting(ayr_client_builder_set_proxy(handle_.get(), c_url.get()),
                              "ayr_client_builder_set_proxy", "proxy");
        return *this;
    }
    /// Makes calls stop with AYR_ERR_CANCELLED once `should_stop()` returns true
    /// (ayr_client_builder_set_cancel). libayr calls it on the thread making a call, at least
    /// every 100 ms while the call waits and at once when a signal interrupts the wait: it must
    /// be quick, safe to call from every thread using the client, and must not call libayr with
    /// the same client. An exception it throws counts as true. The builder, then the Client it
    /// builds, owns `should_stop` until the client is destroyed; what it refers to must live as
    /// long. An empty function removes the callback (calls run to their timeouts).
    ClientBuilder &cancel_when(std::function<bool()> should_stop) {
        std::unique_ptr<detail::CancelFunction> owned;
        if (should_stop) owned = std::make_unique<detail::CancelFunction>(std::move(should_stop));
        detail::check_setting(
            ayr_client_builder_set_cancel(handle_.get(), owned ? detail::call_cancel : nullptr,
                                          owned.get()),
            "ayr_client_builder_set_cancel", "cancel");
        cancel_ = std::move(owned);
        return *this;
    }
    /// Checks every setting and makes the client; the builder is used up either way.
    Client build();

    ayr_client_builder *get() const noexcept { return handle_.get(); }

private:
    // Declared first, so destroyed after the handle that may call it.
    std::unique_ptr<detail::CancelFunction> cancel_;
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
    friend class ClientBuilder;
    Client(ayr_client *handle, std::unique_ptr<detail::CancelFunction> cancel) noexcept
        : cancel_(std::move(cancel)), handle_(handle) {}

    // The cancel callback libayr calls (see ClientBuilder::cancel_when), declared first so
    // that it is destroyed after the client.
    std::unique_ptr<detail::CancelFunction> cancel_;
    detail::Handle<ayr_client, ayr_client_free> handle_;
};

inline Client ClientBuilder::build() {
    ayr_client *client = nullptr;
    ayr_error *error = nullptr;
    std::unique_ptr<detail::CancelFunction> cancel = std::move(cancel_);
    // ayr_client_builder_build consumes the builder, on success and on error alike.
    const ayr_result result = ayr_client_builder_build(handle_.release(), &client, &error);
    detail::check(result, error);
    return Client(client, std::move(cancel));
}

/// One post result of a scheduled event (`postIds` entry): the outcome on one network.
struct PostResult {
    /// `platform`, such as "twitter".
    std::optional<std::string_view> platform;
    /// `status`: "success" or "error".
    std::optional<std::string_view> status;
    /// `id`: the network's post id.
    std::optional<std::string_view> id;
    /// `postUrl`: the post's address on the network.
    std::optional<std::string_view> post_url;
    /// The entry's other fields as a compact JSON object.
    std::string_view other_json;
};

/// One `message.media` entry of a messages event.
struct MessageMedia {
    /// `type`, such as "image".
    std::optional<std::string_view> type;
    std::optional<std::string_view> url;
    /// The entry's other fields as a compact JSON object.
    std::string_view other_json;
};

/// One `directMessageEvents` entry of an accountActivity event.
struct DirectMessage {
    /// `type`, such as "message_create".
    std::optional<std::string_view> type;
    /// `createdAt`, as sent.
    std::optional<std::string_view> created_at;
    std::optional<std::string_view> id;
    /// `messageCreate` as compact JSON, as sent.
    std::optional<std::string_view> create_json;
    /// The entry's other fields as a compact JSON object.
    std::string_view other_json;
};

namespace detail {
/// An `int64_t` accessor's answer: the value when it has one.
inline std::optional<std::int64_t> number(bool (*get)(const ayr_event *, std::int64_t *),
                                          const ayr_event *event) noexcept {
    std::int64_t value = 0;
    if (!get(event, &value)) return std::nullopt;
    return value;
}
inline PostResult post_result(const ayr_event *event, std::size_t index) noexcept {
    return {optional_view(ayr_event_post_result_platform(event, index)),
            optional_view(ayr_event_post_result_status(event, index)),
            optional_view(ayr_event_post_result_id(event, index)),
            optional_view(ayr_event_post_result_post_url(event, index)),
            view(ayr_event_post_result_other_json(event, index))};
}
inline MessageMedia message_media(const ayr_event *event, std::size_t index) noexcept {
    return {optional_view(ayr_event_message_media_type(event, index)),
            optional_view(ayr_event_message_media_url(event, index)),
            view(ayr_event_message_media_other_json(event, index))};
}
inline std::string_view media_url(const ayr_event *event, std::size_t index) noexcept {
    return view(ayr_event_media_url(event, index));
}
inline DirectMessage direct_message(const ayr_event *event, std::size_t index) noexcept {
    return {optional_view(ayr_event_direct_message_type(event, index)),
            optional_view(ayr_event_direct_message_created_at(event, index)),
            optional_view(ayr_event_direct_message_id(event, index)),
            optional_view(ayr_event_direct_message_create_json(event, index)),
            view(ayr_event_direct_message_other_json(event, index))};
}
}  // namespace detail

/// One delivery typed by its action (ayr_event), from Event::parse or Verifier::verify_event.
///
/// kind() says which action; the common fields are there for every kind; each other getter
/// says which kinds have it and answers nullopt (or false, or an empty list) for the others and
/// for absent fields. other_json() holds every top-level field not typed, including a typed
/// field of an unexpected JSON type. Lists (post_results(), message_media(), media_urls(),
/// direct_messages()) are views over the event: use them while it lives.
class Event {
public:
    /// The `postIds` entries (PostResult).
    using PostResults = detail::Entries<ayr_event, PostResult, detail::post_result>;
    /// The `message.media` entries (MessageMedia).
    using MessageMediaList = detail::Entries<ayr_event, MessageMedia, detail::message_media>;
    /// The `mediaUrls` entries.
    using MediaUrls = detail::Entries<ayr_event, std::string_view, detail::media_url>;
    /// The `directMessageEvents` entries (DirectMessage).
    using DirectMessages = detail::Entries<ayr_event, DirectMessage, detail::direct_message>;

    /// Parses a delivery body, leniently (ayr_parse_event): verify it first, or use
    /// Verifier::verify_event. AYR_ERR_DECODE when it is not a JSON object, or a typed string
    /// holds a NUL character.
    static Event parse(std::string_view body) {
        ayr_event *event = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result =
            ayr_parse_event(detail::bytes(body), body.size(), &event, &error);
        detail::check(result, error);
        return Event(event);
    }
    /// Takes ownership of an event made through the C API.
    explicit Event(ayr_event *handle) noexcept : handle_(handle) {}

    // ---- every kind ----
    /// Which action: AYR_EVENT_SCHEDULED, ..., or AYR_EVENT_UNKNOWN (see action()).
    ayr_event_kind kind() const noexcept { return ayr_event_get_kind(get()); }
    /// The action as spelled on the wire ("messages" also for the older "message"); for an
    /// unknown kind the `action` sent, if it was a string.
    std::optional<std::string_view> action() const noexcept {
        return detail::optional_view(ayr_event_action(get()));
    }
    /// `created`, when the event happened, as sent.
    std::optional<std::string_view> created() const noexcept {
        return detail::optional_view(ayr_event_created(get()));
    }
    /// Ayrshare's HTTP-like `code`.
    std::optional<std::int64_t> code() const noexcept {
        return detail::number(ayr_event_code, get());
    }
    /// `refId`, the Ref Id of the User Profile concerned.
    std::optional<std::string_view> ref_id() const noexcept {
        return detail::optional_view(ayr_event_ref_id(get()));
    }
    /// `hookId`: the delivery's id, the same on Ayrshare's retries (deduplicate on it).
    std::optional<std::string_view> hook_id() const noexcept {
        return detail::optional_view(ayr_event_hook_id(get()));
    }
    /// `status`, such as "success" or "error".
    std::optional<std::string_view> status() const noexcept {
        return detail::optional_view(ayr_event_status(get()));
    }
    /// Every top-level field not typed, as a compact JSON object ("{}" when none).
    std::string_view other_json() const noexcept {
        return detail::view(ayr_event_other_json(get()));
    }

    // ---- several kinds ----
    /// `subAction`, such as "tikTokPublished": scheduled, messages.
    std::optional<std::string_view> sub_action() const noexcept {
        return detail::optional_view(ayr_event_sub_action(get()));
    }
    /// `url`, the webhook URL the delivery was sent to: scheduled, accountActivity.
    std::optional<std::string_view> url() const noexcept {
        return detail::optional_view(ayr_event_url(get()));
    }
    /// `platform`, such as "linkedin": social, accountActivity (a message's is
    /// message_platform()).
    std::optional<std::string_view> platform() const noexcept {
        return detail::optional_view(ayr_event_platform(get()));
    }
    /// `title`, the User Profile's title: social, accountActivity.
    std::optional<std::string_view> title() const noexcept {
        return detail::optional_view(ayr_event_title(get()));
    }
    /// `source`: "user" or "system": social, accountActivity.
    std::optional<std::string_view> source() const noexcept {
        return detail::optional_view(ayr_event_source(get()));
    }
    /// `type` as sent: what happened to the account (social; see social_kind()), the kind of
    /// activity (accountActivity).
    std::optional<std::string_view> type() const noexcept {
        return detail::optional_view(ayr_event_type(get()));
    }

    // ---- scheduled ----
    /// `id`, the Ayrshare post id.
    std::optional<std::string_view> id() const noexcept {
        return detail::optional_view(ayr_event_id(get()));
    }
    /// `errors` as a compact JSON array ("[]" when absent).
    std::optional<std::string_view> errors_json() const noexcept {
        return detail::optional_view(ayr_event_errors_json(get()));
    }
    /// The `postIds` entries, one per network the post went to.
    PostResults post_results() const noexcept {
        return PostResults(get(), ayr_event_post_result_count(get()));
    }

    // ---- social ----
    /// What happened to the account: AYR_SOCIAL_LINK, _UNLINK, _REFRESH, _OTHER, or
    /// AYR_SOCIAL_NONE (another kind, or no `type`).
    ayr_social_kind social_kind() const noexcept { return ayr_event_social_kind(get()); }
    /// `displayName`, the account's name on the network.
    std::optional<std::string_view> display_name() const noexcept {
        return detail::optional_view(ayr_event_display_name(get()));
    }
    /// `refreshBy`, the date by which to refresh the link.
    std::optional<std::string_view> refresh_by() const noexcept {
        return detail::optional_view(ayr_event_refresh_by(get()));
    }
    /// `details.status`.
    std::optional<std::string_view> details_status() const noexcept {
        return detail::optional_view(ayr_event_details_status(get()));
    }
    /// `details.code`, such as 349.
    std::optional<std::int64_t> details_code() const noexcept {
        return detail::number(ayr_event_details_code, get());
    }
    /// `details.message`, such as "Account locked".
    std::optional<std::string_view> details_message() const noexcept {
        return detail::optional_view(ayr_event_details_message(get()));
    }
    /// The other fields of `details` as a compact JSON object.
    std::optional<std::string_view> details_other_json() const noexcept {
        return detail::optional_view(ayr_event_details_other_json(get()));
    }

    // ---- messages ----
    /// Whether the event has a `message` object.
    bool has_message() const noexcept { return ayr_event_has_message(get()); }
    /// `message.text`.
    std::optional<std::string_view> message_text() const noexcept {
        return detail::optional_view(ayr_event_message_text(get()));
    }
    /// `message.platform`, such as "facebook".
    std::optional<std::string_view> message_platform() const noexcept {
        return detail::optional_view(ayr_event_message_platform(get()));
    }
    /// `message.status`.
    std::optional<std::string_view> message_status() const noexcept {
        return detail::optional_view(ayr_event_message_status(get()));
    }
    /// `message.id`, the network's message id.
    std::optional<std::string_view> message_id() const noexcept {
        return detail::optional_view(ayr_event_message_id(get()));
    }
    /// `message.sender.id`.
    std::optional<std::string_view> message_sender_id() const noexcept {
        return detail::optional_view(ayr_event_message_sender_id(get()));
    }
    /// `message.sender.name`.
    std::optional<std::string_view> message_sender_name() const noexcept {
        return detail::optional_view(ayr_event_message_sender_name(get()));
    }
    /// `message.sender.username`.
    std::optional<std::string_view> message_sender_username() const noexcept {
        return detail::optional_view(ayr_event_message_sender_username(get()));
    }
    /// The other fields of `message.sender` as a compact JSON object (when there is a sender).
    std::optional<std::string_view> message_sender_other_json() const noexcept {
        return detail::optional_view(ayr_event_message_sender_other_json(get()));
    }
    /// `message.receiver.id`.
    std::optional<std::string_view> message_receiver_id() const noexcept {
        return detail::optional_view(ayr_event_message_receiver_id(get()));
    }
    /// `message.receiver.name`.
    std::optional<std::string_view> message_receiver_name() const noexcept {
        return detail::optional_view(ayr_event_message_receiver_name(get()));
    }
    /// `message.receiver.username`.
    std::optional<std::string_view> message_receiver_username() const noexcept {
        return detail::optional_view(ayr_event_message_receiver_username(get()));
    }
    /// The other fields of `message.receiver` as a compact JSON object (when there is one).
    std::optional<std::string_view> message_receiver_other_json() const noexcept {
        return detail::optional_view(ayr_event_message_receiver_other_json(get()));
    }
    /// `message.data` (hashtags, userMentions, urls) as compact JSON, as sent.
    std::optional<std::string_view> message_data_json() const noexcept {
        return detail::optional_view(ayr_event_message_data_json(get()));
    }
    /// The `message.media` entries.
    MessageMediaList message_media() const noexcept {
        return MessageMediaList(get(), ayr_event_message_media_count(get()));
    }
    /// The other fields of `message` as a compact JSON object (when there is a message).
    std::optional<std::string_view> message_other_json() const noexcept {
        return detail::optional_view(ayr_event_message_other_json(get()));
    }

    // ---- accountActivity ----
    /// `scheduleDate`, as sent.
    std::optional<std::string_view> schedule_date() const noexcept {
        return detail::optional_view(ayr_event_schedule_date(get()));
    }
    /// `retryAttempt`.
    std::optional<std::int64_t> retry_attempt() const noexcept {
        return detail::number(ayr_event_retry_attempt, get());
    }
    /// `users` as compact JSON, as sent.
    std::optional<std::string_view> users_json() const noexcept {
        return detail::optional_view(ayr_event_users_json(get()));
    }
    /// The `mediaUrls` entries.
    MediaUrls media_urls() const noexcept {
        return MediaUrls(get(), ayr_event_media_url_count(get()));
    }
    /// The `directMessageEvents` entries (a single object counts as one).
    DirectMessages direct_messages() const noexcept {
        return DirectMessages(get(), ayr_event_direct_message_count(get()));
    }

    const ayr_event *get() const noexcept { return handle_.get(); }

private:
    detail::Handle<ayr_event, ayr_event_free> handle_;
};

/// Event::parse.
inline Event parse_event(std::string_view body) { return Event::parse(body); }

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
    /// Verifies one delivery as verify() does, then parses it as Event::parse does
    /// (ayr_verifier_verify_event): one call for a webhook handler. Throws verify()'s errors
    /// (reject the delivery then), then Event::parse's.
    Event verify_event(std::optional<std::string_view> signature,
                       std::optional<std::string_view> signature_v2,
                       std::optional<std::string_view> timestamp, std::string_view body) const {
        detail::CString c_signature(signature, "signature"),
            c_signature_v2(signature_v2, "signature_v2"), c_timestamp(timestamp, "timestamp");
        ayr_event *event = nullptr;
        ayr_error *error = nullptr;
        const ayr_result result = ayr_verifier_verify_event(
            get(), c_signature.get(), c_signature_v2.get(), c_timestamp.get(),
            detail::bytes(body), body.size(), &event, &error);
        detail::check(result, error);
        return Event(event);
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

/// The headers Ayrshare would send with a body (ayr_sign_delivery), for testing a receiver.
struct SignedHeaders {
    /// X-Authorization-Content-SHA256: hex HMAC-SHA256 of the body with the first secret.
    std::string signature;
    /// X-Authorization-Content-SHA256-V2 ("v1=<sig>,v1=<sig>"), with more than one secret.
    std::optional<std::string> signature_v2;
    /// X-Authorization-Timestamp: the time given, in Unix seconds.
    std::string timestamp;
};

/// Signs `body` as Ayrshare signs a delivery sent at `sent_at` (ayr_sign_delivery), for
/// testing a receiver: `secrets` the current secret first and, to play a rotation's grace
/// window, the previous one after it. Whatever it signs, Verifier accepts. Throws
/// AYR_ERR_INVALID_ARGUMENT, field "secret", for no secret or a bad one (empty, over 1,024
/// bytes, a control or NUL character), and field "timestamp" for a time before 1970.
inline SignedHeaders sign_delivery(const std::vector<std::string_view> &secrets,
                                   std::string_view body,
                                   std::chrono::system_clock::time_point sent_at) {
    const std::uint64_t timestamp = detail::count(
        std::chrono::duration_cast<std::chrono::seconds>(sent_at.time_since_epoch()),
        "timestamp");
    std::vector<detail::CString> owned;
    owned.reserve(secrets.size());
    for (std::string_view secret : secrets) owned.emplace_back(secret, "secret");
    std::vector<const char *> c_secrets;
    for (const detail::CString &secret : owned) c_secrets.push_back(secret.get());
    ayr_signed_headers *headers = nullptr;
    ayr_error *error = nullptr;
    const ayr_result result =
        ayr_sign_delivery(c_secrets.data(), c_secrets.size(), detail::bytes(body), body.size(),
                          timestamp, &headers, &error);
    detail::check(result, error);
    const detail::Handle<ayr_signed_headers, ayr_signed_headers_free> owner(headers);
    const char *signature_v2 = ayr_signed_headers_signature_v2(headers);
    return {ayr_signed_headers_signature(headers),
            signature_v2 ? std::optional<std::string>(signature_v2) : std::nullopt,
            ayr_signed_headers_timestamp(headers)};
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

/// Receives libayr's log records: the level, the target ("ayrshare_webhooks") and the message,
/// both views valid only during the call. Records never hold a key, secret or proxy credential.
using LogCallback =
    std::function<void(ayr_log_level level, std::string_view target, std::string_view message)>;

namespace detail {
/// The callback set_log_callback gave libayr, kept while libayr may call it. At exit, logging
/// is turned off before the callback is destroyed.
struct LogSlot {
    std::mutex lock;
    std::unique_ptr<LogCallback> callback;
    LogSlot() = default;
    LogSlot(const LogSlot &) = delete;
    LogSlot &operator=(const LogSlot &) = delete;
    ~LogSlot() { ayr_set_log_callback(AYR_LOG_OFF, nullptr, nullptr); }
};
inline LogSlot &log_slot() {
    static LogSlot slot;
    return slot;
}
/// The ayr_log_fn of a LogCallback; an exception it throws is dropped with its record, as it
/// cannot cross libayr.
inline void call_log(ayr_log_level level, const char *target, const char *message,
                     void *userdata) noexcept {
    try {
        (*static_cast<const LogCallback *>(userdata))(level, view(target), view(message));
    } catch (...) {
    }
}
}  // namespace detail

/// Sends libayr's log records of `min_level` and more severe (AYR_LOG_DEBUG: one record per
/// attempt of every call) to `callback`, for every client of the process, replacing any
/// earlier callback (ayr_set_log_callback). AYR_LOG_OFF or an empty callback turns logging off
/// (the default).
///
/// Lifetime: ayr.hpp keeps `callback` until the next set_log_callback, which destroys it once
/// libayr can no longer call it, or until the program exits (logging is then turned off
/// first); what it refers to must live as long, or turn logging off before it goes. It runs on
/// the threads making calls, possibly several at once: it must be thread-safe and must not call
/// libayr. An exception it throws is dropped, with that record.
inline void set_log_callback(ayr_log_level min_level, LogCallback callback) {
    detail::LogSlot &slot = detail::log_slot();
    std::unique_ptr<LogCallback> next;
    if (callback) next = std::make_unique<LogCallback>(std::move(callback));
    const std::lock_guard<std::mutex> guard(slot.lock);
    ayr_set_log_callback(min_level, next ? detail::call_log : nullptr, next.get());
    // ayr_set_log_callback has returned: libayr no longer calls the previous callback.
    slot.callback = std::move(next);
}

}  // namespace ayr

#endif /* AYR_HPP */
