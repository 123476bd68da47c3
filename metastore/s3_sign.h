/*
 * s3_sign.h
 *    AWS Signature Version 4 for S3 requests: the canonical request, the
 *    string to sign and the signature, with OpenSSL's SHA-256 and HMAC.
 *
 * S3 differs from the generic SigV4 of other AWS services in two ways that
 * matter here: the path is URI-encoded once (not twice) and never
 * normalised ("//a/./b" is signed as sent), and the payload hash travels in
 * the x-amz-content-sha256 header, which is signed.  Callers build the path
 * with hms_s3_uri_encode (text, TRUE) and the query with
 * hms_s3_canonical_query, and send exactly those strings, so what is signed
 * is what goes on the wire.
 */
#ifndef HMS_S3_SIGN_H
#define HMS_S3_SIGN_H

#include <glib.h>

/* The hex SHA-256 of the empty string: the payload hash of GET, HEAD and
 * DELETE requests. */
#define HMS_S3_EMPTY_PAYLOAD_SHA256 \
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* A header or a query parameter: raw (unencoded) name and value. */
typedef struct
{
  const char *name;
  const char *value;
} HmsS3Pair;

/* Lower-case hex SHA-256 of LENGTH bytes at DATA.  Newly allocated. */
char *hms_s3_sha256_hex (const void *data, gsize length);

/*
 * AWS's UriEncode: every byte but the unreserved A-Z a-z 0-9 - . _ ~ becomes
 * %XX (upper-case hex), a space included (%20, never '+'); '/' is kept when
 * KEEP_SLASH (object key paths) and encoded otherwise (query names and
 * values).  Multi-byte UTF-8 is encoded byte by byte.  Newly allocated.
 */
char *hms_s3_uri_encode (const char *text, gboolean keep_slash);

/*
 * The canonical query string of COUNT parameters: each name and value
 * UriEncoded, "name=value" (a NULL value counts as empty and keeps its '='),
 * sorted by encoded name then value, joined by '&'.  The same string is
 * the query to send.  "" for no parameters.  Newly allocated.
 */
char *hms_s3_canonical_query (const HmsS3Pair *parameters, gsize count);

/* What is signed.  Every string is borrowed. */
typedef struct
{
  const char *method;          /* "GET", "HEAD", ... */
  const char *canonical_uri;   /* the path as sent, encoded once: "/bucket/a%20b" */
  const char *canonical_query; /* from hms_s3_canonical_query; "" or NULL for none */
  const HmsS3Pair *headers;    /* every header to sign, host and x-amz-date included */
  gsize header_count;
  const char *payload_hash;    /* hex SHA-256 of the body, or "UNSIGNED-PAYLOAD" */
  const char *amz_date;        /* "YYYYMMDDTHHMMSSZ", the x-amz-date header's value */
} HmsS3SignRequest;

/* Who signs, and for which scope.  The secret is used for the signing key
 * only: it appears in no output of this module. */
typedef struct
{
  const char *access_key;
  const char *secret_key;
  const char *region;   /* any name: MinIO accepts any; AWS needs the bucket's */
  const char *service;  /* "s3" */
} HmsS3SignKey;

/* The results, each newly allocated; the intermediate forms are kept so
 * tests can compare them with published vectors. */
typedef struct
{
  char *canonical_request;
  char *string_to_sign;
  char *signed_headers;  /* "host;x-amz-content-sha256;x-amz-date" */
  char *signature;       /* 64 hex digits */
  char *authorization;   /* the Authorization header's value */
} HmsS3Signature;

/*
 * Signs REQUEST with KEY.  Header names are lower-cased and sorted, values
 * trimmed with inner runs of spaces collapsed to one, repeated names joined
 * with ',' in the order given.  Never fails for well-formed input (asserts
 * on NULL fields or an amz_date that is not 16 characters).
 */
HmsS3Signature *hms_s3_sign (const HmsS3SignRequest *request, const HmsS3SignKey *key);
void hms_s3_signature_free (HmsS3Signature *signature);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsS3Signature, hms_s3_signature_free)

/* "YYYYMMDDTHHMMSSZ" for TIME (UTC).  Newly allocated. */
char *hms_s3_amz_date (GDateTime *time);

#endif /* HMS_S3_SIGN_H */
