/*
 * memory.c
 *    Giving memory back to the system (see memory.h).
 */
#include "memory.h"

#include <malloc.h>

/*
 * Arenas malloc may create.  Each thread allocates from one; fewer arenas
 * mean less memory held free between calls, more means less waiting on an
 * arena's lock.  Four serve 32 clients on two cores without measurable
 * contention (glibc's per-thread cache takes most small allocations).
 */
#define ARENAS 4

void
hms_memory_configure (void)
{
  mallopt (M_ARENA_MAX, ARENAS);
}

gboolean
hms_memory_after_call (gsize bytes)
{
  if (bytes < HMS_MEMORY_LARGE_CALL)
    return FALSE;
  malloc_trim (0);
  return TRUE;
}
