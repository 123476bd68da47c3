// hive_metastore.thrift -- the subset of the Hive Metastore Thrift API that
// hms serves.
//
// This file is written for hms; it is not a copy of Apache Hive's IDL.  It
// declares a subset of Hive 4's ThriftHiveMetastore service and of its types,
// and is meant to be indistinguishable on the wire from upstream for
// everything it declares:
//
//   * every struct, union, exception and enum declared here has exactly the
//     field ids, names, types, enum values and default values of upstream
//     (standalone-metastore/metastore-common/src/main/thrift/
//     hive_metastore.thrift), and carries ALL of upstream's fields, so that
//     nothing a client sends is dropped when we decode and re-encode it;
//   * every method declared here has upstream's name, argument ids and types,
//     return type and exception ids and types.
//   * Methods that are not declared are answered by the generated processor
//     with TApplicationException(UNKNOWN_METHOD); the connection stays usable.
//
// check_upstream.py verifies all of the above against an upstream IDL file.
//
// REQUIREDNESS RULE (the one deliberate difference from upstream)
// ---------------------------------------------------------------
// Requiredness is not part of the wire format, but it decides what a
// generated writer emits.  Upstream's Java code writes a field of default
// requiredness (neither `required` nor `optional`) only when it is non-null,
// so an unset string, binary, struct, list, map or set is simply absent from
// the message.  Code generated for c_glib instead always writes
// default-requiredness fields: an unset string goes out as "" and an unset
// struct as an empty struct, which clients then read as "set".  Therefore:
//
//   * `required` fields stay `required`, exactly as upstream;
//   * fields of default requiredness whose type is NOT primitive (string,
//     binary, struct, union, exception, list, map, set) are declared
//     `optional` here; c_glib then writes them only when their __isset_ flag
//     is TRUE, which reproduces Java's behaviour (union members included);
//   * fields of default requiredness of a primitive type (bool, i8, i16, i32,
//     i64, double, enums) keep default requiredness: Java always writes those,
//     and so does c_glib;
//   * upstream `optional` fields stay `optional`; default values are kept.
//
// Other c_glib notes
//   * Every declared method must be implemented by the server's handler: the
//     generated handler calls the class vfunc unconditionally, and a NULL one
//     crashes.  Declare a method only together with its implementation.
//   * Upstream's `get_type` method cannot be declared (the generated
//     ..._if_get_type() clashes with the GObject type function); upstream's
//     `submit_for_cleanup(1: CompactionRequest o1, 2: i64 o2, 3: i64 o3)
//     throws (1: MetaException o1)` reuses the name o1 and breaks c_glib.

include "fb303.thrift"

namespace c_glib Hms

// ===========================================================================
// Enums
// ===========================================================================

// Kind of principal owning or being granted something.
enum PrincipalType {
  USER = 1,
  ROLE = 2,
  GROUP = 3,
}

// NATIVE databases live in this metastore; REMOTE ones are reached
// through a data connector.
enum DatabaseType {
  NATIVE = 1,
  REMOTE = 2,
}

// Where a SerDe definition comes from.
enum SerdeType {
  HIVE = 1,
  SCHEMA_REGISTRY = 2,
}

// Capabilities a client can announce in table requests.
enum ClientCapability {
  TEST_CAPABILITY = 1,
  INSERT_ONLY_TABLES = 2,
}

// Kinds of transactions (open_txns).
enum TxnType {
  DEFAULT = 0,
  REPL_CREATED = 1,
  READ_ONLY = 2,
  COMPACTION = 3,
  MATER_VIEW_REBUILD = 4,
  SOFT_DELETE = 5,
  REBALANCE_COMPACTION = 6,
}

// Granularity of a lock component.
enum LockLevel {
  DB = 1,
  TABLE = 2,
  PARTITION = 3,
}

// State of a lock request as reported to the client.
enum LockState {
  ACQUIRED = 1,
  WAITING = 2,
  ABORT = 3,
  NOT_ACQUIRED = 4,
}

// Lock modes.
enum LockType {
  SHARED_READ = 1,
  SHARED_WRITE = 2,
  EXCLUSIVE = 3,
  EXCL_WRITE = 4,
}

// Operation a lock component is taken for (UNSET for old clients).
enum DataOperationType {
  SELECT = 1,
  INSERT = 2,
  UPDATE = 3,
  DELETE = 4,
  UNSET = 5,
  NO_TXN = 6,
}

// ===========================================================================
// Constants (table/partition parameter keys and filter keys)
// ===========================================================================

const string DDL_TIME = "transient_lastDdlTime"
const i8 ACCESSTYPE_NONE = 1
const i8 ACCESSTYPE_READONLY = 2
const i8 ACCESSTYPE_WRITEONLY = 4
const i8 ACCESSTYPE_READWRITE = 8
const string HIVE_FILTER_FIELD_OWNER = "hive_filter_field_owner__"
const string HIVE_FILTER_FIELD_PARAMS = "hive_filter_field_params__"
const string HIVE_FILTER_FIELD_LAST_ACCESS = "hive_filter_field_last_access__"
const string HIVE_FILTER_FIELD_TABLE_NAME = "hive_filter_field_tableName__"
const string HIVE_FILTER_FIELD_TABLE_TYPE = "hive_filter_field_tableType__"
const string IS_ARCHIVED = "is_archived"
const string ORIGINAL_LOCATION = "original_location"
const string IS_IMMUTABLE = "immutable"
const string META_TABLE_COLUMNS = "columns"
const string META_TABLE_COLUMN_TYPES = "columns.types"
const string BUCKET_FIELD_NAME = "bucket_field_name"
const string BUCKET_COUNT = "bucket_count"
const string FIELD_TO_DIMENSION = "field_to_dimension"
const string IF_PURGE = "ifPurge"
const string META_TABLE_NAME = "name"
const string META_TABLE_DB = "db"
const string META_TABLE_LOCATION = "location"
const string META_TABLE_SERDE = "serde"
const string META_TABLE_PARTITION_COLUMNS = "partition_columns"
const string META_TABLE_PARTITION_COLUMN_TYPES = "partition_columns.types"
const string FILE_INPUT_FORMAT = "file.inputformat"
const string FILE_OUTPUT_FORMAT = "file.outputformat"
const string META_TABLE_STORAGE = "storage_handler"
const string TABLE_IS_TRANSACTIONAL = "transactional"
const string NO_AUTO_COMPACT = "no_auto_compaction"
const string TABLE_TRANSACTIONAL_PROPERTIES = "transactional_properties"
const string TABLE_BUCKETING_VERSION = "bucketing_version"
const string DRUID_CONFIG_PREFIX = "druid."
const string JDBC_CONFIG_PREFIX = "hive.sql."
const string TABLE_IS_CTAS = "created_with_ctas"
const string TABLE_IS_CTLT = "created_with_ctlt"
const string PARTITION_TRANSFORM_SPEC = "partition_transform_spec"
const string NO_CLEANUP = "no_cleanup"
const string CTAS_LEGACY_CONFIG = "create_table_as_external"
const string DEFAULT_TABLE_TYPE = "defaultTableType"
const string TXN_ID = "txnId"
const string WRITE_ID = "writeId"
const string EXPECTED_PARAMETER_KEY = "expected_parameter_key"
const string EXPECTED_PARAMETER_VALUE = "expected_parameter_value"

