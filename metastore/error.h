/*
 * error.h
 *    The one error domain of hms: every runtime failure travels as a GError
 *    in HMS_ERROR, whose codes map one to one onto the HMS Thrift exceptions.
 *
 * The Thrift layer (handler.c) turns these into exception objects in one
 * place; nothing else knows about Thrift exceptions.
 */
#ifndef HMS_ERROR_H
#define HMS_ERROR_H

#include <glib.h>

#define HMS_ERROR (hms_error_quark ())

typedef enum
{
  HMS_ERROR_FAILED,             /* MetaException: anything else */
  HMS_ERROR_NO_SUCH_OBJECT,     /* NoSuchObjectException */
  HMS_ERROR_ALREADY_EXISTS,     /* AlreadyExistsException */
  HMS_ERROR_INVALID_OBJECT,     /* InvalidObjectException */
  HMS_ERROR_INVALID_OPERATION,  /* InvalidOperationException */
  HMS_ERROR_UNKNOWN_DB,         /* UnknownDBException */
  HMS_ERROR_UNKNOWN_TABLE,      /* UnknownTableException */
  HMS_ERROR_INVALID_INPUT,      /* InvalidInputException */
  HMS_ERROR_CONFIG,             /* configuration: never reaches a client */
  HMS_ERROR_DATABASE,           /* PostgreSQL unreachable or failed: MetaException */
} HmsErrorCode;

GQuark hms_error_quark (void);

#endif /* HMS_ERROR_H */
