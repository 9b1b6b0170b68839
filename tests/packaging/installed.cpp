// Built by tests/packaging/libayr.sh with CMake against an installed libayr (ayr::ayr, C++17):
// the installed ayr.hpp over the installed ayr.h and library agree on the version, a client can
// be made, and the signature OpenSSL computed for the empty body keyed by
// "whsec_c-suite-secret" (tests/c/fixtures/empty.hex.sig, passed as argv[1]) verifies.
#include <iostream>
#include <string>

#include <ayr.hpp>

int main(int argc, char **argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " EMPTY_BODY_SIGNATURE\n";
        return 2;
    }
    const std::string header = std::to_string(AYR_VERSION_MAJOR) + "." +
                               std::to_string(AYR_VERSION_MINOR) + "." +
                               std::to_string(AYR_VERSION_PATCH);
    if (ayr::version() != header) {
        std::cerr << "library " << ayr::version() << ", header " << header << "\n";
        return 1;
    }
    const ayr::Client client("installed-key");
    ayr::verify_signature("whsec_c-suite-secret", "", argv[1]);
    try {
        ayr::verify_signature("whsec_c-suite-secret", "x", argv[1]);
        return 1;
    } catch (const ayr::Error &error) {
        if (error.result() != AYR_ERR_SIGNATURE_MISMATCH) return 1;
    }
    std::cout << "installed ayr.hpp over libayr " << ayr::version() << " works\n";
    return 0;
}