// ===========================================================================
// Exceptions
// ===========================================================================
// Every exception carries only a message.

// Generic metastore failure.
exception MetaException {
  1: optional string message,
}

exception UnknownTableException {
  1: optional string message,
}

exception UnknownDBException {
  1: optional string message,
}

exception AlreadyExistsException {
  1: optional string message,
}

exception InvalidObjectException {
  1: optional string message,
}

exception NoSuchObjectException {
  1: optional string message,
}

exception InvalidOperationException {
  1: optional string message,
}

// get_config_value: key outside the allowed prefixes.
exception ConfigValSecurityException {
  1: optional string message,
}

exception InvalidInputException {
  1: optional string message,
}

exception NoSuchTxnException {
  1: optional string message,
}

exception TxnAbortedException {
  1: optional string message,
}

exception TxnOpenException {
  1: optional string message,
}

exception NoSuchLockException {
  1: optional string message,
}

// ===========================================================================
// Shared building blocks
// ===========================================================================

// One column: name, type string and comment.
struct FieldSchema {
  1: optional string name,
  2: optional string type,
  3: optional string comment,
}

// Free-form properties passed to create/alter/drop calls for hooks.
struct EnvironmentContext {
  1: optional map<string, string> properties,
}

struct PrivilegeGrantInfo {
  1: optional string privilege,
  2: i32 createTime,
  3: optional string grantor,
  4: PrincipalType grantorType,
  5: bool grantOption,
}

// Privileges keyed by user, group and role name.
struct PrincipalPrivilegeSet {
  1: optional map<string, list<PrivilegeGrantInfo>> userPrivileges,
  2: optional map<string, list<PrivilegeGrantInfo>> groupPrivileges,
  3: optional map<string, list<PrivilegeGrantInfo>> rolePrivileges,
}

// ===========================================================================
// Databases
// ===========================================================================

// A database (namespace for tables) as returned by get_database.
struct Database {
  1: optional string name,
  2: optional string description,
  3: optional string locationUri,
  4: optional map<string, string> parameters,
  5: optional PrincipalPrivilegeSet privileges,
  6: optional string ownerName,
  7: optional PrincipalType ownerType,
  8: optional string catalogName,
  9: optional i32 createTime,
  10: optional string managedLocationUri,
  11: optional DatabaseType type,
  12: optional string connector_name,
  13: optional string remote_dbname,
}

// Request forms of the database calls (Hive 4 clients prefer these).
struct GetDatabaseRequest {
  1: optional string name,
  2: optional string catalogName,
  3: optional list<string> processorCapabilities,
  4: optional string processorIdentifier,
}

struct CreateDatabaseRequest {
  1: required string databaseName,
  2: optional string description,
  3: optional string locationUri,
  4: optional map<string, string> parameters,
  5: optional PrincipalPrivilegeSet privileges,
  6: optional string ownerName,
  7: optional PrincipalType ownerType,
  8: optional string catalogName,
  9: optional i32 createTime,
  10: optional string managedLocationUri,
  11: optional DatabaseType type,
  12: optional string dataConnectorName,
  13: optional string remote_dbname,
}

struct AlterDatabaseRequest {
  1: required string oldDbName,
  2: required Database newDb,
}

struct DropDatabaseRequest {
  1: required string name,
  2: optional string catalogName,
  3: required bool ignoreUnknownDb,
  4: required bool deleteData,
  5: required bool cascade,
  6: optional bool softDelete = false,
  7: optional i64 txnId = 0,
  8: optional bool deleteManagedDir = true,
}

// ===========================================================================
// Column statistics
// ===========================================================================

struct BooleanColumnStatsData {
  1: required i64 numTrues,
  2: required i64 numFalses,
  3: required i64 numNulls,
  4: optional binary bitVectors,
}

struct DoubleColumnStatsData {
  1: optional double lowValue,
  2: optional double highValue,
  3: required i64 numNulls,
  4: required i64 numDVs,
  5: optional binary bitVectors,
  6: optional binary histogram,
}

struct LongColumnStatsData {
  1: optional i64 lowValue,
  2: optional i64 highValue,
  3: required i64 numNulls,
  4: required i64 numDVs,
  5: optional binary bitVectors,
  6: optional binary histogram,
}

struct StringColumnStatsData {
  1: required i64 maxColLen,
  2: required double avgColLen,
  3: required i64 numNulls,
  4: required i64 numDVs,
  5: optional binary bitVectors,
}

struct BinaryColumnStatsData {
  1: required i64 maxColLen,
  2: required double avgColLen,
  3: required i64 numNulls,
  4: optional binary bitVectors,
}

// Unscaled big-endian two's complement value plus scale (field 3 is
// declared before field 1, as upstream does).
struct Decimal {
  3: required i16 scale,
  1: required binary unscaled,
}

struct DecimalColumnStatsData {
  1: optional Decimal lowValue,
  2: optional Decimal highValue,
  3: required i64 numNulls,
  4: required i64 numDVs,
  5: optional binary bitVectors,
  6: optional binary histogram,
}

