/*
 * LD_PRELOAD shim that gives wrk a TLS client certificate. wrk 4.1 (Debian) has no option for one,
 * h2load has none either, and OpenSSL's system-wide config refuses certificates; yet the mTLS
 * comparison must use the same load generator as every other target. wrk creates its one SSL_CTX
 * with SSL_CTX_new: this wraps that call and loads the PEM chain and key named by WRK_CLIENT_CERT
 * and WRK_CLIENT_KEY into the new context. Declares the three OpenSSL calls itself, so only gcc is
 * needed (no libssl-dev); they resolve against the libssl wrk already loads. Built by bench/gateway.sh.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_method_st SSL_METHOD;
int SSL_CTX_use_certificate_chain_file(SSL_CTX *ctx, const char *file);
int SSL_CTX_use_PrivateKey_file(SSL_CTX *ctx, const char *file, int type);
#define PEM_FILETYPE 1 /* SSL_FILETYPE_PEM */

SSL_CTX *SSL_CTX_new(const SSL_METHOD *method) {
    static SSL_CTX *(*next)(const SSL_METHOD *);
    if (!next) next = (SSL_CTX *(*)(const SSL_METHOD *)) dlsym(RTLD_NEXT, "SSL_CTX_new");
    SSL_CTX *ctx = next(method);
    const char *cert = getenv("WRK_CLIENT_CERT"), *key = getenv("WRK_CLIENT_KEY");
    if (ctx && cert && key) {
        if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 || SSL_CTX_use_PrivateKey_file(ctx, key, PEM_FILETYPE) != 1) {
            fprintf(stderr, "wrk-client-cert: cannot load %s / %s\n", cert, key);
            exit(2);
        }
    }
    return ctx;
}
