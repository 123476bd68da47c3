/*
 * webhook.h
 *    The HTTP endpoint that takes MinIO's bucket notifications (its
 *    webhook target, notify_webhook) and registers or drops partitions at
 *    once (discovery.h, hms_discovery_apply_events), so that a file the
 *    CDC sink writes is a partition Trino sees within a second, not at the
 *    next periodic discovery.
 *
 * MinIO POSTs one JSON document per event (internal/event: event.Log):
 *
 *   {"EventName": "s3:ObjectCreated:Put", "Key": "bucket/decoded/key",
 *    "Records": [{"eventName": "s3:ObjectCreated:Put", ...,
 *                 "s3": {"bucket": {"name": "bucket", ...},
 *                        "object": {"key": "url.QueryEscape'd key", ...}}}]}
 *
 * Every record is taken (other senders batch them): s3:ObjectCreated:*
 * and s3:ObjectRemoved:* (AWS's names without "s3:" too); other events are
 * skipped.  Object keys are decoded as form values ('+' is a space, %XX a
 * byte).  A document without Records is read from EventName and Key.
 *
 * Answers: 200 with a JSON summary once the events are applied (events
 * under no table included: MinIO retries anything but 2xx); 400 with the
 * reason for a body that is not such a document; 401 when a token is
 * configured and "Authorization: Bearer TOKEN" is missing or wrong; 405
 * for any method but POST (MinIO's liveness probe, a HEAD, only needs an
 * answer); 413 for a body over 1 MiB; 503 when PostgreSQL or S3 failed
 * (what succeeded stays, and the same events again are harmless).  Any
 * path is accepted.
 *
 * The server runs in a thread of its own with its own GMainContext; the
 * events are applied by a few worker threads, each on a connection
 * borrowed from the pool of the Thrift server, so a slow S3 listing holds
 * up one request, not the others.  Every replica may serve it: adding is
 * add-if-missing, and "already exists" from a race with another replica or
 * the periodic task counts as success.
 */
#ifndef HMS_WEBHOOK_H
#define HMS_WEBHOOK_H

#include <glib.h>

#include "handler.h"

/* The largest body accepted. */
#define HMS_WEBHOOK_MAX_BODY (1024 * 1024)

typedef struct HmsWebhook HmsWebhook;

/*
 * Starts the endpoint on metastore.discovery.webhook.port and .bind.host
 * (unset: the Thrift server's bind host; empty: every address) when the
 * port is not 0, with CONTEXT's configuration, pool and S3 clients
 * (CONTEXT must outlive it).  NULL without ERROR when the port is 0; NULL
 * with ERROR when the configuration cannot be read or the port cannot be
 * bound.
 */
HmsWebhook *hms_webhook_start (HmsContext *context, GError **error);

/* The port it listens on. */
guint hms_webhook_port (HmsWebhook *webhook);

/* Stops listening, lets the requests being applied finish, and frees it.  NULL is fine. */
void hms_webhook_stop (HmsWebhook *webhook);

/*
 * The object events of a notification body (HmsObjectEvent *), in order;
 * *SKIPPED (may be NULL) counts the records of other kinds.  NULL with
 * HMS_ERROR_INVALID_INPUT and a message saying what is wrong when BODY is
 * not a JSON object of MinIO's form, a record lacks its event name, bucket
 * or key, or a key is not valid URL encoding of UTF-8.
 */
GPtrArray *hms_webhook_parse_events (const char *body, gsize length, guint *skipped, GError **error);

#endif /* HMS_WEBHOOK_H */