struct Date {
  1: required i64 daysSinceEpoch,
}

struct DateColumnStatsData {
  1: optional Date lowValue,
  2: optional Date highValue,
  3: required i64 numNulls,
  4: required i64 numDVs,
  5: optional binary bitVectors,
  6: optional binary histogram,
}

struct Timestamp {
  1: required i64 secondsSinceEpoch,
}

struct TimestampColumnStatsData {
  1: optional Timestamp lowValue,
  2: optional Timestamp highValue,
  3: required i64 numNulls,
  4: required i64 numDVs,
  5: optional binary bitVectors,
  6: optional binary histogram,
}

// Exactly one member is set.
union ColumnStatisticsData {
  1: optional BooleanColumnStatsData booleanStats,
  2: optional LongColumnStatsData longStats,
  3: optional DoubleColumnStatsData doubleStats,
  4: optional StringColumnStatsData stringStats,
  5: optional BinaryColumnStatsData binaryStats,
  6: optional DecimalColumnStatsData decimalStats,
  7: optional DateColumnStatsData dateStats,
  8: optional TimestampColumnStatsData timestampStats,
}

struct ColumnStatisticsObj {
  1: required string colName,
  2: required string colType,
  3: required ColumnStatisticsData statsData,
}

struct ColumnStatisticsDesc {
  1: required bool isTblLevel,
  2: required string dbName,
  3: required string tableName,
  4: optional string partName,
  5: optional i64 lastAnalyzed,
  6: optional string catName,
}

// Statistics for some columns of one table or partition.
struct ColumnStatistics {
  1: required ColumnStatisticsDesc statsDesc,
  2: required list<ColumnStatisticsObj> statsObj,
  3: optional bool isStatsCompliant,
  4: optional string engine = "hive",
}

struct AggrStats {
  1: required list<ColumnStatisticsObj> colStats,
  2: required i64 partsFound,
  3: optional bool isStatsCompliant,
}

struct SetPartitionsStatsRequest {
  1: required list<ColumnStatistics> colStats,
  2: optional bool needMerge,
  3: optional i64 writeId = -1,
  4: optional string validWriteIdList,
  5: optional string engine = "hive",
}

struct SetPartitionsStatsResponse {
  1: required bool result,
}

struct TableStatsRequest {
  1: required string dbName,
  2: required string tblName,
  3: required list<string> colNames,
  4: optional string catName,
  5: optional string validWriteIdList,
  6: optional string engine = "hive",
  7: optional i64 id = -1,
}

struct TableStatsResult {
  1: required list<ColumnStatisticsObj> tableStats,
  2: optional bool isStatsCompliant,
}

struct PartitionsStatsRequest {
  1: required string dbName,
  2: required string tblName,
  3: required list<string> colNames,
  4: required list<string> partNames,
  5: optional string catName,
  6: optional string validWriteIdList,
  7: optional string engine = "hive",
}

struct PartitionsStatsResult {
  1: required map<string, list<ColumnStatisticsObj>> partStats,
  2: optional bool isStatsCompliant,
}

// ===========================================================================
// Tables
// ===========================================================================

struct SerDeInfo {
  1: optional string name,
  2: optional string serializationLib,
  3: optional map<string, string> parameters,
  4: optional string description,
  5: optional string serializerClass,
  6: optional string deserializerClass,
  7: optional SerdeType serdeType,
}

// Sort column; order is 1 for ascending, 0 for descending.
struct Order {
  1: optional string col,
  2: i32 order,
}

struct SkewedInfo {
  1: optional list<string> skewedColNames,
  2: optional list<list<string>> skewedColValues,
  3: optional map<list<string>, string> skewedColValueLocationMaps,
}

// Physical layout shared by tables and partitions.
struct StorageDescriptor {
  1: optional list<FieldSchema> cols,
  2: optional string location,
  3: optional string inputFormat,
  4: optional string outputFormat,
  5: bool compressed,
  6: i32 numBuckets,
  7: optional SerDeInfo serdeInfo,
  8: optional list<string> bucketCols,
  9: optional list<Order> sortCols,
  10: optional map<string, string> parameters,
  11: optional SkewedInfo skewedInfo,
  12: optional bool storedAsSubDirectories,
}

struct SQLPrimaryKey {
  1: optional string table_db,
  2: optional string table_name,
  3: optional string column_name,
  4: i32 key_seq,
  5: optional string pk_name,
  6: bool enable_cstr,
  7: bool validate_cstr,
  8: bool rely_cstr,
  9: optional string catName,
}

struct SQLForeignKey {
  1: optional string pktable_db,
  2: optional string pktable_name,
  3: optional string pkcolumn_name,
  4: optional string fktable_db,
  5: optional string fktable_name,
  6: optional string fkcolumn_name,
  7: i32 key_seq,
  8: i32 update_rule,
  9: i32 delete_rule,
  10: optional string fk_name,
  11: optional string pk_name,
  12: bool enable_cstr,
  13: bool validate_cstr,
  14: bool rely_cstr,
  15: optional string catName,
}

struct SQLUniqueConstraint {
  1: optional string catName,
  2: optional string table_db,
  3: optional string table_name,
  4: optional string column_name,
  5: i32 key_seq,
  6: optional string uk_name,
  7: bool enable_cstr,
  8: bool validate_cstr,
  9: bool rely_cstr,
}

struct SQLNotNullConstraint {
  1: optional string catName,
  2: optional string table_db,
  3: optional string table_name,
  4: optional string column_name,
  5: optional string nn_name,
  6: bool enable_cstr,
  7: bool validate_cstr,
  8: bool rely_cstr,
}

struct SQLDefaultConstraint {
  1: optional string catName,
  2: optional string table_db,
  3: optional string table_name,
  4: optional string column_name,
  5: optional string default_value,
  6: optional string dc_name,
  7: bool enable_cstr,
  8: bool validate_cstr,
  9: bool rely_cstr,
}

