/*
 * s3_config.h
 *    Which endpoint and credentials reach a bucket, read from the
 *    configuration the way Hadoop's S3A reads them, and a cache of one
 *    S3 client per bucket.
 *
 * Keys (hive-site.xml, core-site.xml, -D), each looked up first as
 * fs.s3a.bucket.BUCKET.<suffix> (S3A's per-bucket override), then as
 * fs.s3a.<suffix>:
 *
 *   endpoint                  host[:port] or http(s)://host[:port]; unset: AWS
 *                             (s3.amazonaws.com, or s3.REGION.amazonaws.com)
 *   endpoint.region           signing region; unset: $AWS_REGION, else the
 *                             region named by an AWS endpoint, else us-east-1
 *   access.key, secret.key    both or neither; neither: $AWS_ACCESS_KEY_ID and
 *                             $AWS_SECRET_ACCESS_KEY; none at all: unsigned requests
 *   path.style.access         true for MinIO (endpoint/bucket/key); default false
 *   connection.ssl.enabled    https when the endpoint names no scheme; default true
 *   connection.establish.timeout   connect timeout; bare number = ms; default 5s
 *   connection.request.timeout     whole-request timeout; bare number = ms;
 *                                  default 60s; 0 = none
 *   attempts.maximum          retries after the first attempt; default 5
 *   retry.interval            backoff base; bare number = ms; default 500ms
 *
 * and, S3A having no such key, hms's own
 *
 *   hms.s3.ca.file            PEM file of CAs trusted for https endpoints
 *                             (also per bucket: hms.s3.bucket.BUCKET.ca.file);
 *                             unset: the system's trust store
 *
 * Durations take Hadoop's suffixes: ns, us, ms, s, m, h, d.
 */
#ifndef HMS_S3_CONFIG_H
#define HMS_S3_CONFIG_H

#include "conf.h"
#include "s3.h"

/* The settings for BUCKET.  HMS_ERROR_CONFIG, naming the key, for a value
 * that cannot be read (a bad boolean or duration, one of the two keys
 * without the other).  Messages never carry a secret. */
HmsS3Settings *hms_s3_config_settings_for_bucket (HmsConf *conf, const char *bucket,
                                                  GError **error);

/* One client per bucket, made on first use and shared after; thread-safe.
 * CONF must outlive the cache. */
typedef struct HmsS3Clients HmsS3Clients;

HmsS3Clients *hms_s3_clients_new (HmsConf *conf);
void hms_s3_clients_free (HmsS3Clients *clients);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (HmsS3Clients, hms_s3_clients_free)

/* A new reference to BUCKET's client, or NULL with ERROR. */
HmsS3Client *hms_s3_clients_get (HmsS3Clients *clients, const char *bucket, GError **error);

/* The client and the bucket and key of an s3a://, s3:// or s3n:// LOCATION. */
HmsS3Client *hms_s3_clients_for_location (HmsS3Clients *clients, const char *location,
                                          char **bucket, char **key, GError **error);

#endif /* HMS_S3_CONFIG_H */
