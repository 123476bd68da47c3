/*
 * memory.h
 *    Giving memory back: a large answer (get_partitions_by_names of 10,000
 *    partitions is tens of MB of rows, objects and reply) should not leave
 *    the process that size for good.
 *
 * glibc keeps what is freed in its arenas, one per thread up to eight per
 * core, and returns little of it by itself: hms caps the arenas and trims
 * when a connection or a large call leaves much free.
 *
 * GLib 2.74's slice allocator, which every GObject comes from, keeps freed
 * chunks in per-thread magazines and its own pages, out of malloc_trim's
 * reach, unless G_SLICE=always-malloc is in the environment when the
 * process starts (GLib reads it in its constructor, before main): `hms
 * serve` runs itself again with it when it is unset (main.c).
 */
#ifndef HMS_MEMORY_H
#define HMS_MEMORY_H

#include <glib.h>

/*
 * Bytes a call moves on its connection (request and reply) from which it
 * counts as large: a get_partitions_by_names of 10,000 partitions moves
 * about 7 MB and allocates several times that.
 */
#define HMS_MEMORY_LARGE_CALL (1024 * 1024)

/* At start, before the first thread: caps malloc's arenas (M_ARENA_MAX). */
void     hms_memory_configure (void);

/* Free bytes in malloc's arenas from which a large call's end trims them. */
#define HMS_MEMORY_FREE_TO_TRIM (8 * 1024 * 1024)

/*
 * For the server after each call, with the bytes the call read and wrote:
 * after a large one that left more than HMS_MEMORY_FREE_TO_TRIM free in
 * malloc's arenas, returns it to the system (malloc_trim, a few ms when
 * much is free).  Small calls are not even looked at: asking malloc how
 * much is free costs as much as trimming once its free lists are long.
 * TRUE when it trimmed.
 */
gboolean hms_memory_after_call (gsize bytes);

#endif /* HMS_MEMORY_H */