struct SQLCheckConstraint {
  1: optional string catName,
  2: optional string table_db,
  3: optional string table_name,
  4: optional string column_name,
  5: optional string check_expression,
  6: optional string dc_name,
  7: bool enable_cstr,
  8: bool validate_cstr,
  9: bool rely_cstr,
}

// Materialized view bookkeeping.  SourceTable is declared after Table,
// which it contains; Thrift accepts the forward reference.
struct CreationMetadata {
  1: required string catName,
  2: required string dbName,
  3: required string tblName,
  4: required set<string> tablesUsed,
  5: optional string validTxnList,
  6: optional i64 materializationTime,
  7: optional list<SourceTable> sourceTables,
}

struct FileMetadata {
  1: i8 type = 1,
  2: i8 version = 1,
  3: optional list<binary> data,
}

struct ObjectDictionary {
  1: required map<string, list<binary>> values,
}

// A table, view or materialized view.
struct Table {
  1: optional string tableName,
  2: optional string dbName,
  3: optional string owner,
  4: i32 createTime,
  5: i32 lastAccessTime,
  6: i32 retention,
  7: optional StorageDescriptor sd,
  8: optional list<FieldSchema> partitionKeys,
  9: optional map<string, string> parameters,
  10: optional string viewOriginalText,
  11: optional string viewExpandedText,
  12: optional string tableType,
  13: optional PrincipalPrivilegeSet privileges,
  14: optional bool temporary = false,
  15: optional bool rewriteEnabled,
  16: optional CreationMetadata creationMetadata,
  17: optional string catName,
  18: optional PrincipalType ownerType = PrincipalType.USER,
  19: optional i64 writeId = -1,
  20: optional bool isStatsCompliant,
  21: optional ColumnStatistics colStats,
  22: optional i8 accessType,
  23: optional list<string> requiredReadCapabilities,
  24: optional list<string> requiredWriteCapabilities,
  25: optional i64 id,
  26: optional FileMetadata fileMetadata,
  27: optional ObjectDictionary dictionary,
  28: optional i64 txnId,
}

struct SourceTable {
  1: required Table table,
  2: required i64 insertedCount,
  3: required i64 updatedCount,
  4: required i64 deletedCount,
}

// One row of get_table_meta.
struct TableMeta {
  1: required string dbName,
  2: required string tableName,
  3: required string tableType,
  4: optional string comments,
  5: optional string catName,
  6: optional string ownerName,
  7: optional PrincipalType ownerType,
}

struct ClientCapabilities {
  1: required list<ClientCapability> values,
}

struct GetProjectionsSpec {
  1: optional list<string> fieldList,
  2: optional string includeParamKeyPattern,
  3: optional string excludeParamKeyPattern,
}

struct GetTableRequest {
  1: required string dbName,
  2: required string tblName,
  3: optional ClientCapabilities capabilities,
  4: optional string catName,
  6: optional string validWriteIdList,
  7: optional bool getColumnStats,
  8: optional list<string> processorCapabilities,
  9: optional string processorIdentifier,
  10: optional string engine = "hive",
  11: optional i64 id = -1,
}

struct GetTableResult {
  1: required Table table,
  2: optional bool isStatsCompliant,
}

struct GetTablesRequest {
  1: required string dbName,
  2: optional list<string> tblNames,
  3: optional ClientCapabilities capabilities,
  4: optional string catName,
  5: optional list<string> processorCapabilities,
  6: optional string processorIdentifier,
  7: optional GetProjectionsSpec projectionSpec,
  8: optional string tablesPattern,
}

struct GetTablesResult {
  1: required list<Table> tables,
}

struct CreateTableRequest {
  1: required Table table,
  2: optional EnvironmentContext envContext,
  3: optional list<SQLPrimaryKey> primaryKeys,
  4: optional list<SQLForeignKey> foreignKeys,
  5: optional list<SQLUniqueConstraint> uniqueConstraints,
  6: optional list<SQLNotNullConstraint> notNullConstraints,
  7: optional list<SQLDefaultConstraint> defaultConstraints,
  8: optional list<SQLCheckConstraint> checkConstraints,
  9: optional list<string> processorCapabilities,
  10: optional string processorIdentifier,
}

struct AlterTableRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tableName,
  4: required Table table,
  5: optional EnvironmentContext environmentContext,
  6: optional i64 writeId = -1,
  7: optional string validWriteIdList,
  8: optional list<string> processorCapabilities,
  9: optional string processorIdentifier,
  10: optional string expectedParameterKey,
  11: optional string expectedParameterValue,
}

struct AlterTableResponse {
}

struct TruncateTableRequest {
  1: required string dbName,
  2: required string tableName,
  3: optional list<string> partNames,
  4: optional i64 writeId = -1,
  5: optional string validWriteIdList,
  6: optional EnvironmentContext environmentContext,
}

struct TruncateTableResponse {
}

// Request forms of drop_table, get_fields and get_schema.
struct DropTableRequest {
  1: optional string catalogName,
  2: required string dbName,
  3: required string tableName,
  4: optional bool deleteData,
  5: optional EnvironmentContext envContext,
  6: optional bool dropPartitions,
}

struct GetFieldsRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tblName,
  4: optional EnvironmentContext envContext,
  5: optional string validWriteIdList,
  6: optional i64 id = -1,
}

struct GetFieldsResponse {
  1: required list<FieldSchema> fields,
}

struct GetSchemaRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tblName,
  4: optional EnvironmentContext envContext,
  5: optional string validWriteIdList,
  6: optional i64 id = -1,
}

struct GetSchemaResponse {
  1: required list<FieldSchema> fields,
}

// ===========================================================================
// Partitions
// ===========================================================================

// One partition; values are in partition-key order.
struct Partition {
  1: optional list<string> values,
  2: optional string dbName,
  3: optional string tableName,
  4: i32 createTime,
  5: i32 lastAccessTime,
  6: optional StorageDescriptor sd,
  7: optional map<string, string> parameters,
  8: optional PrincipalPrivilegeSet privileges,
  9: optional string catName,
  10: optional i64 writeId = -1,
  11: optional bool isStatsCompliant,
  12: optional ColumnStatistics colStats,
  13: optional FileMetadata fileMetadata,
}

