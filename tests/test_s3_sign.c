/*
 * test_s3_sign.c
 *    AWS Signature Version 4 as S3 uses it, checked against AWS's published
 *    signing test suite (awslabs/aws-c-auth, tests/aws-signing-test-suite/v4/).
 *
 * The suite signs for a generic service "service"; its "-normalized"
 * vectors normalise the path ("/./", "//"), which S3 never does, so only
 * the vectors whose path is signed as given are used here:
 * get-vanilla, get-vanilla-query-order-key-case, get-unreserved,
 * get-vanilla-query-unreserved, get-utf8, get-vanilla-utf8-query,
 * get-space-unnormalized, get-slashes-unnormalized (header-signed requests:
 * the Authorization signature), the query-signed canonical requests and
 * strings to sign of get-vanilla, get-utf8, get-space-unnormalized and
 * get-slashes-unnormalized, and post-x-www-form-urlencoded, which signs
 * x-amz-content-sha256 and a body as S3 requests do.  Each path in the
 * suite's request lines is unencoded: encoding it once is S3's rule too.
 */
#include <string.h>

#include <glib.h>

#include "s3_sign.h"

/* The suite's context.json: credentials, scope and time of every vector. */
static const HmsS3SignKey suite_key = {
  .access_key = "AKIDEXAMPLE",
  .secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  .region = "us-east-1",
  .service = "service",
};
#define SUITE_DATE "20150830T123600Z"
#define SUITE_HOST "example.amazonaws.com"
#define SUITE_SCOPE "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request"

/* Signs a GET of PATH (unencoded) with QUERY (count pairs) and the suite's
 * host and date headers. */
static HmsS3Signature *
sign_suite_get (const char *path, const HmsS3Pair *query, gsize query_count)
{
  const HmsS3Pair headers[] = {
    { "Host", SUITE_HOST },
    { "X-Amz-Date", SUITE_DATE },
  };
  g_autofree char *uri = hms_s3_uri_encode (path, TRUE);
  g_autofree char *canonical_query = hms_s3_canonical_query (query, query_count);
  HmsS3SignRequest request = {
    .method = "GET",
    .canonical_uri = uri,
    .canonical_query = canonical_query,
    .headers = headers,
    .header_count = G_N_ELEMENTS (headers),
    .payload_hash = HMS_S3_EMPTY_PAYLOAD_SHA256,
    .amz_date = SUITE_DATE,
  };

  return hms_s3_sign (&request, &suite_key);
}

