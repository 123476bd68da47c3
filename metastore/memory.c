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
  struct mallinfo2 usage;

  if (bytes < HMS_MEMORY_LARGE_CALL)
    return FALSE;
  /*
   * A streamed reply moves megabytes and frees little: trimming then would
   * only hand back pages the next call faults in again (each madvise also
   * costs every core a TLB flush).  Counting the free chunks is cheap
   * exactly when there are few of them.
   */
  usage = mallinfo2 ();
  if (usage.fordblks < HMS_MEMORY_FREE_TO_TRIM)
    return FALSE;
  malloc_trim (0);
  return TRUE;
}