struct AddPartitionsRequest {
  1: required string dbName,
  2: required string tblName,
  3: required list<Partition> parts,
  4: required bool ifNotExists,
  5: optional bool needResult = true,
  6: optional string catName,
  7: optional string validWriteIdList,
  8: optional bool skipColumnSchemaForPartition,
  9: optional list<FieldSchema> partitionColSchema,
  10: optional EnvironmentContext environmentContext,
}

struct AddPartitionsResult {
  1: optional list<Partition> partitions,
  2: optional bool isStatsCompliant,
  3: optional list<FieldSchema> partitionColSchema,
}

struct DropPartitionsExpr {
  1: required binary expr,
  2: optional i32 partArchiveLevel,
}

// Partitions to drop: by name or by serialized expression; exactly one member is set.
union RequestPartsSpec {
  1: optional list<string> names,
  2: optional list<DropPartitionsExpr> exprs,
}

struct DropPartitionsRequest {
  1: required string dbName,
  2: required string tblName,
  3: required RequestPartsSpec parts,
  4: optional bool deleteData,
  5: optional bool ifExists = true,
  6: optional bool ignoreProtection,
  7: optional EnvironmentContext environmentContext,
  8: optional bool needResult = true,
  9: optional string catName,
  10: optional bool skipColumnSchemaForPartition,
}

struct DropPartitionsResult {
  1: optional list<Partition> partitions,
}

struct PartitionsByExprRequest {
  1: required string dbName,
  2: required string tblName,
  3: required binary expr,
  4: optional string defaultPartitionName,
  5: optional i16 maxParts = -1,
  6: optional string catName,
  7: optional string order,
  8: optional string validWriteIdList,
  9: optional i64 id = -1,
  10: optional bool skipColumnSchemaForPartition,
  11: optional string includeParamKeyPattern,
  12: optional string excludeParamKeyPattern,
}

struct PartitionsByExprResult {
  1: required list<Partition> partitions,
  2: required bool hasUnknownPartitions,
}

struct GetPartitionsByNamesRequest {
  1: required string db_name,
  2: required string tbl_name,
  3: optional list<string> names,
  4: optional bool get_col_stats,
  5: optional list<string> processorCapabilities,
  6: optional string processorIdentifier,
  7: optional string engine = "hive",
  8: optional string validWriteIdList,
  9: optional bool getFileMetadata,
  10: optional i64 id = -1,
  11: optional bool skipColumnSchemaForPartition,
  12: optional string includeParamKeyPattern,
  13: optional string excludeParamKeyPattern,
}

struct GetPartitionsByNamesResult {
  1: required list<Partition> partitions,
  2: optional ObjectDictionary dictionary,
}

struct AlterPartitionsRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tableName,
  4: required list<Partition> partitions,
  5: optional EnvironmentContext environmentContext,
  6: optional i64 writeId = -1,
  7: optional string validWriteIdList,
  8: optional bool skipColumnSchemaForPartition,
  9: optional list<FieldSchema> partitionColSchema,
}

struct AlterPartitionsResponse {
}

struct AppendPartitionsRequest {
  1: optional string catalogName,
  2: required string dbName,
  3: required string tableName,
  4: optional string name,
  5: optional list<string> partVals,
  6: optional EnvironmentContext environmentContext,
}

struct DropPartitionRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tblName,
  4: optional string partName,
  5: optional list<string> partVals,
  6: optional bool deleteData,
  7: optional EnvironmentContext environmentContext,
}

struct GetPartitionRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tblName,
  4: required list<string> partVals,
  5: optional string validWriteIdList,
  6: optional i64 id = -1,
}

struct GetPartitionResponse {
  1: required Partition partition,
}

// maxParts -1: all.
struct PartitionsRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tblName,
  4: optional i16 maxParts = -1,
  5: optional string validWriteIdList,
  6: optional i64 id = -1,
  7: optional bool skipColumnSchemaForPartition,
  8: optional string includeParamKeyPattern,
  9: optional string excludeParamKeyPattern,
}

struct PartitionsResponse {
  1: required list<Partition> partitions,
}

struct GetPartitionNamesPsRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tblName,
  4: optional list<string> partValues,
  5: optional i16 maxParts = -1,
  6: optional string validWriteIdList,
  7: optional i64 id = -1,
}

struct GetPartitionNamesPsResponse {
  1: required list<string> names,
}

struct GetPartitionsByFilterRequest {
  1: optional string catName,
  2: optional string dbName,
  3: optional string tblName,
  4: optional string filter,
  5: optional i16 maxParts = -1,
  6: optional bool skipColumnSchemaForPartition,
  7: optional string includeParamKeyPattern,
  8: optional string excludeParamKeyPattern,
}

struct GetPartitionsPsWithAuthRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tblName,
  4: optional list<string> partVals,
  5: optional i16 maxParts = -1,
  6: optional string userName,
  7: optional list<string> groupNames,
  8: optional string validWriteIdList,
  9: optional i64 id = -1,
  10: optional bool skipColumnSchemaForPartition,
  11: optional string includeParamKeyPattern,
  12: optional string excludeParamKeyPattern,
  13: optional list<string> partNames,
}

struct GetPartitionsPsWithAuthResponse {
  1: required list<Partition> partitions,
}

struct RenamePartitionRequest {
  1: optional string catName,
  2: required string dbName,
  3: required string tableName,
  4: required list<string> partVals,
  5: required Partition newPart,
  6: optional string validWriteIdList,
  7: optional i64 txnId,
  8: optional bool clonePart,
}

struct RenamePartitionResponse {
}

// ===========================================================================
// Transactions and locks
// ===========================================================================

struct OpenTxnRequest {
  1: required i32 num_txns,
  2: required string user,
  3: required string hostname,
  4: optional string agentInfo = "Unknown",
  5: optional string replPolicy,
  6: optional list<i64> replSrcTxnIds,
  7: optional TxnType txn_type = TxnType.DEFAULT,
}

struct OpenTxnsResponse {
  1: required list<i64> txn_ids,
}

struct AbortTxnRequest {
  1: required i64 txnid,
  2: optional string replPolicy,
  3: optional TxnType txn_type,
  4: optional i64 errorCode,
}

