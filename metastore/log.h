/*
 * log.h
 *    Where log lines go: one GLib writer function decides, so every
 *    g_message/g_warning/g_debug in hms comes out as a readable line on a
 *    terminal or as one JSON object per line in a container.
 */
#ifndef HMS_LOG_H
#define HMS_LOG_H

#include <glib.h>

typedef enum
{
  HMS_LOG_TEXT,
  HMS_LOG_JSON,
} HmsLogFormat;

/* Installs the writer.  G_MESSAGES_DEBUG=hms (or all) turns debug lines on. */
void hms_log_init (HmsLogFormat format);

/* "text" or "json" (case-insensitive); FALSE for anything else. */
gboolean hms_log_parse_format (const char *name, HmsLogFormat *format);

#endif /* HMS_LOG_H */
