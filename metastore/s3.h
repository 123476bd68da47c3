/*
 * s3.h
 *    hms's own S3 client: ListObjectsV2, HEAD bucket, GET and DELETE object
 *    over libcurl, signed with AWS Signature Version 4 (s3_sign.h), with the
 *    XML read by libxml2.  Enough for partition discovery and for dropping
 *    managed tables' files; MinIO, AWS and any S3-compatible server.
 *
 * One HmsS3Client per endpoint and credentials (s3_config.h builds them
 * from the configuration, one per bucket).  A client is immutable once made
 * and thread-safe: share it between threads, each call takes its own curl
 * handle from a small pool, so connections are reused.
 *
 * Every call retries what is worth retrying: HTTP 5xx (SlowDown, 503,
 * included), 429, S3's RequestTimeout, connection failures and resets,
 * timeouts, each after an exponential backoff with jitter, up to the
 * client's retry limit.  4xx answers (403 AccessDenied,
 * SignatureDoesNotMatch, 404 NoSuchKey...) are final at once.  Errors are
 * in HMS_ERROR: HMS_ERROR_NO_SUCH_OBJECT for 404 (no such bucket or key),
 * HMS_ERROR_FAILED for everything else; a cancelled call gives
 * G_IO_ERROR_CANCELLED.  The message names the operation, the location, the
 * endpoint, S3's error Code and Message and the HTTP status, e.g.
 *
 *   could not list "s3a://business/topics/" (endpoint http://minio:9000):
 *   SignatureDoesNotMatch: The request signature we calculated does not
 *   match the signature you provided. Check your key and signing method.
 *   (HTTP 403)
 *
 * and after the retries, "... after 6 attempts: <what the last one saw>".
 * The secret key never reaches a message or a log line; nothing is logged
 * above debug level but retries.  Proxies from the environment (http_proxy,
 * https_proxy) are ignored, as S3A ignores them.
 */
#ifndef HMS_S3_H
#define HMS_S3_H

#include <gio/gio.h>
#include <glib.h>

#include "s3_sign.h"

/* How to reach one endpoint as one user.  All strings owned. */
typedef struct
{
  char *endpoint;            /* "http://127.0.0.1:9000", "https://s3.eu-west-1.amazonaws.com":
                              * scheme http or https, host, optional port, no path */
  char *region;              /* signing region: any name (MinIO accepts any) */
  char *access_key;          /* both NULL: requests go unsigned (anonymous) */
  char *secret_key;
  char *credential_source;   /* where the keys came from, for messages:
                              * "fs.s3a.bucket.business.access.key", "environment" */
  gboolean path_style;       /* endpoint/bucket/key rather than bucket.endpoint/key */
  char *ca_file;             /* PEM file of trusted CAs for https; NULL: the system's */
  gint64 connect_timeout_ms; /* 0: curl's default */
  gint64 request_timeout_ms; /* whole request; 0: no limit */
  guint retry_limit;         /* retries after the first attempt */
  gint64 retry_interval_ms;  /* backoff base: the n-th retry waits about base * 2^(n-1) */
} HmsS3Settings;

HmsS3Settings *hms_s3_settings_new (void);
HmsS3Settings *hms_s3_settings_copy (const HmsS3Settings *settings);
/* Wipes the secret before freeing it. */
void hms_s3_settings_free (HmsS3Settings *settings);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsS3Settings, hms_s3_settings_free)

typedef struct HmsS3Client HmsS3Client;

/* A client for SETTINGS (copied).  Fails (HMS_ERROR_CONFIG) when the
 * endpoint is not an http or https URL without a path, or when only one
 * of access key and secret key is set. */
HmsS3Client *hms_s3_client_new (const HmsS3Settings *settings, GError **error);
HmsS3Client *hms_s3_client_ref (HmsS3Client *client);
void hms_s3_client_unref (HmsS3Client *client);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsS3Client, hms_s3_client_unref)

/* The settings the client was made with (borrowed, immutable). */
const HmsS3Settings *hms_s3_client_get_settings (HmsS3Client *client);

/*
 * Locations.  s3a://, s3:// and s3n:// (any case) name the same store:
 * "s3a://bucket/key/prefix" is bucket "bucket", key "key/prefix";
 * "s3a://bucket" and "s3a://bucket/" have key "".  The key is taken
 * literally, not percent-decoded: Hive stores locations unescaped, and a
 * '%' in a location (an escaped partition value like "hour=00%3A00") is a
 * '%' in the object key.  Credentials in the authority ("s3a://id:secret@
 * bucket/") are refused, without echoing them.
 */
gboolean hms_s3_location_is_s3 (const char *location);
gboolean hms_s3_location_parse (const char *location, char **bucket, char **key,
                                GError **error);

