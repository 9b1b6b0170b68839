/*
 * Built by `make test-c` against an installed libayr found with pkg-config (shared, then
 * static): the header and library agree on the version, a client can be made, and the
 * signature OpenSSL computed for the empty body keyed by "whsec_c-suite-secret"
 * (tests/c/fixtures/empty.hex.sig, passed as argv[1]) verifies.
 */
#include <stdio.h>
#include <string.h>

#include <ayr.h>


int main(int argc, char **argv) {
    char expected[32];
    ayr_client *client = NULL;
    const char *secret = "whsec_c-suite-secret";
    if (argc != 2) {
        fprintf(stderr, "usage: %s EMPTY_BODY_SIGNATURE\n", argv[0]);
        return 2;
    }
    snprintf(expected, sizeof expected, "%d.%d.%d", AYR_VERSION_MAJOR, AYR_VERSION_MINOR,
             AYR_VERSION_PATCH);
    if (strcmp(ayr_version(), expected) != 0) {
        fprintf(stderr, "library %s, header %s\n", ayr_version(), expected);
        return 1;
    }
    if (ayr_client_new("installed-key", &client, NULL) != AYR_OK) return 1;
    ayr_client_free(client);
    if (ayr_verify_signature((const uint8_t *)secret, strlen(secret), NULL, 0, argv[1], NULL)
        != AYR_OK)
        return 1;
    if (ayr_verify_signature((const uint8_t *)secret, strlen(secret), (const uint8_t *)"x", 1,
                             argv[1], NULL)
        != AYR_ERR_SIGNATURE_MISMATCH)
        return 1;
    printf("installed libayr %s works\n", ayr_version());
    return 0;
}
