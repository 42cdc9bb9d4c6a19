#ifndef DSYNC_COPENSSL_SHIM_H
#define DSYNC_COPENSSL_SHIM_H
// System OpenSSL 3 libcrypto. Only declarations and one-line wrappers live here: Swift cannot import
// function-like macros or call variadic C functions, so each wrapper below exists for exactly that reason.
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// sk_X509_* are macros over OPENSSL_sk_* with type checks; Swift cannot import them.
static inline STACK_OF(X509) *shim_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int shim_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }
static inline int shim_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }
static inline X509 *shim_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }
static inline void shim_sk_X509_free(STACK_OF(X509) *sk) { sk_X509_free(sk); }
static inline void shim_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }

// sk_GENERAL_NAME_* (subjectAltName entries) are macros too.
static inline int shim_sk_GENERAL_NAME_num(const GENERAL_NAMES *sk) { return sk_GENERAL_NAME_num(sk); }
static inline GENERAL_NAME *shim_sk_GENERAL_NAME_value(const GENERAL_NAMES *sk, int i) {
    return sk_GENERAL_NAME_value(sk, i);
}

// sk_CMS_SignerInfo_* (signer infos of a SignedData) are macros.
static inline int shim_sk_CMS_SignerInfo_num(const STACK_OF(CMS_SignerInfo) *sk) {
    return sk_CMS_SignerInfo_num(sk);
}
static inline CMS_SignerInfo *shim_sk_CMS_SignerInfo_value(const STACK_OF(CMS_SignerInfo) *sk, int i) {
    return sk_CMS_SignerInfo_value(sk, i);
}

// sk_X509_EXTENSION_* (CSR extension list) are macros.
static inline STACK_OF(X509_EXTENSION) *shim_sk_X509_EXTENSION_new_null(void) { return sk_X509_EXTENSION_new_null(); }
static inline int shim_sk_X509_EXTENSION_push(STACK_OF(X509_EXTENSION) *sk, X509_EXTENSION *e) {
    return sk_X509_EXTENSION_push(sk, e);
}
static inline void shim_sk_X509_EXTENSION_pop_free(STACK_OF(X509_EXTENSION) *sk) {
    sk_X509_EXTENSION_pop_free(sk, X509_EXTENSION_free);
}

// sk_X509_REVOKED_* (CRL entries) are macros.
static inline int shim_sk_X509_REVOKED_num(const STACK_OF(X509_REVOKED) *sk) { return sk_X509_REVOKED_num(sk); }
static inline X509_REVOKED *shim_sk_X509_REVOKED_value(const STACK_OF(X509_REVOKED) *sk, int i) {
    return sk_X509_REVOKED_value(sk, i);
}

// BIO_get_mem_data is a macro over BIO_ctrl.
static inline long shim_BIO_get_mem_data(BIO *b, char **pp) { return BIO_get_mem_data(b, pp); }

// OPENSSL_free is a macro that adds file/line to CRYPTO_free.
static inline void shim_OPENSSL_free(void *p) { OPENSSL_free(p); }

// EVP_EC_gen and EVP_RSA_gen are macros over the variadic EVP_PKEY_Q_keygen.
static inline EVP_PKEY *shim_EVP_EC_gen_P256(void) { return EVP_EC_gen("P-256"); }
static inline EVP_PKEY *shim_EVP_RSA_gen(unsigned int bits) { return EVP_RSA_gen(bits); }

// XN_FLAG_RFC2253 is a composite macro of unsigned long flags; without ESC_MSB, UTF-8 (Vietnamese) stays readable.
static inline unsigned long shim_name_flags_rfc2253_utf8(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }

#endif
