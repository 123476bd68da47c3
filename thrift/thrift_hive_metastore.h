/* Stable include name for the generated ThriftHiveMetastore service API
 * (client, processor, handler base class HmsThriftHiveMetastoreHandler).
 * The generated file carries the c_glib namespace prefix. */
#ifndef HMS_THRIFT_WRAPPER_THRIFT_HIVE_METASTORE_H
#define HMS_THRIFT_WRAPPER_THRIFT_HIVE_METASTORE_H
#include "hms_thrift_hive_metastore.h"
#endif
