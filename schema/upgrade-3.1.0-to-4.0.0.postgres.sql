-- ==========================================================================
-- hms metastore upgrade 3.1.0 -> 4.0.0 for PostgreSQL
--
-- Upgrades in place a metastore database at schema version 3.1.0 (Hive
-- 3.1.x) to schema version 4.0.0.  One step here does what upstream Apache
-- Hive does in five, and leaves the database exactly as the upstream chain
-- would (same columns and column order, names, indexes, constraints,
-- sequence and rows), including upstream's leftovers listed below:
--
--   standalone-metastore/metastore-server/src/main/sql/postgres/
--     upgrade-3.1.0-to-3.2.0.postgres.sql               d1460174d5322bcfb642b489dd250c59770f0551
--     upgrade-3.2.0-to-4.0.0-alpha-1.postgres.sql       1f49cb433151d60508ba0dd5042652a24c1b778b
--     upgrade-4.0.0-alpha-1-to-4.0.0-alpha-2.postgres.sql 98ef0c10003465df135aa68d77809376a1595fd5
--     upgrade-4.0.0-alpha-2-to-4.0.0-beta-1.postgres.sql  98ef0c10003465df135aa68d77809376a1595fd5
--     upgrade-4.0.0-beta-1-to-4.0.0.postgres.sql        6c074526ab8abcfd36b5c85941db61ed8a6966dc
--
-- Only 3.1.0 is accepted as a starting point: databases left at 3.2.0 or at
-- a 4.0.0 alpha/beta are not handled by this file.
--
-- How it is run: hms schematool checks that VERSION says 3.1.0, then sends
-- the whole file with one PQexec inside its own BEGIN/COMMIT; if anything
-- fails nothing is changed.  Plain SQL only: no psql meta-commands, no
-- BEGIN/COMMIT, no CONCURRENTLY, no functions.  Indexes are built while the
-- tables are locked; on a large metastore (millions of partitions or column
-- statistics) expect the upgrade to take a while and to block the server.
--
-- Where the result differs from a fresh 4.0.0 database (as upstream's does):
--   * the transaction tables keep the lower-case index and constraint names
--     they got in 3.1.0 (e.g. "txns_pkey", "tbl_to_txn_id_idx");
--   * "TXNS"."TXN_ID" draws from a sequence named "TXNS_TXN_ID_SEQ"
--     (MINVALUE 0), not from the serial's "TXNS_TXN_ID_seq";
--   * "KEY_CONSTRAINTS" gets a primary key named "CONSTRAINTS_PK" (upper
--     case) where a fresh schema has "constraints_pk";
--   * "DBS"."CTLG_NAME" stays nullable; "TAB_COL_STATS"/"PART_COL_STATS"
--     "ENGINE" are nullable; "PARTITION_PARAMS"."PARAM_VALUE" keeps a
--     DEFAULT NULL::varchar; columns added here come after the old ones.
-- ==========================================================================


-- --------------------------------------------------------------------------
-- Catalogs and databases
-- --------------------------------------------------------------------------

-- HIVE-21077: creation time of catalogs and databases.
ALTER TABLE "CTLGS" ADD COLUMN "CREATE_TIME" bigint;
ALTER TABLE "DBS" ADD COLUMN "CREATE_TIME" bigint;

-- HIVE-22995: managed location of a database.
ALTER TABLE "DBS" ADD COLUMN "DB_MANAGED_LOCATION_URI" varchar(4000);

-- HIVE-24396: data connectors, and remote databases reached through them.
CREATE TABLE "DATACONNECTORS" (
    "NAME"        varchar(128) NOT NULL,
    "TYPE"        varchar(32) NOT NULL,
    "URL"         varchar(4000) NOT NULL,
    "COMMENT"     varchar(256),
    "OWNER_NAME"  varchar(256),
    "OWNER_TYPE"  varchar(10),
    "CREATE_TIME" integer NOT NULL,
    CONSTRAINT "DATACONNECTORS_pkey" PRIMARY KEY ("NAME")
);

CREATE TABLE "DATACONNECTOR_PARAMS" (
    "NAME"        varchar(128) NOT NULL,
    "PARAM_KEY"   varchar(180) NOT NULL,
    "PARAM_VALUE" varchar(4000),
    CONSTRAINT "DATACONNECTOR_PARAMS_pkey" PRIMARY KEY ("NAME", "PARAM_KEY"),
    CONSTRAINT "DATACONNECTOR_NAME_FK1" FOREIGN KEY ("NAME")
        REFERENCES "DATACONNECTORS"("NAME") ON DELETE CASCADE
);

-- Existing databases become NATIVE through the column default.
ALTER TABLE "DBS" ADD COLUMN "TYPE" varchar(32) NOT NULL DEFAULT 'NATIVE';
ALTER TABLE "DBS" ADD COLUMN "DATACONNECTOR_NAME" varchar(128);
ALTER TABLE "DBS" ADD COLUMN "REMOTE_DBNAME" varchar(128);

CREATE TABLE "DC_PRIVS" (
    "DC_GRANT_ID"    bigint NOT NULL,
    "CREATE_TIME"    bigint NOT NULL,
    "NAME"           varchar(128),
    "GRANT_OPTION"   smallint NOT NULL,
    "GRANTOR"        varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"   varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_NAME" varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE" varchar(128) DEFAULT NULL::varchar,
    "DC_PRIV"        varchar(128) DEFAULT NULL::varchar,
    "AUTHORIZER"     varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "DC_PRIVS_pkey" PRIMARY KEY ("DC_GRANT_ID"),
    CONSTRAINT "DCPRIVILEGEINDEX" UNIQUE ("AUTHORIZER", "NAME", "PRINCIPAL_NAME",
        "PRINCIPAL_TYPE", "DC_PRIV", "GRANTOR", "GRANTOR_TYPE"),
    CONSTRAINT "DC_PRIVS_DC_ID_fkey" FOREIGN KEY ("NAME")
        REFERENCES "DATACONNECTORS"("NAME") DEFERRABLE
);
CREATE INDEX "DC_PRIVS_N49" ON "DC_PRIVS" ("NAME");


-- --------------------------------------------------------------------------
-- Tables, partitions, storage descriptors
-- --------------------------------------------------------------------------

-- HIVE-19416: write id of the last change to a table or partition.
ALTER TABLE "TBLS" ADD COLUMN "WRITE_ID" bigint DEFAULT 0;
ALTER TABLE "PARTITIONS" ADD COLUMN "WRITE_ID" bigint DEFAULT 0;

-- HIVE-20221: partition parameter values become unbounded text.  (The
-- column keeps its old DEFAULT NULL::varchar, as upstream's does.)
ALTER TABLE "PARTITION_PARAMS"
    ALTER COLUMN "PARAM_VALUE" TYPE text USING "PARAM_VALUE"::text;

-- HIVE-27827: the unique key of a partition leads with the table id, which
-- makes the separate index on TBL_ID redundant.
ALTER TABLE "PARTITIONS" DROP CONSTRAINT "UNIQUEPARTITION";
ALTER TABLE "PARTITIONS" ADD CONSTRAINT "UNIQUEPARTITION" UNIQUE ("TBL_ID", "PART_NAME");
DROP INDEX "PARTITIONS_N49";

-- HIVE-24911: index on the column descriptor of storage descriptors.
CREATE INDEX "SDS_N50" ON "SDS" ("CD_ID");

-- HIVE-24770: MultiDelimitSerDe moved out of hive-contrib.
UPDATE "SERDES"
   SET "SLIB" = 'org.apache.hadoop.hive.serde2.MultiDelimitSerDe'
 WHERE "SLIB" = 'org.apache.hadoop.hive.contrib.serde2.MultiDelimitSerDe';

-- HIVE-27457: Kudu tables get the input/output formats and SerDe of the
-- Kudu storage handler.
UPDATE "SDS"
   SET "INPUT_FORMAT" = 'org.apache.hadoop.hive.kudu.KuduInputFormat',
       "OUTPUT_FORMAT" = 'org.apache.hadoop.hive.kudu.KuduOutputFormat'
 WHERE "SD_ID" IN (SELECT t."SD_ID"
                     FROM "TBLS" t
                     JOIN "TABLE_PARAMS" p ON p."TBL_ID" = t."TBL_ID"
                    WHERE p."PARAM_VALUE" LIKE '%KuduStorageHandler%');
UPDATE "SERDES"
   SET "SLIB" = 'org.apache.hadoop.hive.kudu.KuduSerDe'
 WHERE "SERDE_ID" IN (SELECT s."SERDE_ID"
                        FROM "TBLS" t
                        JOIN "SDS" s ON s."SD_ID" = t."SD_ID"
                        JOIN "TABLE_PARAMS" p ON p."TBL_ID" = t."TBL_ID"
                       WHERE p."PARAM_VALUE" LIKE '%KuduStorageHandler%');

-- HIVE-24815: Hive indexes are gone.
DROP TABLE IF EXISTS "INDEX_PARAMS";
DROP TABLE IF EXISTS "IDXS";

-- HIVE-22728: the primary key of table constraints includes the parent
-- table.  (Upstream quotes the new name here but not in its fresh schema.)
ALTER TABLE "KEY_CONSTRAINTS" DROP CONSTRAINT "KEY_CONSTRAINTS_pkey";
ALTER TABLE "KEY_CONSTRAINTS"
    ADD CONSTRAINT "CONSTRAINTS_PK" PRIMARY KEY ("PARENT_TBL_ID", "CONSTRAINT_NAME", "POSITION");

-- HIVE-25656: materialized views count the changes of the tables they use.
ALTER TABLE "MV_TABLES_USED" ADD COLUMN "INSERTED_COUNT" bigint NOT NULL DEFAULT 0;
ALTER TABLE "MV_TABLES_USED" ADD COLUMN "UPDATED_COUNT" bigint NOT NULL DEFAULT 0;
ALTER TABLE "MV_TABLES_USED" ADD COLUMN "DELETED_COUNT" bigint NOT NULL DEFAULT 0;
ALTER TABLE "MV_TABLES_USED"
    ADD CONSTRAINT "MV_TABLES_USED_PK" PRIMARY KEY ("TBL_ID", "MV_CREATION_METADATA_ID");


-- --------------------------------------------------------------------------
-- Column statistics
-- --------------------------------------------------------------------------

-- HIVE-22046: statistics are kept per engine; existing ones are Hive's.
ALTER TABLE "TAB_COL_STATS" ADD COLUMN "ENGINE" varchar(128);
UPDATE "TAB_COL_STATS" SET "ENGINE" = 'hive' WHERE "ENGINE" IS NULL;
ALTER TABLE "PART_COL_STATS" ADD COLUMN "ENGINE" varchar(128);
UPDATE "PART_COL_STATS" SET "ENGINE" = 'hive' WHERE "ENGINE" IS NULL;

-- HIVE-26221: histograms.
ALTER TABLE "TAB_COL_STATS" ADD COLUMN "HISTOGRAM" bytea;
ALTER TABLE "PART_COL_STATS" ADD COLUMN "HISTOGRAM" bytea;

-- HIVE-27165: lookup indexes lead with the database and table names.
DROP INDEX "TAB_COL_STATS_IDX";
CREATE INDEX "TAB_COL_STATS_IDX"
    ON "TAB_COL_STATS" ("DB_NAME", "TABLE_NAME", "COLUMN_NAME", "CAT_NAME");
DROP INDEX "PCS_STATS_IDX";
CREATE INDEX "PCS_STATS_IDX"
    ON "PART_COL_STATS" ("DB_NAME", "TABLE_NAME", "COLUMN_NAME", "PARTITION_NAME", "CAT_NAME");


-- --------------------------------------------------------------------------
-- Notifications, replication, properties
-- --------------------------------------------------------------------------

-- HIVE-21063: event ids are unique.
CREATE UNIQUE INDEX "NOTIFICATION_LOG_EVENT_ID" ON "NOTIFICATION_LOG" ("EVENT_ID");

-- HIVE-26324: the notification sequence holds exactly one row.
ALTER TABLE "NOTIFICATION_SEQUENCE"
    ADD CONSTRAINT "ONE_ROW_CONSTRAINT" CHECK ("NNI_ID" = 1);

-- HIVE-19267: files written by transactions, for replication.
CREATE TABLE "TXN_WRITE_NOTIFICATION_LOG" (
    "WNL_ID"            bigint NOT NULL,
    "WNL_TXNID"         bigint NOT NULL,
    "WNL_WRITEID"       bigint NOT NULL,
    "WNL_DATABASE"      varchar(128) NOT NULL,
    "WNL_TABLE"         varchar(256) NOT NULL,
    "WNL_PARTITION"     varchar(767) NOT NULL,
    "WNL_TABLE_OBJ"     text NOT NULL,
    "WNL_PARTITION_OBJ" text,
    "WNL_FILES"         text,
    "WNL_EVENT_TIME"    integer NOT NULL,
    CONSTRAINT "TXN_WRITE_NOTIFICATION_LOG_pkey"
        PRIMARY KEY ("WNL_TXNID", "WNL_DATABASE", "WNL_TABLE", "WNL_PARTITION")
);
INSERT INTO "SEQUENCE_TABLE" ("SEQUENCE_NAME", "NEXT_VAL")
    VALUES ('org.apache.hadoop.hive.metastore.model.MTxnWriteNotificationLog', 1);

-- Replication metrics (final shape of several upstream changes).
CREATE TABLE "REPLICATION_METRICS" (
    "RM_SCHEDULED_EXECUTION_ID" bigint NOT NULL,
    "RM_POLICY"                 varchar(256) NOT NULL,
    "RM_DUMP_EXECUTION_ID"      bigint NOT NULL,
    "RM_METADATA"               varchar(4000),
    "RM_PROGRESS"               varchar(10000),
    "RM_START_TIME"             integer NOT NULL,
    "MESSAGE_FORMAT"            varchar(16) DEFAULT 'json-0.2',
    CONSTRAINT "REPLICATION_METRICS_pkey" PRIMARY KEY ("RM_SCHEDULED_EXECUTION_ID")
);
CREATE INDEX "POLICY_IDX" ON "REPLICATION_METRICS" ("RM_POLICY");
CREATE INDEX "DUMP_IDX" ON "REPLICATION_METRICS" ("RM_DUMP_EXECUTION_ID");

-- HIVE-27186: binary property values.
ALTER TABLE "METASTORE_DB_PROPERTIES" ADD COLUMN "PROPERTYCONTENT" bytea;


-- --------------------------------------------------------------------------
-- Workload management
-- --------------------------------------------------------------------------

-- HIVE-20793: resource plans live in a namespace.
ALTER TABLE "WM_RESOURCEPLAN" ADD COLUMN "NS" varchar(128);
UPDATE "WM_RESOURCEPLAN" SET "NS" = 'default' WHERE "NS" IS NULL;
ALTER TABLE "WM_RESOURCEPLAN" DROP CONSTRAINT "UNIQUE_WM_RESOURCEPLAN";
ALTER TABLE "WM_RESOURCEPLAN" ADD CONSTRAINT "UNIQUE_WM_RESOURCEPLAN" UNIQUE ("NS", "NAME");


-- --------------------------------------------------------------------------
-- Scheduled queries, stored procedures and packages
-- --------------------------------------------------------------------------

-- Scheduled queries (HIVE-21884, HIVE-22872).  Upstream names these keys
-- and indexes without quotes, so they end up in lower case.
CREATE TABLE "SCHEDULED_QUERIES" (
    "SCHEDULED_QUERY_ID"  bigint NOT NULL,
    "CLUSTER_NAMESPACE"   varchar(256),
    "ENABLED"             boolean NOT NULL,
    "NEXT_EXECUTION"      integer,
    "QUERY"               varchar(4000),
    "SCHEDULE"            varchar(256),
    "SCHEDULE_NAME"       varchar(256),
    "USER"                varchar(256),
    "ACTIVE_EXECUTION_ID" bigint,
    CONSTRAINT "scheduled_queries_pk" PRIMARY KEY ("SCHEDULED_QUERY_ID")
);

CREATE TABLE "SCHEDULED_EXECUTIONS" (
    "SCHEDULED_EXECUTION_ID" bigint NOT NULL,
    "END_TIME"               integer,
    "ERROR_MESSAGE"          varchar(2000),
    "EXECUTOR_QUERY_ID"      varchar(256),
    "LAST_UPDATE_TIME"       integer,
    "SCHEDULED_QUERY_ID"     bigint,
    "START_TIME"             integer,
    "STATE"                  varchar(256),
    CONSTRAINT "scheduled_executions_pk" PRIMARY KEY ("SCHEDULED_EXECUTION_ID"),
    CONSTRAINT "scheduled_executions_schq_fk" FOREIGN KEY ("SCHEDULED_QUERY_ID")
        REFERENCES "SCHEDULED_QUERIES"("SCHEDULED_QUERY_ID") ON DELETE CASCADE
);
CREATE INDEX "idx_scheduled_executions_last_update_time"
    ON "SCHEDULED_EXECUTIONS" ("LAST_UPDATE_TIME");
CREATE INDEX "idx_scheduled_executions_scheduled_query_id"
    ON "SCHEDULED_EXECUTIONS" ("SCHEDULED_QUERY_ID");
CREATE UNIQUE INDEX "unique_scheduled_executions_id"
    ON "SCHEDULED_EXECUTIONS" ("SCHEDULED_EXECUTION_ID");

-- HPL/SQL stored procedures and packages.
CREATE TABLE "STORED_PROCS" (
    "SP_ID"       bigint NOT NULL,
    "CREATE_TIME" integer NOT NULL,
    "DB_ID"       bigint NOT NULL,
    "NAME"        varchar(256) NOT NULL,
    "OWNER_NAME"  varchar(128) NOT NULL,
    "SOURCE"      text NOT NULL,
    CONSTRAINT "STORED_PROCS_pkey" PRIMARY KEY ("SP_ID"),
    CONSTRAINT "STOREDPROC_FK1" FOREIGN KEY ("DB_ID") REFERENCES "DBS"("DB_ID") DEFERRABLE
);
CREATE UNIQUE INDEX "UNIQUESTOREDPROC" ON "STORED_PROCS" ("NAME", "DB_ID");

CREATE TABLE "PACKAGES" (
    "PKG_ID"      bigint NOT NULL,
    "CREATE_TIME" integer NOT NULL,
    "DB_ID"       bigint NOT NULL,
    "NAME"        varchar(256) NOT NULL,
    "OWNER_NAME"  varchar(128) NOT NULL,
    "HEADER"      text NOT NULL,
    "BODY"        text NOT NULL,
    CONSTRAINT "PACKAGES_pkey" PRIMARY KEY ("PKG_ID"),
    CONSTRAINT "PACKAGES_FK1" FOREIGN KEY ("DB_ID") REFERENCES "DBS"("DB_ID") DEFERRABLE
);
CREATE UNIQUE INDEX "UNIQUEPKG" ON "PACKAGES" ("NAME", "DB_ID");


-- --------------------------------------------------------------------------
-- Transaction, lock and compaction tables
--
-- HIVE-22546: these were created without quotes in 3.x, hence in lower case;
-- the 4.x server uses upper-case names.  Tables and columns are renamed;
-- their indexes and constraints keep their lower-case names.
-- --------------------------------------------------------------------------

ALTER TABLE "txns" RENAME TO "TXNS";
ALTER TABLE "TXNS" RENAME COLUMN "txn_id" TO "TXN_ID";
ALTER TABLE "TXNS" RENAME COLUMN "txn_state" TO "TXN_STATE";
ALTER TABLE "TXNS" RENAME COLUMN "txn_started" TO "TXN_STARTED";
ALTER TABLE "TXNS" RENAME COLUMN "txn_last_heartbeat" TO "TXN_LAST_HEARTBEAT";
ALTER TABLE "TXNS" RENAME COLUMN "txn_user" TO "TXN_USER";
ALTER TABLE "TXNS" RENAME COLUMN "txn_host" TO "TXN_HOST";
ALTER TABLE "TXNS" RENAME COLUMN "txn_agent_info" TO "TXN_AGENT_INFO";
ALTER TABLE "TXNS" RENAME COLUMN "txn_meta_info" TO "TXN_META_INFO";
ALTER TABLE "TXNS" RENAME COLUMN "txn_heartbeat_count" TO "TXN_HEARTBEAT_COUNT";
ALTER TABLE "TXNS" RENAME COLUMN "txn_type" TO "TXN_TYPE";

ALTER TABLE "txn_components" RENAME TO "TXN_COMPONENTS";
ALTER TABLE "TXN_COMPONENTS" RENAME COLUMN "tc_txnid" TO "TC_TXNID";
ALTER TABLE "TXN_COMPONENTS" RENAME COLUMN "tc_database" TO "TC_DATABASE";
ALTER TABLE "TXN_COMPONENTS" RENAME COLUMN "tc_table" TO "TC_TABLE";
ALTER TABLE "TXN_COMPONENTS" RENAME COLUMN "tc_partition" TO "TC_PARTITION";
ALTER TABLE "TXN_COMPONENTS" RENAME COLUMN "tc_operation_type" TO "TC_OPERATION_TYPE";
ALTER TABLE "TXN_COMPONENTS" RENAME COLUMN "tc_writeid" TO "TC_WRITEID";

ALTER TABLE "completed_txn_components" RENAME TO "COMPLETED_TXN_COMPONENTS";
ALTER TABLE "COMPLETED_TXN_COMPONENTS" RENAME COLUMN "ctc_txnid" TO "CTC_TXNID";
ALTER TABLE "COMPLETED_TXN_COMPONENTS" RENAME COLUMN "ctc_database" TO "CTC_DATABASE";
ALTER TABLE "COMPLETED_TXN_COMPONENTS" RENAME COLUMN "ctc_table" TO "CTC_TABLE";
ALTER TABLE "COMPLETED_TXN_COMPONENTS" RENAME COLUMN "ctc_partition" TO "CTC_PARTITION";
ALTER TABLE "COMPLETED_TXN_COMPONENTS" RENAME COLUMN "ctc_timestamp" TO "CTC_TIMESTAMP";
ALTER TABLE "COMPLETED_TXN_COMPONENTS" RENAME COLUMN "ctc_writeid" TO "CTC_WRITEID";
ALTER TABLE "COMPLETED_TXN_COMPONENTS" RENAME COLUMN "ctc_update_delete" TO "CTC_UPDATE_DELETE";

-- HIVE-23048: NEXT_TXN_ID is no longer a counter (TXNS has a sequence, see
-- below); the table survives as the row the server locks, TXN_LOCK_TBL.
ALTER TABLE "next_txn_id" RENAME TO "TXN_LOCK_TBL";
ALTER TABLE "TXN_LOCK_TBL" RENAME COLUMN "ntxn_next" TO "TXN_LOCK";

ALTER TABLE "hive_locks" RENAME TO "HIVE_LOCKS";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_lock_ext_id" TO "HL_LOCK_EXT_ID";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_lock_int_id" TO "HL_LOCK_INT_ID";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_txnid" TO "HL_TXNID";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_db" TO "HL_DB";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_table" TO "HL_TABLE";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_partition" TO "HL_PARTITION";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_lock_state" TO "HL_LOCK_STATE";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_lock_type" TO "HL_LOCK_TYPE";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_last_heartbeat" TO "HL_LAST_HEARTBEAT";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_acquired_at" TO "HL_ACQUIRED_AT";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_user" TO "HL_USER";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_host" TO "HL_HOST";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_heartbeat_count" TO "HL_HEARTBEAT_COUNT";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_agent_info" TO "HL_AGENT_INFO";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_blockedby_ext_id" TO "HL_BLOCKEDBY_EXT_ID";
ALTER TABLE "HIVE_LOCKS" RENAME COLUMN "hl_blockedby_int_id" TO "HL_BLOCKEDBY_INT_ID";

ALTER TABLE "next_lock_id" RENAME TO "NEXT_LOCK_ID";
ALTER TABLE "NEXT_LOCK_ID" RENAME COLUMN "nl_next" TO "NL_NEXT";

ALTER TABLE "txn_to_write_id" RENAME TO "TXN_TO_WRITE_ID";
ALTER TABLE "TXN_TO_WRITE_ID" RENAME COLUMN "t2w_txnid" TO "T2W_TXNID";
ALTER TABLE "TXN_TO_WRITE_ID" RENAME COLUMN "t2w_database" TO "T2W_DATABASE";
ALTER TABLE "TXN_TO_WRITE_ID" RENAME COLUMN "t2w_table" TO "T2W_TABLE";
ALTER TABLE "TXN_TO_WRITE_ID" RENAME COLUMN "t2w_writeid" TO "T2W_WRITEID";

ALTER TABLE "next_write_id" RENAME TO "NEXT_WRITE_ID";
ALTER TABLE "NEXT_WRITE_ID" RENAME COLUMN "nwi_database" TO "NWI_DATABASE";
ALTER TABLE "NEXT_WRITE_ID" RENAME COLUMN "nwi_table" TO "NWI_TABLE";
ALTER TABLE "NEXT_WRITE_ID" RENAME COLUMN "nwi_next" TO "NWI_NEXT";

ALTER TABLE "min_history_level" RENAME TO "MIN_HISTORY_LEVEL";
ALTER TABLE "MIN_HISTORY_LEVEL" RENAME COLUMN "mhl_txnid" TO "MHL_TXNID";
ALTER TABLE "MIN_HISTORY_LEVEL" RENAME COLUMN "mhl_min_open_txnid" TO "MHL_MIN_OPEN_TXNID";

ALTER TABLE "write_set" RENAME TO "WRITE_SET";
ALTER TABLE "WRITE_SET" RENAME COLUMN "ws_database" TO "WS_DATABASE";
ALTER TABLE "WRITE_SET" RENAME COLUMN "ws_table" TO "WS_TABLE";
ALTER TABLE "WRITE_SET" RENAME COLUMN "ws_partition" TO "WS_PARTITION";
ALTER TABLE "WRITE_SET" RENAME COLUMN "ws_txnid" TO "WS_TXNID";
ALTER TABLE "WRITE_SET" RENAME COLUMN "ws_commit_id" TO "WS_COMMIT_ID";
ALTER TABLE "WRITE_SET" RENAME COLUMN "ws_operation_type" TO "WS_OPERATION_TYPE";

ALTER TABLE "materialization_rebuild_locks" RENAME TO "MATERIALIZATION_REBUILD_LOCKS";
ALTER TABLE "MATERIALIZATION_REBUILD_LOCKS" RENAME COLUMN "mrl_txn_id" TO "MRL_TXN_ID";
ALTER TABLE "MATERIALIZATION_REBUILD_LOCKS" RENAME COLUMN "mrl_db_name" TO "MRL_DB_NAME";
ALTER TABLE "MATERIALIZATION_REBUILD_LOCKS" RENAME COLUMN "mrl_tbl_name" TO "MRL_TBL_NAME";
ALTER TABLE "MATERIALIZATION_REBUILD_LOCKS" RENAME COLUMN "mrl_last_heartbeat" TO "MRL_LAST_HEARTBEAT";

ALTER TABLE "compaction_queue" RENAME TO "COMPACTION_QUEUE";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_id" TO "CQ_ID";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_database" TO "CQ_DATABASE";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_table" TO "CQ_TABLE";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_partition" TO "CQ_PARTITION";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_state" TO "CQ_STATE";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_type" TO "CQ_TYPE";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_tblproperties" TO "CQ_TBLPROPERTIES";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_worker_id" TO "CQ_WORKER_ID";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_start" TO "CQ_START";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_run_as" TO "CQ_RUN_AS";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_highest_write_id" TO "CQ_HIGHEST_WRITE_ID";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_meta_info" TO "CQ_META_INFO";
ALTER TABLE "COMPACTION_QUEUE" RENAME COLUMN "cq_hadoop_job_id" TO "CQ_HADOOP_JOB_ID";

ALTER TABLE "next_compaction_queue_id" RENAME TO "NEXT_COMPACTION_QUEUE_ID";
ALTER TABLE "NEXT_COMPACTION_QUEUE_ID" RENAME COLUMN "ncq_next" TO "NCQ_NEXT";

ALTER TABLE "completed_compactions" RENAME TO "COMPLETED_COMPACTIONS";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_id" TO "CC_ID";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_database" TO "CC_DATABASE";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_table" TO "CC_TABLE";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_partition" TO "CC_PARTITION";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_state" TO "CC_STATE";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_type" TO "CC_TYPE";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_tblproperties" TO "CC_TBLPROPERTIES";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_worker_id" TO "CC_WORKER_ID";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_start" TO "CC_START";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_end" TO "CC_END";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_run_as" TO "CC_RUN_AS";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_highest_write_id" TO "CC_HIGHEST_WRITE_ID";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_meta_info" TO "CC_META_INFO";
ALTER TABLE "COMPLETED_COMPACTIONS" RENAME COLUMN "cc_hadoop_job_id" TO "CC_HADOOP_JOB_ID";

ALTER TABLE "aux_table" RENAME TO "AUX_TABLE";
ALTER TABLE "AUX_TABLE" RENAME COLUMN "mt_key1" TO "MT_KEY1";
ALTER TABLE "AUX_TABLE" RENAME COLUMN "mt_key2" TO "MT_KEY2";
ALTER TABLE "AUX_TABLE" RENAME COLUMN "mt_comment" TO "MT_COMMENT";

ALTER TABLE "repl_txn_map" RENAME TO "REPL_TXN_MAP";
ALTER TABLE "REPL_TXN_MAP" RENAME COLUMN "rtm_repl_policy" TO "RTM_REPL_POLICY";
ALTER TABLE "REPL_TXN_MAP" RENAME COLUMN "rtm_src_txn_id" TO "RTM_SRC_TXN_ID";
ALTER TABLE "REPL_TXN_MAP" RENAME COLUMN "rtm_target_txn_id" TO "RTM_TARGET_TXN_ID";

ALTER TABLE "runtime_stats" RENAME TO "RUNTIME_STATS";
ALTER TABLE "RUNTIME_STATS" RENAME COLUMN "rs_id" TO "RS_ID";
ALTER TABLE "RUNTIME_STATS" RENAME COLUMN "create_time" TO "CREATE_TIME";
ALTER TABLE "RUNTIME_STATS" RENAME COLUMN "weight" TO "WEIGHT";
ALTER TABLE "RUNTIME_STATS" RENAME COLUMN "payload" TO "PAYLOAD";

-- HIVE-23048: transaction ids come from a sequence.  A committed marker
-- transaction carrying the highest id seen so far seeds it, so that new ids
-- stay above everything already recorded.
INSERT INTO "TXNS" ("TXN_ID", "TXN_STATE", "TXN_STARTED", "TXN_LAST_HEARTBEAT",
                    "TXN_USER", "TXN_HOST")
    SELECT coalesce(max("CTC_TXNID"), 0), 'c', 0, 0, '', ''
      FROM "COMPLETED_TXN_COMPONENTS";
CREATE SEQUENCE "TXNS_TXN_ID_SEQ" MINVALUE 0 OWNED BY "TXNS"."TXN_ID";
SELECT setval('"TXNS_TXN_ID_SEQ"', (SELECT max("TXN_ID") FROM "TXNS"));
ALTER TABLE "TXNS" ALTER COLUMN "TXN_ID" SET DEFAULT nextval('"TXNS_TXN_ID_SEQ"');

-- HIVE-26049: table names in these tables may be 256 characters long.
ALTER TABLE "TXN_COMPONENTS" ALTER COLUMN "TC_TABLE" TYPE varchar(256);
ALTER TABLE "HIVE_LOCKS" ALTER COLUMN "HL_TABLE" TYPE varchar(256);
ALTER TABLE "WRITE_SET" ALTER COLUMN "WS_TABLE" TYPE varchar(256);
ALTER TABLE "COMPACTION_QUEUE" ALTER COLUMN "CQ_TABLE" TYPE varchar(256);
ALTER TABLE "COMPLETED_COMPACTIONS" ALTER COLUMN "CC_TABLE" TYPE varchar(256);

-- HIVE-26704: lowest write id still visible to an open transaction.
CREATE TABLE "MIN_HISTORY_WRITE_ID" (
    "MH_TXNID"    bigint NOT NULL,
    "MH_DATABASE" varchar(128) NOT NULL,
    "MH_TABLE"    varchar(256) NOT NULL,
    "MH_WRITEID"  bigint NOT NULL,
    CONSTRAINT "MIN_HISTORY_WRITE_ID_MH_TXNID_fkey" FOREIGN KEY ("MH_TXNID")
        REFERENCES "TXNS"("TXN_ID")
);

-- Compaction queue: new columns, in the order upstream adds them
-- (HIVE-22729, -23683, -23107, -24291, -24275, -24880, -25737, -25993,
-- -26443, -26719, -26735).
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_ERROR_MESSAGE" text;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_ENQUEUE_TIME" bigint;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_NEXT_TXN_ID" bigint;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_TXN_ID" bigint;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_COMMIT_TIME" bigint;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_INITIATOR_ID" varchar(128);
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_INITIATOR_VERSION" varchar(128);
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_WORKER_VERSION" varchar(128);
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_CLEANER_START" bigint;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_RETRY_RETENTION" bigint NOT NULL DEFAULT 0;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_POOL_NAME" varchar(128);
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_NUMBER_OF_BUCKETS" integer;
ALTER TABLE "COMPACTION_QUEUE" ADD COLUMN "CQ_ORDER_BY" varchar(4000);

-- Completed compactions: same story (HIVE-22729, -23683, -24880, -26280,
-- -26443, -26719, -26735), plus an index for the lookup by table
-- (HIVE-21487).
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_ERROR_MESSAGE" text;
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_ENQUEUE_TIME" bigint;
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_INITIATOR_ID" varchar(128);
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_INITIATOR_VERSION" varchar(128);
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_WORKER_VERSION" varchar(128);
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_NEXT_TXN_ID" bigint;
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_TXN_ID" bigint;
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_COMMIT_TIME" bigint;
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_POOL_NAME" varchar(128);
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_NUMBER_OF_BUCKETS" integer;
ALTER TABLE "COMPLETED_COMPACTIONS" ADD COLUMN "CC_ORDER_BY" varchar(4000);
CREATE INDEX "COMPLETED_COMPACTIONS_RES"
    ON "COMPLETED_COMPACTIONS" ("CC_DATABASE", "CC_TABLE", "CC_PARTITION");

-- HIVE-25842: cache of compaction metrics.
CREATE TABLE "COMPACTION_METRICS_CACHE" (
    "CMC_DATABASE"     varchar(128) NOT NULL,
    "CMC_TABLE"        varchar(256) NOT NULL,
    "CMC_PARTITION"    varchar(767),
    "CMC_METRIC_TYPE"  varchar(128) NOT NULL,
    "CMC_METRIC_VALUE" integer NOT NULL,
    "CMC_VERSION"      integer NOT NULL
);


-- --------------------------------------------------------------------------
-- Done: record the new version.
-- --------------------------------------------------------------------------
UPDATE "VERSION"
   SET "SCHEMA_VERSION" = '4.0.0', "VERSION_COMMENT" = 'Hive release version 4.0.0'
 WHERE "VER_ID" = 1;