/* One object of a listing. */
typedef struct
{
  char *key;                 /* decoded */
  gint64 size;
  char *etag;                /* as S3 sent it, quotes included; may be NULL */
  GDateTime *last_modified;  /* may be NULL */
} HmsS3Object;

/* A page of a listing, or a whole one: the common prefixes (each a full
 * key prefix ending with the delimiter, decoded) and the objects, both in
 * S3's order (UTF-8 binary order). */
typedef struct
{
  GPtrArray *prefixes;  /* char * */
  GPtrArray *objects;   /* HmsS3Object * */
} HmsS3Listing;

HmsS3Listing *hms_s3_listing_new (void);
void hms_s3_listing_free (HmsS3Listing *listing);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsS3Listing, hms_s3_listing_free)

/* Called once per page, in order.  PAGE is the callee's to keep or steal
 * from (its arrays are freed after the call).  Return FALSE with ERROR set
 * to stop the listing; hms_s3_list then fails with that error. */
typedef gboolean (*HmsS3ListFunc) (HmsS3Listing *page, gpointer user_data, GError **error);

/*
 * ListObjectsV2 of BUCKET under PREFIX ("" for all), grouped by DELIMITER
 * ("/" lists one level; NULL lists every key below), PAGE_SIZE keys per
 * request (0: S3's default of 1,000), following continuation tokens to the
 * end and handing each page to CALLBACK as it arrives.  Keys are requested
 * with encoding-type=url and decoded when the server says it encoded them,
 * so any byte a key holds comes back intact.
 *
 * TRUE only when the last page said the listing is complete.  FALSE with
 * ERROR set when a page failed after its retries, a page was malformed, or
 * the callback stopped: the pages already handed over are then an
 * incomplete listing and must not be taken for the whole.
 */
gboolean hms_s3_list (HmsS3Client *client, const char *bucket, const char *prefix,
                      const char *delimiter, guint page_size, HmsS3ListFunc callback,
                      gpointer user_data, GCancellable *cancellable, GError **error);

/*
 * Whether any object's key starts with PREFIX: one ListObjectsV2 request
 * with max-keys 1 and no delimiter, so it costs the same however many
 * objects there are.  TRUE with *HAS_OBJECTS set when S3 answered; FALSE
 * with ERROR (and *HAS_OBJECTS untouched) when it did not, which must
 * never be taken for "empty".
 */
gboolean hms_s3_prefix_has_objects (HmsS3Client *client, const char *bucket, const char *prefix,
                                    gboolean *has_objects, GCancellable *cancellable,
                                    GError **error);

/* hms_s3_list collected into one listing, or NULL with ERROR: nothing is
 * returned unless the listing completed.  More than MAX_ENTRIES prefixes
 * and objects together (0: no cap) is an error too. */
HmsS3Listing *hms_s3_list_all (HmsS3Client *client, const char *bucket, const char *prefix,
                               const char *delimiter, gsize max_entries,
                               GCancellable *cancellable, GError **error);

/* HEAD of BUCKET: TRUE when it exists and the credentials may use it;
 * HMS_ERROR_NO_SUCH_OBJECT when it does not exist. */
gboolean hms_s3_head_bucket (HmsS3Client *client, const char *bucket,
                             GCancellable *cancellable, GError **error);

/* The content of BUCKET/KEY, or NULL with ERROR (HMS_ERROR_NO_SUCH_OBJECT
 * for a missing key).  An object larger than MAX_SIZE bytes is an error,
 * found out without reading more than MAX_SIZE bytes of it. */
GBytes *hms_s3_get_object (HmsS3Client *client, const char *bucket, const char *key,
                           gsize max_size, GCancellable *cancellable, GError **error);

/* Deletes BUCKET/KEY.  Deleting a key that does not exist succeeds, as in
 * S3. */
gboolean hms_s3_delete_object (HmsS3Client *client, const char *bucket, const char *key,
                               GCancellable *cancellable, GError **error);

/*
 * The request a call would send, signed at AMZ_DATE ("YYYYMMDDTHHMMSSZ"):
 * its URL and its headers in order (Host, x-amz-content-sha256,
 * x-amz-date, EXTRA_HEADERS, Authorization).  EXTRA_HEADERS are signed
 * too.  KEY NULL addresses the bucket.  The calls above use it with the
 * current time; tests use it to compare with other signers.
 */
typedef struct
{
  char *url;
  GPtrArray *headers;  /* HmsS3Pair with owned strings */
} HmsS3PreparedRequest;

HmsS3PreparedRequest *hms_s3_prepare_request (HmsS3Client *client, const char *method,
                                              const char *bucket, const char *key,
                                              const HmsS3Pair *query, gsize query_count,
                                              const HmsS3Pair *extra_headers,
                                              gsize extra_header_count,
                                              const char *amz_date);
void hms_s3_prepared_request_free (HmsS3PreparedRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsS3PreparedRequest, hms_s3_prepared_request_free)

#endif /* HMS_S3_H */