struct CommitTxnKeyValue {
  1: required i64 tableId,
  2: required string key,
  3: required string value,
}

struct WriteEventInfo {
  1: required i64 writeId,
  2: required string database,
  3: required string table,
  4: required string files,
  5: optional string partition,
  6: optional string tableObj,
  7: optional string partitionObj,
}

struct ReplLastIdInfo {
  1: required string database,
  2: required i64 lastReplId,
  3: optional string table,
  4: optional string catalog,
  5: optional list<string> partitionList,
}

struct CommitTxnRequest {
  1: required i64 txnid,
  2: optional string replPolicy,
  3: optional list<WriteEventInfo> writeEventInfos,
  4: optional ReplLastIdInfo replLastIdInfo,
  5: optional CommitTxnKeyValue keyValue,
  6: optional bool exclWriteEnabled = true,
  7: optional TxnType txn_type,
}

// fullTableNames are "<db>.<table>".
struct GetValidWriteIdsRequest {
  1: required list<string> fullTableNames,
  2: optional string validTxnList,
  3: optional i64 writeId,
}

struct TableValidWriteIds {
  1: required string fullTableName,
  2: required i64 writeIdHighWaterMark,
  3: required list<i64> invalidWriteIds,
  4: optional i64 minOpenWriteId,
  5: required binary abortedBits,
}

struct GetValidWriteIdsResponse {
  1: required list<TableValidWriteIds> tblValidWriteIds,
}

struct TxnToWriteId {
  1: required i64 txnId,
  2: required i64 writeId,
}

struct AllocateTableWriteIdsRequest {
  1: required string dbName,
  2: required string tableName,
  3: optional list<i64> txnIds,
  4: optional string replPolicy,
  5: optional list<TxnToWriteId> srcTxnToWriteIdList,
  6: optional bool reallocate = false,
}

struct AllocateTableWriteIdsResponse {
  1: required list<TxnToWriteId> txnToWriteIds,
}

struct LockComponent {
  1: required LockType type,
  2: required LockLevel level,
  3: required string dbname,
  4: optional string tablename,
  5: optional string partitionname,
  6: optional DataOperationType operationType = DataOperationType.UNSET,
  7: optional bool isTransactional = false,
  8: optional bool isDynamicPartitionWrite = false,
}

// lock(): all components are acquired together or not at all.
struct LockRequest {
  1: required list<LockComponent> component,
  2: optional i64 txnid,
  3: required string user,
  4: required string hostname,
  5: optional string agentInfo = "Unknown",
  6: optional bool zeroWaitReadEnabled = false,
  7: optional bool exclusiveCTAS = false,
  8: optional bool locklessReadsEnabled = false,
}

struct LockResponse {
  1: required i64 lockid,
  2: required LockState state,
  3: optional string errorMessage,
}

struct CheckLockRequest {
  1: required i64 lockid,
  2: optional i64 txnid,
  3: optional i64 elapsed_ms,
}

struct UnlockRequest {
  1: required i64 lockid,
}

struct HeartbeatRequest {
  1: optional i64 lockid,
  2: optional i64 txnid,
}

// ===========================================================================
// Notification log
// ===========================================================================

struct NotificationEventRequest {
  1: required i64 lastEvent,
  2: optional i32 maxEvents,
  3: optional list<string> eventTypeSkipList,
  4: optional string catName,
  5: optional string dbName,
  6: optional list<string> tableNames,
}

// One entry of the notification log (message is serialized JSON).
struct NotificationEvent {
  1: required i64 eventId,
  2: required i32 eventTime,
  3: required string eventType,
  4: optional string dbName,
  5: optional string tableName,
  6: required string message,
  7: optional string messageFormat,
  8: optional string catName,
}

struct NotificationEventResponse {
  1: required list<NotificationEvent> events,
}

struct CurrentNotificationEventId {
  1: required i64 eventId,
}

// ===========================================================================
// Service
// ===========================================================================
// Only the methods below are dispatched; anything else a client calls is
// answered with TApplicationException(UNKNOWN_METHOD).  Argument names follow
// upstream (they become parameter names in the generated C code).

