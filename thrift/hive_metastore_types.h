/* Stable include name for the generated Hive Metastore types (HmsDatabase,
 * HmsTable, exceptions, enums, constants).  The generated file carries the
 * c_glib namespace prefix. */
#ifndef HMS_THRIFT_WRAPPER_HIVE_METASTORE_TYPES_H
#define HMS_THRIFT_WRAPPER_HIVE_METASTORE_TYPES_H
#include "hms_hive_metastore_types.h"
#endif
