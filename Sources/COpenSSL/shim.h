#ifndef DSYNC_COPENSSL_SHIM_H
#define DSYNC_COPENSSL_SHIM_H
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/ess.h>
#include <openssl/pkcs12.h>
#endif