static void
test_header_signed_vectors (void)
{
  static const HmsS3Pair order_key_case[] = { { "Param2", "value2" }, { "Param1", "value1" } };
  static const HmsS3Pair unreserved_query[] = {
    { "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
      "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" },
  };
  static const HmsS3Pair utf8_query[] = { { "\xe1\x88\xb4", "bar" } };
  struct
  {
    const char *vector, *path;
    const HmsS3Pair *query;
    gsize query_count;
    const char *signature;
  } cases[] = {
    { "get-vanilla", "/", NULL, 0,
      "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
    { "get-vanilla-query-order-key-case", "/", order_key_case, 2,
      "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
    { "get-unreserved", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
      NULL, 0, "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f" },
    { "get-vanilla-query-unreserved", "/", unreserved_query, 1,
      "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197" },
    { "get-utf8", "/\xe1\x88\xb4", NULL, 0,
      "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
    { "get-vanilla-utf8-query", "/", utf8_query, 1,
      "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
    { "get-space-unnormalized", "/example space/", NULL, 0,
      "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741" },
    { "get-slashes-unnormalized", "//example//", NULL, 0,
      "87cca117541a147f6df867677d98a7d80dff226d2bfca9e4ffa899665623c7e5" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (HmsS3Signature) signature = sign_suite_get (cases[i].path, cases[i].query,
                                                             cases[i].query_count);
      g_autofree char *authorization = g_strdup_printf (
          "AWS4-HMAC-SHA256 Credential=" SUITE_SCOPE ", SignedHeaders=host;x-amz-date, "
          "Signature=%s", cases[i].signature);

      g_test_message ("vector %s", cases[i].vector);
      g_assert_cmpstr (signature->signed_headers, ==, "host;x-amz-date");
      g_assert_cmpstr (signature->signature, ==, cases[i].signature);
      g_assert_cmpstr (signature->authorization, ==, authorization);
    }
}

/* The query-signed ("presigned") form of a vector: the X-Amz-* parameters
 * are part of the canonical query and only host is signed.  Checks the
 * canonical request text and the hash in the string to sign. */
static void
test_query_signed_canonical_requests (void)
{
  struct
  {
    const char *vector, *path, *canonical_uri, *canonical_hash;
  } cases[] = {
    { "get-vanilla", "/", "/",
      "50e4af3247eb1fc9666ecb6ddd6837244e375e11e3ac919f08e01ee0a03c1d56" },
    { "get-space-unnormalized", "/example space/", "/example%20space/",
      "0be2b2c2895feb348ad737286bb3d0123acadfe51b93d94e75e3a7b0977f16cf" },
    { "get-utf8", "/\xe1\x88\xb4", "/%E1%88%B4", NULL },
    { "get-slashes-unnormalized", "//example//", "//example//", NULL },
  };
  const HmsS3Pair query[] = {
    { "X-Amz-Algorithm", "AWS4-HMAC-SHA256" },
    { "X-Amz-Credential", SUITE_SCOPE },
    { "X-Amz-Date", SUITE_DATE },
    { "X-Amz-SignedHeaders", "host" },
  };
  const HmsS3Pair headers[] = { { "Host", SUITE_HOST } };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = hms_s3_uri_encode (cases[i].path, TRUE);
      g_autofree char *canonical_query = hms_s3_canonical_query (query, G_N_ELEMENTS (query));
      HmsS3SignRequest request = {
        .method = "GET",
        .canonical_uri = uri,
        .canonical_query = canonical_query,
        .headers = headers,
        .header_count = 1,
        .payload_hash = HMS_S3_EMPTY_PAYLOAD_SHA256,
        .amz_date = SUITE_DATE,
      };
      g_autoptr (HmsS3Signature) signature = hms_s3_sign (&request, &suite_key);
      /* query-canonical-request.txt of the vector. */
      g_autofree char *expected = g_strdup_printf (
          "GET\n%s\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%%2F20150830"
          "%%2Fus-east-1%%2Fservice%%2Faws4_request&X-Amz-Date=20150830T123600Z&"
          "X-Amz-SignedHeaders=host\nhost:example.amazonaws.com\n\nhost\n"
          HMS_S3_EMPTY_PAYLOAD_SHA256, cases[i].canonical_uri);

      g_test_message ("vector %s", cases[i].vector);
      g_assert_cmpstr (uri, ==, cases[i].canonical_uri);
      g_assert_cmpstr (signature->canonical_request, ==, expected);
      if (cases[i].canonical_hash != NULL)
        {
          /* query-string-to-sign.txt of the vector. */
          g_autofree char *string_to_sign = g_strdup_printf (
              "AWS4-HMAC-SHA256\n" SUITE_DATE "\n20150830/us-east-1/service/aws4_request\n%s",
              cases[i].canonical_hash);

          g_assert_cmpstr (signature->string_to_sign, ==, string_to_sign);
        }
    }
}

/* post-x-www-form-urlencoded: a body whose hash is sent and signed in
 * x-amz-content-sha256, as every S3 request does. */
static void
test_signed_payload_vector (void)
{
  const char *body = "Param1=value1";
  g_autofree char *payload_hash = hms_s3_sha256_hex (body, strlen (body));
  const HmsS3Pair headers[] = {
    { "Content-Type", "application/x-www-form-urlencoded" },
    { "Host", SUITE_HOST },
    { "Content-Length", "13" },
    { "x-amz-content-sha256", payload_hash },
    { "X-Amz-Date", SUITE_DATE },
  };
  HmsS3SignRequest request = {
    .method = "POST",
    .canonical_uri = "/",
    .canonical_query = "",
    .headers = headers,
    .header_count = G_N_ELEMENTS (headers),
    .payload_hash = payload_hash,
    .amz_date = SUITE_DATE,
  };
  g_autoptr (HmsS3Signature) signature = hms_s3_sign (&request, &suite_key);

  g_assert_cmpstr (payload_hash, ==,
                   "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  g_assert_cmpstr (signature->signed_headers, ==,
                   "content-length;content-type;host;x-amz-content-sha256;x-amz-date");
  g_assert_cmpstr (signature->signature, ==,
                   "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b");
}

static void
test_uri_encode (void)
{
  struct
  {
    const char *text;
    gboolean keep_slash;
    const char *expected;
  } cases[] = {
    { "topics/a b/partition=0/f+1%.json", TRUE, "topics/a%20b/partition%3D0/f%2B1%25.json" },
    { "topics/a b/", FALSE, "topics%2Fa%20b%2F" },
    { "caf\xc3\xa9~-._", TRUE, "caf%C3%A9~-._" },
    { "!*'()", TRUE, "%21%2A%27%28%29" },
    { "", TRUE, "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *encoded = hms_s3_uri_encode (cases[i].text, cases[i].keep_slash);

      g_assert_cmpstr (encoded, ==, cases[i].expected);
    }
}

static void
test_canonical_query (void)
{
  const HmsS3Pair parameters[] = {
    { "prefix", "topics/a b/" },
    { "list-type", "2" },
    { "continuation-token", "dG9w+aWNz/Lw==" },
    { "delimiter", "/" },
    { "encoding-type", "url" },
    { "uploads", NULL },
  };
  g_autofree char *query = hms_s3_canonical_query (parameters, G_N_ELEMENTS (parameters));
  g_autofree char *none = hms_s3_canonical_query (NULL, 0);

  g_assert_cmpstr (query, ==,
                   "continuation-token=dG9w%2BaWNz%2FLw%3D%3D&delimiter=%2F&encoding-type=url&"
                   "list-type=2&prefix=topics%2Fa%20b%2F&uploads=");
  g_assert_cmpstr (none, ==, "");
}

/* Header values are trimmed and inner runs of spaces collapsed; repeated
 * names are joined with ',' in the order given. */
static void
test_header_canonical_form (void)
{
  const HmsS3Pair headers[] = {
    { "X-Amz-Meta-B", "  two   words  " },
    { "Host", "h" },
    { "x-amz-meta-a", "first" },
    { "X-AMZ-META-A", "second" },
    { "x-amz-date", SUITE_DATE },
  };
  HmsS3SignRequest request = {
    .method = "GET",
    .canonical_uri = "/",
    .headers = headers,
    .header_count = G_N_ELEMENTS (headers),
    .payload_hash = HMS_S3_EMPTY_PAYLOAD_SHA256,
    .amz_date = SUITE_DATE,
  };
  g_autoptr (HmsS3Signature) signature = hms_s3_sign (&request, &suite_key);

  g_assert_cmpstr (signature->canonical_request, ==,
                   "GET\n/\n\nhost:h\nx-amz-date:" SUITE_DATE "\nx-amz-meta-a:first,second\n"
                   "x-amz-meta-b:two words\n\nhost;x-amz-date;x-amz-meta-a;x-amz-meta-b\n"
                   HMS_S3_EMPTY_PAYLOAD_SHA256);
}

/* The secret feeds the signing key only: no output carries it. */
static void
test_secret_never_in_output (void)
{
  const HmsS3SignKey key = {
    .access_key = "visible-key",
    .secret_key = "do-not-print-this-secret",
    .region = "us-east-1",
    .service = "s3",
  };
  const HmsS3Pair headers[] = { { "host", "h" }, { "x-amz-date", SUITE_DATE } };
  HmsS3SignRequest request = {
    .method = "GET",
    .canonical_uri = "/b",
    .headers = headers,
    .header_count = 2,
    .payload_hash = HMS_S3_EMPTY_PAYLOAD_SHA256,
    .amz_date = SUITE_DATE,
  };
  g_autoptr (HmsS3Signature) signature = hms_s3_sign (&request, &key);

  g_assert_null (strstr (signature->authorization, "do-not-print"));
  g_assert_null (strstr (signature->canonical_request, "do-not-print"));
  g_assert_null (strstr (signature->string_to_sign, "do-not-print"));
  g_assert_nonnull (strstr (signature->authorization, "Credential=visible-key/20150830/"));
}

static void
test_amz_date (void)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 ("2015-08-30T14:36:00+02:00", NULL);
  g_autofree char *amz_date = hms_s3_amz_date (time);

  g_assert_cmpstr (amz_date, ==, SUITE_DATE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/s3-sign/header-signed-vectors", test_header_signed_vectors);
  g_test_add_func ("/s3-sign/query-signed-canonical-requests", test_query_signed_canonical_requests);
  g_test_add_func ("/s3-sign/signed-payload-vector", test_signed_payload_vector);
  g_test_add_func ("/s3-sign/uri-encode", test_uri_encode);
  g_test_add_func ("/s3-sign/canonical-query", test_canonical_query);
  g_test_add_func ("/s3-sign/header-canonical-form", test_header_canonical_form);
  g_test_add_func ("/s3-sign/secret-never-in-output", test_secret_never_in_output);
  g_test_add_func ("/s3-sign/amz-date", test_amz_date);
  return g_test_run ();
}
