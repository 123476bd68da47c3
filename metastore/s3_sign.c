/*
 * s3_sign.c
 *    AWS Signature Version 4 for S3 (see s3_sign.h).  Hashing and HMAC are
 *    OpenSSL's; this file only arranges the strings AWS specifies.
 */
#include "s3_sign.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#define SIGNING_ALGORITHM "AWS4-HMAC-SHA256"

static char *
hex_encode (const unsigned char *bytes, gsize length)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (length * 2 + 1);

  for (gsize i = 0; i < length; i++)
    {
      hex[2 * i] = digits[bytes[i] >> 4];
      hex[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
  hex[length * 2] = '\0';
  return hex;
}

char *
hms_s3_sha256_hex (const void *data, gsize length)
{
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;

  if (EVP_Digest (data, length, digest, &digest_length, EVP_sha256 (), NULL) != 1)
    g_error ("OpenSSL could not compute a SHA-256 digest");
  return hex_encode (digest, digest_length);
}

/* HMAC-SHA256 of DATA under KEY into OUT (32 bytes). */
static void
hmac_sha256 (const void *key, gsize key_length, const char *data, unsigned char out[32])
{
  unsigned int out_length = 0;

  if (HMAC (EVP_sha256 (), key, (int) key_length, (const unsigned char *) data, strlen (data),
            out, &out_length) == NULL || out_length != 32)
    g_error ("OpenSSL could not compute an HMAC-SHA256");
}

char *
hms_s3_uri_encode (const char *text, gboolean keep_slash)
{
  GString *encoded = g_string_sized_new (strlen (text) + 16);

  for (const unsigned char *c = (const unsigned char *) text; *c != '\0'; c++)
    {
      if (g_ascii_isalnum (*c) || *c == '-' || *c == '.' || *c == '_' || *c == '~'
          || (keep_slash && *c == '/'))
        g_string_append_c (encoded, (char) *c);
      else
        g_string_append_printf (encoded, "%%%02X", *c);
    }
  return g_string_free (encoded, FALSE);
}

typedef struct
{
  char *name;
  char *value;
} EncodedPair;

static int
compare_encoded_pairs (const void *a, const void *b)
{
  const EncodedPair *left = a, *right = b;
  int by_name = strcmp (left->name, right->name);

  return by_name != 0 ? by_name : strcmp (left->value, right->value);
}

char *
hms_s3_canonical_query (const HmsS3Pair *parameters, gsize count)
{
  g_autofree EncodedPair *pairs = g_new0 (EncodedPair, count + 1);
  GString *query = g_string_new ("");

  for (gsize i = 0; i < count; i++)
    {
      pairs[i].name = hms_s3_uri_encode (parameters[i].name, FALSE);
      pairs[i].value = hms_s3_uri_encode (parameters[i].value != NULL ? parameters[i].value : "",
                                          FALSE);
    }
  qsort (pairs, count, sizeof *pairs, compare_encoded_pairs);
  for (gsize i = 0; i < count; i++)
    {
      if (i > 0)
        g_string_append_c (query, '&');
      g_string_append_printf (query, "%s=%s", pairs[i].name, pairs[i].value);
      g_free (pairs[i].name);
      g_free (pairs[i].value);
    }
  return g_string_free (query, FALSE);
}

typedef struct
{
  char *name;   /* lower case */
  char *value;  /* trimmed, inner spaces collapsed */
  gsize order;  /* position given: keeps repeated names in order */
} CanonicalHeader;

static int
compare_headers (const void *a, const void *b)
{
  const CanonicalHeader *left = a, *right = b;
  int by_name = strcmp (left->name, right->name);

  if (by_name != 0)
    return by_name;
  return left->order < right->order ? -1 : left->order > right->order;
}

/* AWS's Trimall: no leading or trailing spaces, one space for each run. */
static char *
trim_all (const char *value)
{
  GString *trimmed = g_string_new ("");
  gboolean in_space = FALSE;

  for (const char *c = value; *c != '\0'; c++)
    {
      if (*c == ' ' || *c == '\t')
        in_space = TRUE;
      else
        {
          if (in_space && trimmed->len > 0)
            g_string_append_c (trimmed, ' ');
          in_space = FALSE;
          g_string_append_c (trimmed, *c);
        }
    }
  return g_string_free (trimmed, FALSE);
}

char *
hms_s3_amz_date (GDateTime *time)
{
  g_autoptr (GDateTime) utc = g_date_time_to_utc (time);

  return g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
}

HmsS3Signature *
hms_s3_sign (const HmsS3SignRequest *request, const HmsS3SignKey *key)
{
  g_autofree CanonicalHeader *headers = NULL;
  g_autoptr (GString) canonical = g_string_new ("");
  g_autoptr (GString) signed_names = g_string_new ("");
  g_autofree char *date = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *canonical_hash = NULL;
  g_autofree char *secret_seed = NULL;
  unsigned char date_key[32], region_key[32], service_key[32], signing_key[32], signature[32];
  HmsS3Signature *result = NULL;

  g_return_val_if_fail (request != NULL && key != NULL, NULL);
  g_return_val_if_fail (request->method != NULL && request->canonical_uri != NULL, NULL);
  g_return_val_if_fail (request->payload_hash != NULL, NULL);
  g_return_val_if_fail (request->amz_date != NULL && strlen (request->amz_date) == 16, NULL);
  g_return_val_if_fail (key->access_key != NULL && key->secret_key != NULL, NULL);
  g_return_val_if_fail (key->region != NULL && key->service != NULL, NULL);

  headers = g_new0 (CanonicalHeader, request->header_count + 1);
  for (gsize i = 0; i < request->header_count; i++)
    {
      headers[i].name = g_ascii_strdown (request->headers[i].name, -1);
      headers[i].value = trim_all (request->headers[i].value != NULL ? request->headers[i].value : "");
      headers[i].order = i;
    }
  qsort (headers, request->header_count, sizeof *headers, compare_headers);

  g_string_append_printf (canonical, "%s\n%s\n%s\n", request->method, request->canonical_uri,
                          request->canonical_query != NULL ? request->canonical_query : "");
  for (gsize i = 0; i < request->header_count; i++)
    {
      gboolean repeated = i > 0 && strcmp (headers[i].name, headers[i - 1].name) == 0;

      if (repeated)
        g_string_append_printf (canonical, ",%s", headers[i].value);
      else
        {
          if (i > 0)
            {
              g_string_append_c (canonical, '\n');
              g_string_append_c (signed_names, ';');
            }
          g_string_append_printf (canonical, "%s:%s", headers[i].name, headers[i].value);
          g_string_append (signed_names, headers[i].name);
        }
    }
  if (request->header_count > 0)
    g_string_append_c (canonical, '\n');
  g_string_append_printf (canonical, "\n%s\n%s", signed_names->str, request->payload_hash);

  for (gsize i = 0; i < request->header_count; i++)
    {
      g_free (headers[i].name);
      g_free (headers[i].value);
    }

  date = g_strndup (request->amz_date, 8);
  scope = g_strdup_printf ("%s/%s/%s/aws4_request", date, key->region, key->service);
  canonical_hash = hms_s3_sha256_hex (canonical->str, canonical->len);

  result = g_new0 (HmsS3Signature, 1);
  result->string_to_sign = g_strdup_printf (SIGNING_ALGORITHM "\n%s\n%s\n%s", request->amz_date,
                                            scope, canonical_hash);

  /* kSecret = "AWS4" + secret; then the date, region, service and
   * "aws4_request" in turn.  Wipe every intermediate key. */
  secret_seed = g_strconcat ("AWS4", key->secret_key, NULL);
  hmac_sha256 (secret_seed, strlen (secret_seed), date, date_key);
  OPENSSL_cleanse (secret_seed, strlen (secret_seed));
  hmac_sha256 (date_key, sizeof date_key, key->region, region_key);
  hmac_sha256 (region_key, sizeof region_key, key->service, service_key);
  hmac_sha256 (service_key, sizeof service_key, "aws4_request", signing_key);
  hmac_sha256 (signing_key, sizeof signing_key, result->string_to_sign, signature);
  OPENSSL_cleanse (date_key, sizeof date_key);
  OPENSSL_cleanse (region_key, sizeof region_key);
  OPENSSL_cleanse (service_key, sizeof service_key);
  OPENSSL_cleanse (signing_key, sizeof signing_key);

  result->canonical_request = g_strdup (canonical->str);
  result->signed_headers = g_strdup (signed_names->str);
  result->signature = hex_encode (signature, sizeof signature);
  result->authorization = g_strdup_printf (SIGNING_ALGORITHM " Credential=%s/%s, SignedHeaders=%s, "
                                           "Signature=%s", key->access_key, scope,
                                           result->signed_headers, result->signature);
  return result;
}

void
hms_s3_signature_free (HmsS3Signature *signature)
{
  if (signature == NULL)
    return;
  g_free (signature->canonical_request);
  g_free (signature->string_to_sign);
  g_free (signature->signed_headers);
  g_free (signature->signature);
  g_free (signature->authorization);
  g_free (signature);
}