service ThriftHiveMetastore extends fb303.FacebookService {

  // --- configuration and session -------------------------------------------

  string getMetaConf(1: string key)
      throws (1: MetaException o1)

  void setMetaConf(1: string key, 2: string value)
      throws (1: MetaException o1)

  // Returns defaultValue when the key is unknown.
  string get_config_value(1: string name, 2: string defaultValue)
      throws (1: ConfigValSecurityException o1)

  // Sent by clients right after connecting; returns the group names.
  list<string> set_ugi(1: string user_name, 2: list<string> group_names)
      throws (1: MetaException o1)

  // --- databases -----------------------------------------------------------

  void create_database(1: Database database)
      throws (1: AlreadyExistsException o1, 2: InvalidObjectException o2,
              3: MetaException o3)

  void create_database_req(1: CreateDatabaseRequest createDatabaseRequest)
      throws (1: AlreadyExistsException o1, 2: InvalidObjectException o2,
              3: MetaException o3)

  Database get_database(1: string name)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  Database get_database_req(1: GetDatabaseRequest request)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  void drop_database(1: string name, 2: bool deleteData, 3: bool cascade)
      throws (1: NoSuchObjectException o1, 2: InvalidOperationException o2,
              3: MetaException o3)

  void drop_database_req(1: DropDatabaseRequest req)
      throws (1: NoSuchObjectException o1, 2: InvalidOperationException o2,
              3: MetaException o3)

  // pattern: '*' matches any run of characters, '|' separates alternatives.
  list<string> get_databases(1: string pattern)
      throws (1: MetaException o1)

  list<string> get_all_databases()
      throws (1: MetaException o1)

  void alter_database(1: string dbname, 2: Database db)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  void alter_database_req(1: AlterDatabaseRequest alterDbReq)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  // --- tables (api_table.c) ------------------------------------------------

  void create_table(1: Table tbl)
      throws (1: AlreadyExistsException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: NoSuchObjectException o4)

  void create_table_with_environment_context(1: Table tbl,
                                             2: EnvironmentContext environment_context)
      throws (1: AlreadyExistsException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: NoSuchObjectException o4)

  void create_table_req(1: CreateTableRequest request)
      throws (1: AlreadyExistsException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: NoSuchObjectException o4)

  // Hive 4.0.0's legacy form, still called by Trino when get_table_req fails.
  Table get_table(1: string dbname, 2: string tbl_name)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  GetTableResult get_table_req(1: GetTableRequest req)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  // Hive 4.0.0's legacy form (no exceptions declared).
  list<Table> get_table_objects_by_name(1: string dbname, 2: list<string> tbl_names)

  GetTablesResult get_table_objects_by_name_req(1: GetTablesRequest req)
      throws (1: MetaException o1, 2: InvalidOperationException o2, 3: UnknownDBException o3)

  list<string> get_tables(1: string db_name, 2: string pattern)
      throws (1: MetaException o1)

  list<string> get_tables_by_type(1: string db_name, 2: string pattern, 3: string tableType)
      throws (1: MetaException o1)

  list<TableMeta> get_table_meta(1: string db_patterns, 2: string tbl_patterns,
                                 3: list<string> tbl_types)
      throws (1: MetaException o1)

  list<string> get_all_tables(1: string db_name)
      throws (1: MetaException o1)

  list<string> get_table_names_by_filter(1: string dbname, 2: string filter,
                                         3: i16 max_tables = -1)
      throws (1: MetaException o1, 2: InvalidOperationException o2, 3: UnknownDBException o3)

  list<FieldSchema> get_fields(1: string db_name, 2: string table_name)
      throws (1: MetaException o1, 2: UnknownTableException o2, 3: UnknownDBException o3)

  list<FieldSchema> get_fields_with_environment_context(1: string db_name, 2: string table_name,
                                                        3: EnvironmentContext environment_context)
      throws (1: MetaException o1, 2: UnknownTableException o2, 3: UnknownDBException o3)

  GetFieldsResponse get_fields_req(1: GetFieldsRequest req)
      throws (1: MetaException o1, 2: UnknownTableException o2, 3: UnknownDBException o3)

  list<FieldSchema> get_schema(1: string db_name, 2: string table_name)
      throws (1: MetaException o1, 2: UnknownTableException o2, 3: UnknownDBException o3)

  list<FieldSchema> get_schema_with_environment_context(1: string db_name, 2: string table_name,
                                                        3: EnvironmentContext environment_context)
      throws (1: MetaException o1, 2: UnknownTableException o2, 3: UnknownDBException o3)

  GetSchemaResponse get_schema_req(1: GetSchemaRequest req)
      throws (1: MetaException o1, 2: UnknownTableException o2, 3: UnknownDBException o3)

  void alter_table(1: string dbname, 2: string tbl_name, 3: Table new_tbl)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  void alter_table_with_environment_context(1: string dbname, 2: string tbl_name,
                                            3: Table new_tbl,
                                            4: EnvironmentContext environment_context)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  void alter_table_with_cascade(1: string dbname, 2: string tbl_name, 3: Table new_tbl,
                                4: bool cascade)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  AlterTableResponse alter_table_req(1: AlterTableRequest req)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  void drop_table(1: string dbname, 2: string name, 3: bool deleteData)
      throws (1: NoSuchObjectException o1, 2: MetaException o3)

  void drop_table_with_environment_context(1: string dbname, 2: string name, 3: bool deleteData,
                                           4: EnvironmentContext environment_context)
      throws (1: NoSuchObjectException o1, 2: MetaException o3)

  void drop_table_req(1: DropTableRequest dropTableReq)
      throws (1: NoSuchObjectException o1, 2: MetaException o3)

  void truncate_table(1: string dbName, 2: string tableName, 3: list<string> partNames)
      throws (1: MetaException o1)

  TruncateTableResponse truncate_table_req(1: TruncateTableRequest req)
      throws (1: MetaException o1)

  // --- partitions (api_partition.c) ----------------------------------------

  // Adding.  Values must match the table's partition keys; a location left
  // empty becomes the table's location + "/" + the escaped partition name.
  Partition add_partition(1: Partition new_part)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  Partition add_partition_with_environment_context(1: Partition new_part,
                                                   2: EnvironmentContext environment_context)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  // All or none, in one transaction; returns the number added.
  i32 add_partitions(1: list<Partition> new_parts)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  Partition append_partition(1: string db_name, 2: string tbl_name, 3: list<string> part_vals)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  AddPartitionsResult add_partitions_req(1: AddPartitionsRequest request)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  Partition append_partition_with_environment_context(1: string db_name, 2: string tbl_name,
                                                      3: list<string> part_vals,
                                                      4: EnvironmentContext environment_context)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  Partition append_partition_req(1: AppendPartitionsRequest appendPartitionsReq)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  Partition append_partition_by_name(1: string db_name, 2: string tbl_name, 3: string part_name)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  Partition append_partition_by_name_with_environment_context(1: string db_name, 2: string tbl_name,
                                                              3: string part_name,
                                                              4: EnvironmentContext environment_context)
      throws (1: InvalidObjectException o1, 2: AlreadyExistsException o2,
              3: MetaException o3)

  // Dropping: the partition with every row that depends on it.
  bool drop_partition(1: string db_name, 2: string tbl_name, 3: list<string> part_vals,
                      4: bool deleteData)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  bool drop_partition_with_environment_context(1: string db_name, 2: string tbl_name,
                                               3: list<string> part_vals, 4: bool deleteData,
                                               5: EnvironmentContext environment_context)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  bool drop_partition_req(1: DropPartitionRequest dropPartitionReq)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  bool drop_partition_by_name(1: string db_name, 2: string tbl_name, 3: string part_name,
                              4: bool deleteData)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  bool drop_partition_by_name_with_environment_context(1: string db_name, 2: string tbl_name,
                                                       3: string part_name, 4: bool deleteData,
                                                       5: EnvironmentContext environment_context)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  DropPartitionsResult drop_partitions_req(1: DropPartitionsRequest req)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  // Reading.  Lists are ordered by partition name.
  Partition get_partition(1: string db_name, 2: string tbl_name, 3: list<string> part_vals)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  GetPartitionResponse get_partition_req(1: GetPartitionRequest req)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  Partition get_partition_with_auth(1: string db_name, 2: string tbl_name,
                                    3: list<string> part_vals, 4: string user_name,
                                    5: list<string> group_names)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  Partition get_partition_by_name(1: string db_name, 2: string tbl_name, 3: string part_name)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  list<Partition> get_partitions(1: string db_name, 2: string tbl_name, 3: i16 max_parts = -1)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  PartitionsResponse get_partitions_req(1: PartitionsRequest req)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  list<Partition> get_partitions_with_auth(1: string db_name, 2: string tbl_name,
                                           3: i16 max_parts = -1, 4: string user_name,
                                           5: list<string> group_names)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  list<string> get_partition_names(1: string db_name, 2: string tbl_name, 3: i16 max_parts = -1)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  list<string> fetch_partition_names_req(1: PartitionsRequest partitionReq)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  // part_vals: one value per leading partition key, "" matching any value.
  list<Partition> get_partitions_ps(1: string db_name, 2: string tbl_name,
                                    3: list<string> part_vals, 4: i16 max_parts = -1)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  list<Partition> get_partitions_ps_with_auth(1: string db_name, 2: string tbl_name,
                                              3: list<string> part_vals, 4: i16 max_parts = -1,
                                              5: string user_name, 6: list<string> group_names)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  GetPartitionsPsWithAuthResponse get_partitions_ps_with_auth_req(1: GetPartitionsPsWithAuthRequest req)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  list<string> get_partition_names_ps(1: string db_name, 2: string tbl_name,
                                      3: list<string> part_vals, 4: i16 max_parts = -1)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  GetPartitionNamesPsResponse get_partition_names_ps_req(1: GetPartitionNamesPsRequest req)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  // filter: Hive's partition filter language (partition_filter.h).
  list<Partition> get_partitions_by_filter(1: string db_name, 2: string tbl_name,
                                           3: string filter, 4: i16 max_parts = -1)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  list<Partition> get_partitions_by_filter_req(1: GetPartitionsByFilterRequest req)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  i32 get_num_partitions_by_filter(1: string db_name, 2: string tbl_name, 3: string filter)
      throws (1: MetaException o1, 2: NoSuchObjectException o2)

  list<Partition> get_partitions_by_names(1: string db_name, 2: string tbl_name,
                                          3: list<string> names)
      throws (1: MetaException o1, 2: NoSuchObjectException o2,
              3: InvalidObjectException o3)

  GetPartitionsByNamesResult get_partitions_by_names_req(1: GetPartitionsByNamesRequest req)
      throws (1: MetaException o1, 2: NoSuchObjectException o2,
              3: InvalidObjectException o3)

  // Altering: the partition named by new_part's values is replaced by it.
  void alter_partition(1: string db_name, 2: string tbl_name, 3: Partition new_part)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  void alter_partitions(1: string db_name, 2: string tbl_name, 3: list<Partition> new_parts)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  void alter_partitions_with_environment_context(1: string db_name, 2: string tbl_name,
                                                 3: list<Partition> new_parts,
                                                 4: EnvironmentContext environment_context)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  AlterPartitionsResponse alter_partitions_req(1: AlterPartitionsRequest req)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  void alter_partition_with_environment_context(1: string db_name, 2: string tbl_name,
                                                3: Partition new_part,
                                                4: EnvironmentContext environment_context)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  // The partition with values part_vals takes new_part's values (and name).
  void rename_partition(1: string db_name, 2: string tbl_name, 3: list<string> part_vals,
                        4: Partition new_part)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  RenamePartitionResponse rename_partition_req(1: RenamePartitionRequest req)
      throws (1: InvalidOperationException o1, 2: MetaException o2)

  bool partition_name_has_valid_characters(1: list<string> part_vals, 2: bool throw_exception)
      throws (1: MetaException o1)

  // "k1=v1/k2=v2" to its values, unescaped, and to its key/value map.
  list<string> partition_name_to_vals(1: string part_name)
      throws (1: MetaException o1)

  map<string, string> partition_name_to_spec(1: string part_name)
      throws (1: MetaException o1)

  // --- column statistics (api_stats.c) -------------------------------------

  // Upserts the statistics of the named columns (per column and engine).
  bool update_table_column_statistics(1: ColumnStatistics stats_obj)
      throws (1: NoSuchObjectException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: InvalidInputException o4)

  bool update_partition_column_statistics(1: ColumnStatistics stats_obj)
      throws (1: NoSuchObjectException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: InvalidInputException o4)

  SetPartitionsStatsResponse update_table_column_statistics_req(1: SetPartitionsStatsRequest req)
      throws (1: NoSuchObjectException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: InvalidInputException o4)

  SetPartitionsStatsResponse update_partition_column_statistics_req(1: SetPartitionsStatsRequest req)
      throws (1: NoSuchObjectException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: InvalidInputException o4)

  // Statistics of the named columns that have some; others are absent.
  TableStatsResult get_table_statistics_req(1: TableStatsRequest request)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  PartitionsStatsResult get_partitions_statistics_req(1: PartitionsStatsRequest request)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  // Statistics aggregated over the named partitions.
  AggrStats get_aggr_stats_for(1: PartitionsStatsRequest request)
      throws (1: NoSuchObjectException o1, 2: MetaException o2)

  bool set_aggr_stats_for(1: SetPartitionsStatsRequest request)
      throws (1: NoSuchObjectException o1, 2: InvalidObjectException o2,
              3: MetaException o3, 4: InvalidInputException o4)

  bool delete_partition_column_statistics(1: string db_name, 2: string tbl_name,
                                          3: string part_name, 4: string col_name,
                                          5: string engine)
      throws (1: NoSuchObjectException o1, 2: MetaException o2,
              3: InvalidObjectException o3, 4: InvalidInputException o4)

  bool delete_table_column_statistics(1: string db_name, 2: string tbl_name,
                                      3: string col_name, 4: string engine)
      throws (1: NoSuchObjectException o1, 2: MetaException o2,
              3: InvalidObjectException o3, 4: InvalidInputException o4)
}
