// ayr.h from C++17: the header compiles as C++ (extern "C", the ayr_result enum with its fixed
// underlying type), owning handles in std::unique_ptr with the *_free functions as deleters.
// The harness expects one registration and one failing listing (HTTP 401).
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <type_traits>

#include "check.h"

namespace {

template <typename T, void (*Free)(T *)>
struct Deleter {
    void operator()(T *p) const noexcept { Free(p); }
};
using Client = std::unique_ptr<ayr_client, Deleter<ayr_client, ayr_client_free>>;
using Webhook = std::unique_ptr<ayr_webhook, Deleter<ayr_webhook, ayr_webhook_free>>;
using List = std::unique_ptr<ayr_webhook_list, Deleter<ayr_webhook_list, ayr_webhook_list_free>>;
using Error = std::unique_ptr<ayr_error, Deleter<ayr_error, ayr_error_free>>;

static_assert(std::is_same_v<std::underlying_type_t<ayr_result>, std::uint32_t>,
              "ayr_result is a 32-bit enum in C++");
static_assert(AYR_OK == 0, "AYR_OK is zero");

void from_cpp() {
    Client client{test_client()};

    ayr_webhook *raw_hook = nullptr;
    ayr_error *raw_err = nullptr;
    const std::string url = "https://example.com/hooks/cpp";
    CHECK_RESULT(ayr_register_webhook(client.get(), "messages", url.c_str(), "cpp-secret",
                                      nullptr, &raw_hook, &raw_err),
                 AYR_OK);
    Webhook hook{raw_hook};
    CHECK(std::string(ayr_webhook_url(hook.get())) == url);
    CHECK(std::string(ayr_webhook_ref_id(hook.get())) == "ref-cpp");

    ayr_webhook_list *raw_list = nullptr;
    ayr_result result = ayr_list_webhooks(client.get(), nullptr, &raw_list, &raw_err);
    Error err{raw_err};
    CHECK_RESULT(result, AYR_ERR_API);
    CHECK(raw_list == nullptr);
    CHECK(ayr_error_http_status(err.get()) == 401);
    CHECK(std::string(ayr_error_message(err.get())) ==
          "Ayrshare API error (HTTP 401, code 101): API Key not valid");

    const std::string version = ayr_version();
    CHECK(version == std::to_string(AYR_VERSION_MAJOR) + "." + std::to_string(AYR_VERSION_MINOR) +
                         "." + std::to_string(AYR_VERSION_PATCH));
}

}  // namespace

int main(int argc, char **argv) {
    static const test_case cases[] = {{"from_cpp", from_cpp}};
    return run_cases(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
