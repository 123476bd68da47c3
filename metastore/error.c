/*
 * error.c
 *    The hms error domain (see error.h).
 */
#include "error.h"

G_DEFINE_QUARK (hms-error-quark, hms_error)
