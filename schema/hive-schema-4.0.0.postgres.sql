-- ==========================================================================
-- hms metastore schema 4.0.0 for PostgreSQL
--
-- Creates, in an empty database, the metastore schema at version 4.0.0
-- (Hive 4.0.0 and 4.0.1):
-- the tables, constraints, indexes, sequences and initial rows that the
-- Java Hive metastore expects, so that the Java server and hms can share
-- the database.
--
-- Reproduces, in effect, the upstream Apache Hive script
--   standalone-metastore/metastore-server/src/main/sql/postgres/
--     hive-schema-4.0.0.postgres.sql
--   at commit 97d259535d940f38a153f2f0382e3a6d078c905f
-- Same tables, column names, types, nullability, defaults and column order,
-- same constraint and index names and definitions, same sequences and rows.
-- Written independently: tables are grouped by area, each with its keys,
-- foreign keys and indexes; only the resulting catalog is meant to match.
--
-- How it is run: hms schematool sends the whole file with one PQexec inside
-- its own BEGIN/COMMIT, so the file holds plain SQL statements only (no psql
-- meta-commands, no BEGIN/COMMIT).  It also loads with
--   psql -v ON_ERROR_STOP=1 -1 -f hive-schema-4.0.0.postgres.sql DBNAME
-- Objects are created in the first schema of the search_path, normally
-- "public" (upstream forces search_path = public; we leave it to the role).
-- Identifiers are quoted upper case exactly as the Java server queries them.
-- No string literal contains a backslash, so standard_conforming_strings
-- does not matter and is left alone.
--
-- Note on names: seven index/constraint names are lower case
-- ("constraints_pk", "tc_txnid_index", "hl_txnid_index",
-- "completed_txn_components_index", "unique_scheduled_executions_id",
-- "idx_scheduled_executions_last_update_time",
-- "idx_scheduled_executions_scheduled_query_id").  Upstream wrote them
-- without quotes and PostgreSQL folded them; they are kept folded here.
-- ==========================================================================

-- --------------------------------------------------------------------------
-- Schema version and DataNucleus bookkeeping
-- VERSION is read by the schema tools and by the server at start-up; the
-- others are used by DataNucleus (the Java ORM) and the metastore itself.
-- --------------------------------------------------------------------------

CREATE TABLE "VERSION" (
    "VER_ID"          bigint NOT NULL,
    "SCHEMA_VERSION"  varchar(127) NOT NULL,
    "VERSION_COMMENT" varchar(255) NOT NULL,
    CONSTRAINT "VERSION_pkey" PRIMARY KEY ("VER_ID")
);

CREATE TABLE "SEQUENCE_TABLE" (
    "SEQUENCE_NAME" varchar(255) NOT NULL,
    "NEXT_VAL"      bigint NOT NULL,
    CONSTRAINT "SEQUENCE_TABLE_pkey" PRIMARY KEY ("SEQUENCE_NAME")
);
INSERT INTO "SEQUENCE_TABLE" ("SEQUENCE_NAME", "NEXT_VAL")
    VALUES ('org.apache.hadoop.hive.metastore.model.MNotificationLog', 1);
INSERT INTO "SEQUENCE_TABLE" ("SEQUENCE_NAME", "NEXT_VAL")
    VALUES ('org.apache.hadoop.hive.metastore.model.MTxnWriteNotificationLog', 1);

CREATE TABLE "NUCLEUS_TABLES" (
    "CLASS_NAME"     varchar(128) NOT NULL,
    "TABLE_NAME"     varchar(128) NOT NULL,
    "TYPE"           varchar(4) NOT NULL,
    "OWNER"          varchar(2) NOT NULL,
    "VERSION"        varchar(20) NOT NULL,
    "INTERFACE_NAME" varchar(255) DEFAULT NULL::varchar,
    CONSTRAINT "NUCLEUS_TABLES_pkey" PRIMARY KEY ("CLASS_NAME")
);

CREATE TABLE "METASTORE_DB_PROPERTIES" (
    "PROPERTY_KEY"    varchar(255) NOT NULL,
    "PROPERTY_VALUE"  varchar(1000) NOT NULL,
    "DESCRIPTION"     varchar(1000),
    "PROPERTYCONTENT" bytea,
    CONSTRAINT "PROPERTY_KEY_PK" PRIMARY KEY ("PROPERTY_KEY")
);

-- --------------------------------------------------------------------------
-- Catalogs, databases and data connectors
-- --------------------------------------------------------------------------

CREATE TABLE "CTLGS" (
    "CTLG_ID"      bigint NOT NULL,
    "NAME"         varchar(256),
    "DESC"         varchar(4000),
    "LOCATION_URI" varchar(4000) NOT NULL,
    "CREATE_TIME"  bigint,
    CONSTRAINT "CTLGS_pkey" PRIMARY KEY ("CTLG_ID"),
    CONSTRAINT "CTLGS_NAME_key" UNIQUE ("NAME")
);
INSERT INTO "CTLGS" ("CTLG_ID", "NAME", "DESC", "LOCATION_URI", "CREATE_TIME")
    VALUES (1, 'hive', 'Default catalog for Hive', 'TBD', NULL);

CREATE TABLE "DBS" (
    "DB_ID"                   bigint NOT NULL,
    "DESC"                    varchar(4000) DEFAULT NULL::varchar,
    "DB_LOCATION_URI"         varchar(4000) NOT NULL,
    "NAME"                    varchar(128) DEFAULT NULL::varchar,
    "OWNER_NAME"              varchar(128) DEFAULT NULL::varchar,
    "OWNER_TYPE"              varchar(10) DEFAULT NULL::varchar,
    "CTLG_NAME"               varchar(256) NOT NULL DEFAULT 'hive',
    "CREATE_TIME"             bigint,
    "DB_MANAGED_LOCATION_URI" varchar(4000),
    "TYPE"                    varchar(32) NOT NULL DEFAULT 'NATIVE',
    "DATACONNECTOR_NAME"      varchar(128),
    "REMOTE_DBNAME"           varchar(128),
    CONSTRAINT "DBS_pkey" PRIMARY KEY ("DB_ID"),
    CONSTRAINT "UNIQUE_DATABASE" UNIQUE ("NAME", "CTLG_NAME"),
    CONSTRAINT "DBS_FK1" FOREIGN KEY ("CTLG_NAME") REFERENCES "CTLGS"("NAME")
);

CREATE TABLE "DATABASE_PARAMS" (
    "DB_ID"       bigint NOT NULL,
    "PARAM_KEY"   varchar(180) NOT NULL,
    "PARAM_VALUE" varchar(4000) DEFAULT NULL::varchar,
    CONSTRAINT "DATABASE_PARAMS_pkey" PRIMARY KEY ("DB_ID", "PARAM_KEY"),
    CONSTRAINT "DATABASE_PARAMS_DB_ID_fkey" FOREIGN KEY ("DB_ID")
        REFERENCES "DBS"("DB_ID") DEFERRABLE
);
CREATE INDEX "DATABASE_PARAMS_N49" ON "DATABASE_PARAMS" ("DB_ID");

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

-- --------------------------------------------------------------------------
-- Storage descriptors, columns and SerDes
-- --------------------------------------------------------------------------

CREATE TABLE "CDS" (
    "CD_ID" bigint NOT NULL,
    CONSTRAINT "CDS_pkey" PRIMARY KEY ("CD_ID")
);

CREATE TABLE "COLUMNS_V2" (
    "CD_ID"       bigint NOT NULL,
    "COMMENT"     varchar(4000),
    "COLUMN_NAME" varchar(767) NOT NULL,
    "TYPE_NAME"   text,
    "INTEGER_IDX" integer NOT NULL,
    CONSTRAINT "COLUMNS_V2_pkey" PRIMARY KEY ("CD_ID", "COLUMN_NAME"),
    CONSTRAINT "COLUMNS_V2_CD_ID_fkey" FOREIGN KEY ("CD_ID")
        REFERENCES "CDS"("CD_ID") DEFERRABLE
);

CREATE TABLE "SERDES" (
    "SERDE_ID"           bigint NOT NULL,
    "NAME"               varchar(128) DEFAULT NULL::varchar,
    "SLIB"               varchar(4000) DEFAULT NULL::varchar,
    "DESCRIPTION"        varchar(4000),
    "SERIALIZER_CLASS"   varchar(4000),
    "DESERIALIZER_CLASS" varchar(4000),
    "SERDE_TYPE"         integer,
    CONSTRAINT "SERDES_pkey" PRIMARY KEY ("SERDE_ID")
);

CREATE TABLE "SERDE_PARAMS" (
    "SERDE_ID"    bigint NOT NULL,
    "PARAM_KEY"   varchar(256) NOT NULL,
    "PARAM_VALUE" text,
    CONSTRAINT "SERDE_PARAMS_pkey" PRIMARY KEY ("SERDE_ID", "PARAM_KEY"),
    CONSTRAINT "SERDE_PARAMS_SERDE_ID_fkey" FOREIGN KEY ("SERDE_ID")
        REFERENCES "SERDES"("SERDE_ID") DEFERRABLE
);
CREATE INDEX "SERDE_PARAMS_N49" ON "SERDE_PARAMS" ("SERDE_ID");

CREATE TABLE "SDS" (
    "SD_ID"                     bigint NOT NULL,
    "INPUT_FORMAT"              varchar(4000) DEFAULT NULL::varchar,
    "IS_COMPRESSED"             boolean NOT NULL,
    "LOCATION"                  varchar(4000) DEFAULT NULL::varchar,
    "NUM_BUCKETS"               bigint NOT NULL,
    "OUTPUT_FORMAT"             varchar(4000) DEFAULT NULL::varchar,
    "SERDE_ID"                  bigint,
    "CD_ID"                     bigint,
    "IS_STOREDASSUBDIRECTORIES" boolean NOT NULL,
    CONSTRAINT "SDS_pkey" PRIMARY KEY ("SD_ID"),
    CONSTRAINT "SDS_CD_ID_fkey" FOREIGN KEY ("CD_ID")
        REFERENCES "CDS"("CD_ID") DEFERRABLE,
    CONSTRAINT "SDS_SERDE_ID_fkey" FOREIGN KEY ("SERDE_ID")
        REFERENCES "SERDES"("SERDE_ID") DEFERRABLE
);
CREATE INDEX "SDS_N49" ON "SDS" ("SERDE_ID");
CREATE INDEX "SDS_N50" ON "SDS" ("CD_ID");

CREATE TABLE "SD_PARAMS" (
    "SD_ID"       bigint NOT NULL,
    "PARAM_KEY"   varchar(256) NOT NULL,
    "PARAM_VALUE" text,
    CONSTRAINT "SD_PARAMS_pkey" PRIMARY KEY ("SD_ID", "PARAM_KEY"),
    CONSTRAINT "SD_PARAMS_SD_ID_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE
);
CREATE INDEX "SD_PARAMS_N49" ON "SD_PARAMS" ("SD_ID");

CREATE TABLE "BUCKETING_COLS" (
    "SD_ID"           bigint NOT NULL,
    "BUCKET_COL_NAME" varchar(256) DEFAULT NULL::varchar,
    "INTEGER_IDX"     bigint NOT NULL,
    CONSTRAINT "BUCKETING_COLS_pkey" PRIMARY KEY ("SD_ID", "INTEGER_IDX"),
    CONSTRAINT "BUCKETING_COLS_SD_ID_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE
);
CREATE INDEX "BUCKETING_COLS_N49" ON "BUCKETING_COLS" ("SD_ID");

CREATE TABLE "SORT_COLS" (
    "SD_ID"       bigint NOT NULL,
    "COLUMN_NAME" varchar(767) DEFAULT NULL::varchar,
    "ORDER"       bigint NOT NULL,
    "INTEGER_IDX" bigint NOT NULL,
    CONSTRAINT "SORT_COLS_pkey" PRIMARY KEY ("SD_ID", "INTEGER_IDX"),
    CONSTRAINT "SORT_COLS_SD_ID_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE
);
CREATE INDEX "SORT_COLS_N49" ON "SORT_COLS" ("SD_ID");

CREATE TABLE "SKEWED_STRING_LIST" (
    "STRING_LIST_ID" bigint NOT NULL,
    CONSTRAINT "SKEWED_STRING_LIST_pkey" PRIMARY KEY ("STRING_LIST_ID")
);

CREATE TABLE "SKEWED_STRING_LIST_VALUES" (
    "STRING_LIST_ID"    bigint NOT NULL,
    "STRING_LIST_VALUE" varchar(256) DEFAULT NULL::varchar,
    "INTEGER_IDX"       bigint NOT NULL,
    CONSTRAINT "SKEWED_STRING_LIST_VALUES_pkey" PRIMARY KEY ("STRING_LIST_ID", "INTEGER_IDX"),
    CONSTRAINT "SKEWED_STRING_LIST_VALUES_fkey" FOREIGN KEY ("STRING_LIST_ID")
        REFERENCES "SKEWED_STRING_LIST"("STRING_LIST_ID") DEFERRABLE
);

CREATE TABLE "SKEWED_COL_NAMES" (
    "SD_ID"           bigint NOT NULL,
    "SKEWED_COL_NAME" varchar(256) DEFAULT NULL::varchar,
    "INTEGER_IDX"     bigint NOT NULL,
    CONSTRAINT "SKEWED_COL_NAMES_pkey" PRIMARY KEY ("SD_ID", "INTEGER_IDX"),
    CONSTRAINT "SKEWED_COL_NAMES_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE
);

CREATE TABLE "SKEWED_COL_VALUE_LOC_MAP" (
    "SD_ID"              bigint NOT NULL,
    "STRING_LIST_ID_KID" bigint NOT NULL,
    "LOCATION"           varchar(4000) DEFAULT NULL::varchar,
    CONSTRAINT "SKEWED_COL_VALUE_LOC_MAP_pkey" PRIMARY KEY ("SD_ID", "STRING_LIST_ID_KID"),
    CONSTRAINT "SKEWED_COL_VALUE_LOC_MAP_fkey1" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE,
    CONSTRAINT "SKEWED_COL_VALUE_LOC_MAP_fkey2" FOREIGN KEY ("STRING_LIST_ID_KID")
        REFERENCES "SKEWED_STRING_LIST"("STRING_LIST_ID") DEFERRABLE
);

CREATE TABLE "SKEWED_VALUES" (
    "SD_ID_OID"          bigint NOT NULL,
    "STRING_LIST_ID_EID" bigint NOT NULL,
    "INTEGER_IDX"        bigint NOT NULL,
    CONSTRAINT "SKEWED_VALUES_pkey" PRIMARY KEY ("SD_ID_OID", "INTEGER_IDX"),
    CONSTRAINT "SKEWED_VALUES_fkey1" FOREIGN KEY ("STRING_LIST_ID_EID")
        REFERENCES "SKEWED_STRING_LIST"("STRING_LIST_ID") DEFERRABLE,
    CONSTRAINT "SKEWED_VALUES_fkey2" FOREIGN KEY ("SD_ID_OID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE
);

-- --------------------------------------------------------------------------
-- Tables, partitions and table constraints
-- --------------------------------------------------------------------------

CREATE TABLE "TBLS" (
    "TBL_ID"             bigint NOT NULL,
    "CREATE_TIME"        bigint NOT NULL,
    "DB_ID"              bigint,
    "LAST_ACCESS_TIME"   bigint NOT NULL,
    "OWNER"              varchar(767) DEFAULT NULL::varchar,
    "OWNER_TYPE"         varchar(10) DEFAULT NULL::varchar,
    "RETENTION"          bigint NOT NULL,
    "SD_ID"              bigint,
    "TBL_NAME"           varchar(256) DEFAULT NULL::varchar,
    "TBL_TYPE"           varchar(128) DEFAULT NULL::varchar,
    "VIEW_EXPANDED_TEXT" text,
    "VIEW_ORIGINAL_TEXT" text,
    "IS_REWRITE_ENABLED" boolean NOT NULL DEFAULT false,
    "WRITE_ID"           bigint DEFAULT 0,
    CONSTRAINT "TBLS_pkey" PRIMARY KEY ("TBL_ID"),
    CONSTRAINT "UNIQUETABLE" UNIQUE ("TBL_NAME", "DB_ID"),
    CONSTRAINT "TBLS_DB_ID_fkey" FOREIGN KEY ("DB_ID")
        REFERENCES "DBS"("DB_ID") DEFERRABLE,
    CONSTRAINT "TBLS_SD_ID_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE
);
CREATE INDEX "TBLS_N49" ON "TBLS" ("DB_ID");
CREATE INDEX "TBLS_N50" ON "TBLS" ("SD_ID");

CREATE TABLE "TABLE_PARAMS" (
    "TBL_ID"      bigint NOT NULL,
    "PARAM_KEY"   varchar(256) NOT NULL,
    "PARAM_VALUE" text,
    CONSTRAINT "TABLE_PARAMS_pkey" PRIMARY KEY ("TBL_ID", "PARAM_KEY"),
    CONSTRAINT "TABLE_PARAMS_TBL_ID_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "TABLE_PARAMS_N49" ON "TABLE_PARAMS" ("TBL_ID");

CREATE TABLE "PARTITION_KEYS" (
    "TBL_ID"       bigint NOT NULL,
    "PKEY_COMMENT" varchar(4000) DEFAULT NULL::varchar,
    "PKEY_NAME"    varchar(128) NOT NULL,
    "PKEY_TYPE"    varchar(767) NOT NULL,
    "INTEGER_IDX"  bigint NOT NULL,
    CONSTRAINT "PARTITION_KEYS_pkey" PRIMARY KEY ("TBL_ID", "PKEY_NAME"),
    CONSTRAINT "PARTITION_KEYS_TBL_ID_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "PARTITION_KEYS_N49" ON "PARTITION_KEYS" ("TBL_ID");

CREATE TABLE "PARTITIONS" (
    "PART_ID"          bigint NOT NULL,
    "CREATE_TIME"      bigint NOT NULL,
    "LAST_ACCESS_TIME" bigint NOT NULL,
    "PART_NAME"        varchar(767) DEFAULT NULL::varchar,
    "SD_ID"            bigint,
    "TBL_ID"           bigint,
    "WRITE_ID"         bigint DEFAULT 0,
    CONSTRAINT "PARTITIONS_pkey" PRIMARY KEY ("PART_ID"),
    CONSTRAINT "UNIQUEPARTITION" UNIQUE ("TBL_ID", "PART_NAME"),
    CONSTRAINT "PARTITIONS_SD_ID_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE,
    CONSTRAINT "PARTITIONS_TBL_ID_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "PARTITIONS_N50" ON "PARTITIONS" ("SD_ID");

CREATE TABLE "PARTITION_PARAMS" (
    "PART_ID"     bigint NOT NULL,
    "PARAM_KEY"   varchar(256) NOT NULL,
    "PARAM_VALUE" text,
    CONSTRAINT "PARTITION_PARAMS_pkey" PRIMARY KEY ("PART_ID", "PARAM_KEY"),
    CONSTRAINT "PARTITION_PARAMS_PART_ID_fkey" FOREIGN KEY ("PART_ID")
        REFERENCES "PARTITIONS"("PART_ID") DEFERRABLE
);
CREATE INDEX "PARTITION_PARAMS_N49" ON "PARTITION_PARAMS" ("PART_ID");

CREATE TABLE "PARTITION_KEY_VALS" (
    "PART_ID"      bigint NOT NULL,
    "PART_KEY_VAL" varchar(256) DEFAULT NULL::varchar,
    "INTEGER_IDX"  bigint NOT NULL,
    CONSTRAINT "PARTITION_KEY_VALS_pkey" PRIMARY KEY ("PART_ID", "INTEGER_IDX"),
    CONSTRAINT "PARTITION_KEY_VALS_PART_ID_fkey" FOREIGN KEY ("PART_ID")
        REFERENCES "PARTITIONS"("PART_ID") DEFERRABLE
);
CREATE INDEX "PARTITION_KEY_VALS_N49" ON "PARTITION_KEY_VALS" ("PART_ID");

CREATE TABLE "PARTITION_EVENTS" (
    "PART_NAME_ID"   bigint NOT NULL,
    "CAT_NAME"       varchar(256),
    "DB_NAME"        varchar(128),
    "EVENT_TIME"     bigint NOT NULL,
    "EVENT_TYPE"     integer NOT NULL,
    "PARTITION_NAME" varchar(767),
    "TBL_NAME"       varchar(256),
    CONSTRAINT "PARTITION_EVENTS_pkey" PRIMARY KEY ("PART_NAME_ID")
);
CREATE INDEX "PARTITIONEVENTINDEX" ON "PARTITION_EVENTS" ("PARTITION_NAME");

CREATE TABLE "KEY_CONSTRAINTS" (
    "CHILD_CD_ID"          bigint,
    "CHILD_INTEGER_IDX"    bigint,
    "CHILD_TBL_ID"         bigint,
    "PARENT_CD_ID"         bigint,
    "PARENT_INTEGER_IDX"   bigint NOT NULL,
    "PARENT_TBL_ID"        bigint NOT NULL,
    "POSITION"             bigint NOT NULL,
    "CONSTRAINT_NAME"      varchar(400) NOT NULL,
    "CONSTRAINT_TYPE"      smallint NOT NULL,
    "UPDATE_RULE"          smallint,
    "DELETE_RULE"          smallint,
    "ENABLE_VALIDATE_RELY" smallint NOT NULL,
    "DEFAULT_VALUE"        varchar(400),
    CONSTRAINT "constraints_pk" PRIMARY KEY ("PARENT_TBL_ID", "CONSTRAINT_NAME", "POSITION")
);
CREATE INDEX "CONSTRAINTS_CONSTRAINT_TYPE_INDEX"
    ON "KEY_CONSTRAINTS" ("CONSTRAINT_TYPE");
CREATE INDEX "CONSTRAINTS_PARENT_TBLID_INDEX" ON "KEY_CONSTRAINTS" ("PARENT_TBL_ID");

-- --------------------------------------------------------------------------
-- Materialized views
-- --------------------------------------------------------------------------

CREATE TABLE "MV_CREATION_METADATA" (
    "MV_CREATION_METADATA_ID" bigint NOT NULL,
    "CAT_NAME"                varchar(256) NOT NULL,
    "DB_NAME"                 varchar(128) NOT NULL,
    "TBL_NAME"                varchar(256) NOT NULL,
    "TXN_LIST"                text,
    "MATERIALIZATION_TIME"    bigint NOT NULL,
    CONSTRAINT "MV_CREATION_METADATA_PK" PRIMARY KEY ("MV_CREATION_METADATA_ID")
);
CREATE INDEX "MV_UNIQUE_TABLE" ON "MV_CREATION_METADATA" ("TBL_NAME", "DB_NAME");

CREATE TABLE "MV_TABLES_USED" (
    "MV_CREATION_METADATA_ID" bigint NOT NULL,
    "TBL_ID"                  bigint NOT NULL,
    "INSERTED_COUNT"          bigint NOT NULL DEFAULT 0,
    "UPDATED_COUNT"           bigint NOT NULL DEFAULT 0,
    "DELETED_COUNT"           bigint NOT NULL DEFAULT 0,
    CONSTRAINT "MV_TABLES_USED_PK" PRIMARY KEY ("TBL_ID", "MV_CREATION_METADATA_ID"),
    CONSTRAINT "MV_TABLES_USED_FK1" FOREIGN KEY ("MV_CREATION_METADATA_ID")
        REFERENCES "MV_CREATION_METADATA"("MV_CREATION_METADATA_ID") DEFERRABLE,
    CONSTRAINT "MV_TABLES_USED_FK2" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);

-- --------------------------------------------------------------------------
-- Column statistics
-- --------------------------------------------------------------------------

CREATE TABLE "TAB_COL_STATS" (
    "CS_ID"                  bigint NOT NULL,
    "CAT_NAME"               varchar(256) DEFAULT NULL::varchar,
    "DB_NAME"                varchar(128) DEFAULT NULL::varchar,
    "TABLE_NAME"             varchar(256) DEFAULT NULL::varchar,
    "COLUMN_NAME"            varchar(767) DEFAULT NULL::varchar,
    "COLUMN_TYPE"            varchar(128) DEFAULT NULL::varchar,
    "TBL_ID"                 bigint NOT NULL,
    "LONG_LOW_VALUE"         bigint,
    "LONG_HIGH_VALUE"        bigint,
    "DOUBLE_LOW_VALUE"       double precision,
    "DOUBLE_HIGH_VALUE"      double precision,
    "BIG_DECIMAL_LOW_VALUE"  varchar(4000) DEFAULT NULL::varchar,
    "BIG_DECIMAL_HIGH_VALUE" varchar(4000) DEFAULT NULL::varchar,
    "NUM_NULLS"              bigint NOT NULL,
    "NUM_DISTINCTS"          bigint,
    "BIT_VECTOR"             bytea,
    "AVG_COL_LEN"            double precision,
    "MAX_COL_LEN"            bigint,
    "NUM_TRUES"              bigint,
    "NUM_FALSES"             bigint,
    "LAST_ANALYZED"          bigint NOT NULL,
    "ENGINE"                 varchar(128) NOT NULL,
    "HISTOGRAM"              bytea,
    CONSTRAINT "TAB_COL_STATS_pkey" PRIMARY KEY ("CS_ID"),
    CONSTRAINT "TAB_COL_STATS_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "TAB_COL_STATS_IDX"
    ON "TAB_COL_STATS" ("DB_NAME", "TABLE_NAME", "COLUMN_NAME", "CAT_NAME");
CREATE INDEX "TAB_COL_STATS_N49" ON "TAB_COL_STATS" ("TBL_ID");

CREATE TABLE "PART_COL_STATS" (
    "CS_ID"                  bigint NOT NULL,
    "CAT_NAME"               varchar(256) DEFAULT NULL::varchar,
    "DB_NAME"                varchar(128) DEFAULT NULL::varchar,
    "TABLE_NAME"             varchar(256) DEFAULT NULL::varchar,
    "PARTITION_NAME"         varchar(767) DEFAULT NULL::varchar,
    "COLUMN_NAME"            varchar(767) DEFAULT NULL::varchar,
    "COLUMN_TYPE"            varchar(128) DEFAULT NULL::varchar,
    "PART_ID"                bigint NOT NULL,
    "LONG_LOW_VALUE"         bigint,
    "LONG_HIGH_VALUE"        bigint,
    "DOUBLE_LOW_VALUE"       double precision,
    "DOUBLE_HIGH_VALUE"      double precision,
    "BIG_DECIMAL_LOW_VALUE"  varchar(4000) DEFAULT NULL::varchar,
    "BIG_DECIMAL_HIGH_VALUE" varchar(4000) DEFAULT NULL::varchar,
    "NUM_NULLS"              bigint NOT NULL,
    "NUM_DISTINCTS"          bigint,
    "BIT_VECTOR"             bytea,
    "AVG_COL_LEN"            double precision,
    "MAX_COL_LEN"            bigint,
    "NUM_TRUES"              bigint,
    "NUM_FALSES"             bigint,
    "LAST_ANALYZED"          bigint NOT NULL,
    "ENGINE"                 varchar(128) NOT NULL,
    "HISTOGRAM"              bytea,
    CONSTRAINT "PART_COL_STATS_pkey" PRIMARY KEY ("CS_ID"),
    CONSTRAINT "PART_COL_STATS_fkey" FOREIGN KEY ("PART_ID")
        REFERENCES "PARTITIONS"("PART_ID") DEFERRABLE
);
CREATE INDEX "PART_COL_STATS_N49" ON "PART_COL_STATS" ("PART_ID");
CREATE INDEX "PCS_STATS_IDX"
    ON "PART_COL_STATS" ("DB_NAME", "TABLE_NAME", "COLUMN_NAME", "PARTITION_NAME", "CAT_NAME");

-- --------------------------------------------------------------------------
-- Roles and privileges
-- --------------------------------------------------------------------------

CREATE TABLE "ROLES" (
    "ROLE_ID"     bigint NOT NULL,
    "CREATE_TIME" bigint NOT NULL,
    "OWNER_NAME"  varchar(128) DEFAULT NULL::varchar,
    "ROLE_NAME"   varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "ROLES_pkey" PRIMARY KEY ("ROLE_ID"),
    CONSTRAINT "ROLEENTITYINDEX" UNIQUE ("ROLE_NAME")
);

CREATE TABLE "ROLE_MAP" (
    "ROLE_GRANT_ID"  bigint NOT NULL,
    "ADD_TIME"       bigint NOT NULL,
    "GRANT_OPTION"   smallint NOT NULL,
    "GRANTOR"        varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"   varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_NAME" varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE" varchar(128) DEFAULT NULL::varchar,
    "ROLE_ID"        bigint,
    CONSTRAINT "ROLE_MAP_pkey" PRIMARY KEY ("ROLE_GRANT_ID"),
    CONSTRAINT "USERROLEMAPINDEX" UNIQUE ("PRINCIPAL_NAME", "ROLE_ID", "GRANTOR", "GRANTOR_TYPE"),
    CONSTRAINT "ROLE_MAP_ROLE_ID_fkey" FOREIGN KEY ("ROLE_ID")
        REFERENCES "ROLES"("ROLE_ID") DEFERRABLE
);
CREATE INDEX "ROLE_MAP_N49" ON "ROLE_MAP" ("ROLE_ID");

CREATE TABLE "GLOBAL_PRIVS" (
    "USER_GRANT_ID"  bigint NOT NULL,
    "CREATE_TIME"    bigint NOT NULL,
    "GRANT_OPTION"   smallint NOT NULL,
    "GRANTOR"        varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"   varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_NAME" varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE" varchar(128) DEFAULT NULL::varchar,
    "USER_PRIV"      varchar(128) DEFAULT NULL::varchar,
    "AUTHORIZER"     varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "GLOBAL_PRIVS_pkey" PRIMARY KEY ("USER_GRANT_ID"),
    CONSTRAINT "GLOBALPRIVILEGEINDEX" UNIQUE ("AUTHORIZER", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "USER_PRIV", "GRANTOR", "GRANTOR_TYPE")
);

CREATE TABLE "DB_PRIVS" (
    "DB_GRANT_ID"    bigint NOT NULL,
    "CREATE_TIME"    bigint NOT NULL,
    "DB_ID"          bigint,
    "GRANT_OPTION"   smallint NOT NULL,
    "GRANTOR"        varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"   varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_NAME" varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE" varchar(128) DEFAULT NULL::varchar,
    "DB_PRIV"        varchar(128) DEFAULT NULL::varchar,
    "AUTHORIZER"     varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "DB_PRIVS_pkey" PRIMARY KEY ("DB_GRANT_ID"),
    CONSTRAINT "DBPRIVILEGEINDEX" UNIQUE ("AUTHORIZER", "DB_ID", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "DB_PRIV", "GRANTOR", "GRANTOR_TYPE"),
    CONSTRAINT "DB_PRIVS_DB_ID_fkey" FOREIGN KEY ("DB_ID")
        REFERENCES "DBS"("DB_ID") DEFERRABLE
);
CREATE INDEX "DB_PRIVS_N49" ON "DB_PRIVS" ("DB_ID");

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
    CONSTRAINT "DCPRIVILEGEINDEX" UNIQUE ("AUTHORIZER", "NAME", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "DC_PRIV", "GRANTOR", "GRANTOR_TYPE"),
    CONSTRAINT "DC_PRIVS_DC_ID_fkey" FOREIGN KEY ("NAME")
        REFERENCES "DATACONNECTORS"("NAME") DEFERRABLE
);
CREATE INDEX "DC_PRIVS_N49" ON "DC_PRIVS" ("NAME");

CREATE TABLE "TBL_PRIVS" (
    "TBL_GRANT_ID"   bigint NOT NULL,
    "CREATE_TIME"    bigint NOT NULL,
    "GRANT_OPTION"   smallint NOT NULL,
    "GRANTOR"        varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"   varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_NAME" varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE" varchar(128) DEFAULT NULL::varchar,
    "TBL_PRIV"       varchar(128) DEFAULT NULL::varchar,
    "TBL_ID"         bigint,
    "AUTHORIZER"     varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "TBL_PRIVS_pkey" PRIMARY KEY ("TBL_GRANT_ID"),
    CONSTRAINT "TBL_PRIVS_TBL_ID_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "TABLEPRIVILEGEINDEX"
    ON "TBL_PRIVS" ("AUTHORIZER", "TBL_ID", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "TBL_PRIV", "GRANTOR", "GRANTOR_TYPE");
CREATE INDEX "TBL_PRIVS_N49" ON "TBL_PRIVS" ("TBL_ID");

CREATE TABLE "TBL_COL_PRIVS" (
    "TBL_COLUMN_GRANT_ID" bigint NOT NULL,
    "COLUMN_NAME"         varchar(767) DEFAULT NULL::varchar,
    "CREATE_TIME"         bigint NOT NULL,
    "GRANT_OPTION"        smallint NOT NULL,
    "GRANTOR"             varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"        varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_NAME"      varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE"      varchar(128) DEFAULT NULL::varchar,
    "TBL_COL_PRIV"        varchar(128) DEFAULT NULL::varchar,
    "TBL_ID"              bigint,
    "AUTHORIZER"          varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "TBL_COL_PRIVS_pkey" PRIMARY KEY ("TBL_COLUMN_GRANT_ID"),
    CONSTRAINT "TBL_COL_PRIVS_TBL_ID_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "TABLECOLUMNPRIVILEGEINDEX"
    ON "TBL_COL_PRIVS" ("AUTHORIZER", "TBL_ID", "COLUMN_NAME", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "TBL_COL_PRIV", "GRANTOR", "GRANTOR_TYPE");
CREATE INDEX "TBL_COL_PRIVS_N49" ON "TBL_COL_PRIVS" ("TBL_ID");

CREATE TABLE "PART_PRIVS" (
    "PART_GRANT_ID"  bigint NOT NULL,
    "CREATE_TIME"    bigint NOT NULL,
    "GRANT_OPTION"   smallint NOT NULL,
    "GRANTOR"        varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"   varchar(128) DEFAULT NULL::varchar,
    "PART_ID"        bigint,
    "PRINCIPAL_NAME" varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE" varchar(128) DEFAULT NULL::varchar,
    "PART_PRIV"      varchar(128) DEFAULT NULL::varchar,
    "AUTHORIZER"     varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "PART_PRIVS_pkey" PRIMARY KEY ("PART_GRANT_ID"),
    CONSTRAINT "PART_PRIVS_PART_ID_fkey" FOREIGN KEY ("PART_ID")
        REFERENCES "PARTITIONS"("PART_ID") DEFERRABLE
);
CREATE INDEX "PARTPRIVILEGEINDEX"
    ON "PART_PRIVS" ("AUTHORIZER", "PART_ID", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "PART_PRIV", "GRANTOR", "GRANTOR_TYPE");
CREATE INDEX "PART_PRIVS_N49" ON "PART_PRIVS" ("PART_ID");

CREATE TABLE "PART_COL_PRIVS" (
    "PART_COLUMN_GRANT_ID" bigint NOT NULL,
    "COLUMN_NAME"          varchar(767) DEFAULT NULL::varchar,
    "CREATE_TIME"          bigint NOT NULL,
    "GRANT_OPTION"         smallint NOT NULL,
    "GRANTOR"              varchar(128) DEFAULT NULL::varchar,
    "GRANTOR_TYPE"         varchar(128) DEFAULT NULL::varchar,
    "PART_ID"              bigint,
    "PRINCIPAL_NAME"       varchar(128) DEFAULT NULL::varchar,
    "PRINCIPAL_TYPE"       varchar(128) DEFAULT NULL::varchar,
    "PART_COL_PRIV"        varchar(128) DEFAULT NULL::varchar,
    "AUTHORIZER"           varchar(128) DEFAULT NULL::varchar,
    CONSTRAINT "PART_COL_PRIVS_pkey" PRIMARY KEY ("PART_COLUMN_GRANT_ID"),
    CONSTRAINT "PART_COL_PRIVS_PART_ID_fkey" FOREIGN KEY ("PART_ID")
        REFERENCES "PARTITIONS"("PART_ID") DEFERRABLE
);
CREATE INDEX "PARTITIONCOLUMNPRIVILEGEINDEX"
    ON "PART_COL_PRIVS" ("AUTHORIZER", "PART_ID", "COLUMN_NAME", "PRINCIPAL_NAME", "PRINCIPAL_TYPE", "PART_COL_PRIV", "GRANTOR", "GRANTOR_TYPE");
CREATE INDEX "PART_COL_PRIVS_N49" ON "PART_COL_PRIVS" ("PART_ID");

-- --------------------------------------------------------------------------
-- Functions, types, stored procedures and packages
-- --------------------------------------------------------------------------

CREATE TABLE "FUNCS" (
    "FUNC_ID"     bigint NOT NULL,
    "CLASS_NAME"  varchar(4000),
    "CREATE_TIME" integer NOT NULL,
    "DB_ID"       bigint,
    "FUNC_NAME"   varchar(128),
    "FUNC_TYPE"   integer NOT NULL,
    "OWNER_NAME"  varchar(128),
    "OWNER_TYPE"  varchar(10),
    CONSTRAINT "FUNCS_pkey" PRIMARY KEY ("FUNC_ID"),
    CONSTRAINT "FUNCS_FK1" FOREIGN KEY ("DB_ID") REFERENCES "DBS"("DB_ID") DEFERRABLE
);
CREATE INDEX "FUNCS_N49" ON "FUNCS" ("DB_ID");
CREATE UNIQUE INDEX "UNIQUEFUNCTION" ON "FUNCS" ("FUNC_NAME", "DB_ID");

CREATE TABLE "FUNC_RU" (
    "FUNC_ID"       bigint NOT NULL,
    "RESOURCE_TYPE" integer NOT NULL,
    "RESOURCE_URI"  varchar(4000),
    "INTEGER_IDX"   integer NOT NULL,
    CONSTRAINT "FUNC_RU_pkey" PRIMARY KEY ("FUNC_ID", "INTEGER_IDX"),
    CONSTRAINT "FUNC_RU_FK1" FOREIGN KEY ("FUNC_ID")
        REFERENCES "FUNCS"("FUNC_ID") DEFERRABLE
);
CREATE INDEX "FUNC_RU_N49" ON "FUNC_RU" ("FUNC_ID");

CREATE TABLE "TYPES" (
    "TYPES_ID"  bigint NOT NULL,
    "TYPE_NAME" varchar(128) DEFAULT NULL::varchar,
    "TYPE1"     varchar(767) DEFAULT NULL::varchar,
    "TYPE2"     varchar(767) DEFAULT NULL::varchar,
    CONSTRAINT "TYPES_pkey" PRIMARY KEY ("TYPES_ID"),
    CONSTRAINT "UNIQUE_TYPE" UNIQUE ("TYPE_NAME")
);

CREATE TABLE "TYPE_FIELDS" (
    "TYPE_NAME"   bigint NOT NULL,
    "COMMENT"     varchar(256) DEFAULT NULL::varchar,
    "FIELD_NAME"  varchar(128) NOT NULL,
    "FIELD_TYPE"  varchar(767) NOT NULL,
    "INTEGER_IDX" bigint NOT NULL,
    CONSTRAINT "TYPE_FIELDS_pkey" PRIMARY KEY ("TYPE_NAME", "FIELD_NAME"),
    CONSTRAINT "TYPE_FIELDS_TYPE_NAME_fkey" FOREIGN KEY ("TYPE_NAME")
        REFERENCES "TYPES"("TYPES_ID") DEFERRABLE
);
CREATE INDEX "TYPE_FIELDS_N49" ON "TYPE_FIELDS" ("TYPE_NAME");

CREATE TABLE "STORED_PROCS" (
    "SP_ID"       bigint NOT NULL,
    "CREATE_TIME" integer NOT NULL,
    "DB_ID"       bigint NOT NULL,
    "NAME"        varchar(256) NOT NULL,
    "OWNER_NAME"  varchar(128) NOT NULL,
    "SOURCE"      text NOT NULL,
    CONSTRAINT "STORED_PROCS_pkey" PRIMARY KEY ("SP_ID"),
    CONSTRAINT "STOREDPROC_FK1" FOREIGN KEY ("DB_ID")
        REFERENCES "DBS"("DB_ID") DEFERRABLE
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
-- Delegation tokens and master keys
-- --------------------------------------------------------------------------

CREATE TABLE "MASTER_KEYS" (
    "KEY_ID"     serial,
    "MASTER_KEY" varchar(767),
    CONSTRAINT "MASTER_KEYS_pkey" PRIMARY KEY ("KEY_ID")
);

CREATE TABLE "DELEGATION_TOKENS" (
    "TOKEN_IDENT" varchar(767) NOT NULL,
    "TOKEN"       varchar(767),
    CONSTRAINT "DELEGATION_TOKENS_pkey" PRIMARY KEY ("TOKEN_IDENT")
);

-- --------------------------------------------------------------------------
-- Notification log and replication
-- --------------------------------------------------------------------------

CREATE TABLE "NOTIFICATION_LOG" (
    "NL_ID"          bigint NOT NULL,
    "EVENT_ID"       bigint NOT NULL,
    "EVENT_TIME"     integer NOT NULL,
    "EVENT_TYPE"     varchar(32) NOT NULL,
    "CAT_NAME"       varchar(256),
    "DB_NAME"        varchar(128),
    "TBL_NAME"       varchar(256),
    "MESSAGE"        text,
    "MESSAGE_FORMAT" varchar(16),
    CONSTRAINT "NOTIFICATION_LOG_pkey" PRIMARY KEY ("NL_ID")
);
CREATE UNIQUE INDEX "NOTIFICATION_LOG_EVENT_ID" ON "NOTIFICATION_LOG" ("EVENT_ID");

CREATE TABLE "NOTIFICATION_SEQUENCE" (
    "NNI_ID"        bigint NOT NULL,
    "NEXT_EVENT_ID" bigint NOT NULL,
    CONSTRAINT "NOTIFICATION_SEQUENCE_pkey" PRIMARY KEY ("NNI_ID"),
    CONSTRAINT "ONE_ROW_CONSTRAINT" CHECK (("NNI_ID" = 1))
);
INSERT INTO "NOTIFICATION_SEQUENCE" ("NNI_ID", "NEXT_EVENT_ID")
    VALUES (1, 1);

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
    CONSTRAINT "TXN_WRITE_NOTIFICATION_LOG_pkey" PRIMARY KEY ("WNL_TXNID", "WNL_DATABASE", "WNL_TABLE", "WNL_PARTITION")
);

CREATE TABLE "REPL_TXN_MAP" (
    "RTM_REPL_POLICY"   varchar(256) NOT NULL,
    "RTM_SRC_TXN_ID"    bigint NOT NULL,
    "RTM_TARGET_TXN_ID" bigint NOT NULL,
    CONSTRAINT "REPL_TXN_MAP_pkey" PRIMARY KEY ("RTM_REPL_POLICY", "RTM_SRC_TXN_ID")
);

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
CREATE INDEX "DUMP_IDX" ON "REPLICATION_METRICS" ("RM_DUMP_EXECUTION_ID");
CREATE INDEX "POLICY_IDX" ON "REPLICATION_METRICS" ("RM_POLICY");

-- --------------------------------------------------------------------------
-- Schema registry
-- --------------------------------------------------------------------------

CREATE TABLE "I_SCHEMA" (
    "SCHEMA_ID"        bigint NOT NULL,
    "SCHEMA_TYPE"      integer NOT NULL,
    "NAME"             varchar(256),
    "DB_ID"            bigint,
    "COMPATIBILITY"    integer NOT NULL,
    "VALIDATION_LEVEL" integer NOT NULL,
    "CAN_EVOLVE"       boolean NOT NULL,
    "SCHEMA_GROUP"     varchar(256),
    "DESCRIPTION"      varchar(4000),
    CONSTRAINT "I_SCHEMA_pkey" PRIMARY KEY ("SCHEMA_ID"),
    CONSTRAINT "I_SCHEMA_NAME_key" UNIQUE ("NAME"),
    CONSTRAINT "I_SCHEMA_DB_ID_fkey" FOREIGN KEY ("DB_ID") REFERENCES "DBS"("DB_ID")
);

CREATE TABLE "SCHEMA_VERSION" (
    "SCHEMA_VERSION_ID"   bigint NOT NULL,
    "SCHEMA_ID"           bigint,
    "VERSION"             integer NOT NULL,
    "CREATED_AT"          bigint NOT NULL,
    "CD_ID"               bigint,
    "STATE"               integer NOT NULL,
    "DESCRIPTION"         varchar(4000),
    "SCHEMA_TEXT"         text,
    "FINGERPRINT"         varchar(256),
    "SCHEMA_VERSION_NAME" varchar(256),
    "SERDE_ID"            bigint,
    CONSTRAINT "SCHEMA_VERSION_pkey" PRIMARY KEY ("SCHEMA_VERSION_ID"),
    CONSTRAINT "SCHEMA_VERSION_SCHEMA_ID_VERSION_key" UNIQUE ("SCHEMA_ID", "VERSION"),
    CONSTRAINT "SCHEMA_VERSION_CD_ID_fkey" FOREIGN KEY ("CD_ID")
        REFERENCES "CDS"("CD_ID"),
    CONSTRAINT "SCHEMA_VERSION_SCHEMA_ID_fkey" FOREIGN KEY ("SCHEMA_ID")
        REFERENCES "I_SCHEMA"("SCHEMA_ID"),
    CONSTRAINT "SCHEMA_VERSION_SERDE_ID_fkey" FOREIGN KEY ("SERDE_ID")
        REFERENCES "SERDES"("SERDE_ID")
);

-- --------------------------------------------------------------------------
-- Workload management (resource plans)
-- --------------------------------------------------------------------------

CREATE TABLE "WM_RESOURCEPLAN" (
    "RP_ID"             bigint NOT NULL,
    "NAME"              varchar(128) NOT NULL,
    "NS"                varchar(128),
    "QUERY_PARALLELISM" integer,
    "STATUS"            varchar(20) NOT NULL,
    "DEFAULT_POOL_ID"   bigint,
    CONSTRAINT "WM_RESOURCEPLAN_pkey" PRIMARY KEY ("RP_ID"),
    CONSTRAINT "UNIQUE_WM_RESOURCEPLAN" UNIQUE ("NS", "NAME")
);

CREATE TABLE "WM_POOL" (
    "POOL_ID"           bigint NOT NULL,
    "RP_ID"             bigint NOT NULL,
    "PATH"              varchar(1024) NOT NULL,
    "ALLOC_FRACTION"    double precision,
    "QUERY_PARALLELISM" integer,
    "SCHEDULING_POLICY" varchar(1024),
    CONSTRAINT "WM_POOL_pkey" PRIMARY KEY ("POOL_ID"),
    CONSTRAINT "UNIQUE_WM_POOL" UNIQUE ("RP_ID", "PATH"),
    CONSTRAINT "WM_POOL_FK1" FOREIGN KEY ("RP_ID")
        REFERENCES "WM_RESOURCEPLAN"("RP_ID") DEFERRABLE
);
-- "WM_RESOURCEPLAN" refers to "WM_POOL", which did not exist yet above
ALTER TABLE "WM_RESOURCEPLAN"
    ADD CONSTRAINT "WM_RESOURCEPLAN_FK1" FOREIGN KEY ("DEFAULT_POOL_ID")
        REFERENCES "WM_POOL"("POOL_ID") DEFERRABLE;

CREATE TABLE "WM_TRIGGER" (
    "TRIGGER_ID"         bigint NOT NULL,
    "RP_ID"              bigint NOT NULL,
    "NAME"               varchar(128) NOT NULL,
    "TRIGGER_EXPRESSION" varchar(1024) DEFAULT NULL::varchar,
    "ACTION_EXPRESSION"  varchar(1024) DEFAULT NULL::varchar,
    "IS_IN_UNMANAGED"    smallint NOT NULL DEFAULT 0,
    CONSTRAINT "WM_TRIGGER_pkey" PRIMARY KEY ("TRIGGER_ID"),
    CONSTRAINT "UNIQUE_WM_TRIGGER" UNIQUE ("RP_ID", "NAME"),
    CONSTRAINT "WM_TRIGGER_FK1" FOREIGN KEY ("RP_ID")
        REFERENCES "WM_RESOURCEPLAN"("RP_ID") DEFERRABLE
);

CREATE TABLE "WM_POOL_TO_TRIGGER" (
    "POOL_ID"    bigint NOT NULL,
    "TRIGGER_ID" bigint NOT NULL,
    CONSTRAINT "WM_POOL_TO_TRIGGER_pkey" PRIMARY KEY ("POOL_ID", "TRIGGER_ID"),
    CONSTRAINT "WM_POOL_TO_TRIGGER_FK1" FOREIGN KEY ("POOL_ID")
        REFERENCES "WM_POOL"("POOL_ID") DEFERRABLE,
    CONSTRAINT "WM_POOL_TO_TRIGGER_FK2" FOREIGN KEY ("TRIGGER_ID")
        REFERENCES "WM_TRIGGER"("TRIGGER_ID") DEFERRABLE
);

CREATE TABLE "WM_MAPPING" (
    "MAPPING_ID"  bigint NOT NULL,
    "RP_ID"       bigint NOT NULL,
    "ENTITY_TYPE" varchar(128) NOT NULL,
    "ENTITY_NAME" varchar(128) NOT NULL,
    "POOL_ID"     bigint,
    "ORDERING"    integer,
    CONSTRAINT "WM_MAPPING_pkey" PRIMARY KEY ("MAPPING_ID"),
    CONSTRAINT "UNIQUE_WM_MAPPING" UNIQUE ("RP_ID", "ENTITY_TYPE", "ENTITY_NAME"),
    CONSTRAINT "WM_MAPPING_FK1" FOREIGN KEY ("RP_ID")
        REFERENCES "WM_RESOURCEPLAN"("RP_ID") DEFERRABLE,
    CONSTRAINT "WM_MAPPING_FK2" FOREIGN KEY ("POOL_ID")
        REFERENCES "WM_POOL"("POOL_ID") DEFERRABLE
);

-- --------------------------------------------------------------------------
-- Scheduled queries
-- --------------------------------------------------------------------------

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
    CONSTRAINT "SCHEDULED_QUERIES_PK" PRIMARY KEY ("SCHEDULED_QUERY_ID")
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
    CONSTRAINT "SCHEDULED_EXECUTIONS_PK" PRIMARY KEY ("SCHEDULED_EXECUTION_ID"),
    CONSTRAINT "SCHEDULED_EXECUTIONS_SCHQ_FK" FOREIGN KEY ("SCHEDULED_QUERY_ID")
        REFERENCES "SCHEDULED_QUERIES"("SCHEDULED_QUERY_ID") ON DELETE CASCADE
);
CREATE INDEX "idx_scheduled_executions_last_update_time"
    ON "SCHEDULED_EXECUTIONS" ("LAST_UPDATE_TIME");
CREATE INDEX "idx_scheduled_executions_scheduled_query_id"
    ON "SCHEDULED_EXECUTIONS" ("SCHEDULED_QUERY_ID");
CREATE UNIQUE INDEX "unique_scheduled_executions_id"
    ON "SCHEDULED_EXECUTIONS" ("SCHEDULED_EXECUTION_ID");

-- --------------------------------------------------------------------------
-- Transactions, locks and write ids (ACID)
-- --------------------------------------------------------------------------

CREATE TABLE "TXNS" (
    "TXN_ID"              bigserial,
    "TXN_STATE"           char(1) NOT NULL,
    "TXN_STARTED"         bigint NOT NULL,
    "TXN_LAST_HEARTBEAT"  bigint NOT NULL,
    "TXN_USER"            varchar(128) NOT NULL,
    "TXN_HOST"            varchar(128) NOT NULL,
    "TXN_AGENT_INFO"      varchar(128),
    "TXN_META_INFO"       varchar(128),
    "TXN_HEARTBEAT_COUNT" integer,
    "TXN_TYPE"            integer,
    CONSTRAINT "TXNS_pkey" PRIMARY KEY ("TXN_ID")
);
INSERT INTO "TXNS" ("TXN_ID", "TXN_STATE", "TXN_STARTED", "TXN_LAST_HEARTBEAT", "TXN_USER", "TXN_HOST", "TXN_AGENT_INFO", "TXN_META_INFO", "TXN_HEARTBEAT_COUNT", "TXN_TYPE")
    VALUES (0, 'c', 0, 0, '', '', NULL, NULL, NULL, NULL);

CREATE TABLE "TXN_COMPONENTS" (
    "TC_TXNID"          bigint NOT NULL,
    "TC_DATABASE"       varchar(128) NOT NULL,
    "TC_TABLE"          varchar(256),
    "TC_PARTITION"      varchar(767) DEFAULT NULL::varchar,
    "TC_OPERATION_TYPE" char(1) NOT NULL,
    "TC_WRITEID"        bigint,
    CONSTRAINT "TXN_COMPONENTS_TC_TXNID_fkey" FOREIGN KEY ("TC_TXNID")
        REFERENCES "TXNS"("TXN_ID")
);
CREATE INDEX "tc_txnid_index" ON "TXN_COMPONENTS" USING hash ("TC_TXNID");

CREATE TABLE "COMPLETED_TXN_COMPONENTS" (
    "CTC_TXNID"         bigint NOT NULL,
    "CTC_DATABASE"      varchar(128) NOT NULL,
    "CTC_TABLE"         varchar(256),
    "CTC_PARTITION"     varchar(767),
    "CTC_TIMESTAMP"     timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "CTC_WRITEID"       bigint,
    "CTC_UPDATE_DELETE" char(1) NOT NULL
);
CREATE INDEX "completed_txn_components_index"
    ON "COMPLETED_TXN_COMPONENTS" ("CTC_DATABASE", "CTC_TABLE", "CTC_PARTITION");

CREATE TABLE "TXN_LOCK_TBL" (
    "TXN_LOCK" bigint NOT NULL
);
INSERT INTO "TXN_LOCK_TBL" ("TXN_LOCK")
    VALUES (1);

CREATE TABLE "HIVE_LOCKS" (
    "HL_LOCK_EXT_ID"      bigint NOT NULL,
    "HL_LOCK_INT_ID"      bigint NOT NULL,
    "HL_TXNID"            bigint NOT NULL,
    "HL_DB"               varchar(128) NOT NULL,
    "HL_TABLE"            varchar(256),
    "HL_PARTITION"        varchar(767) DEFAULT NULL::varchar,
    "HL_LOCK_STATE"       char(1) NOT NULL,
    "HL_LOCK_TYPE"        char(1) NOT NULL,
    "HL_LAST_HEARTBEAT"   bigint NOT NULL,
    "HL_ACQUIRED_AT"      bigint,
    "HL_USER"             varchar(128) NOT NULL,
    "HL_HOST"             varchar(128) NOT NULL,
    "HL_HEARTBEAT_COUNT"  integer,
    "HL_AGENT_INFO"       varchar(128),
    "HL_BLOCKEDBY_EXT_ID" bigint,
    "HL_BLOCKEDBY_INT_ID" bigint,
    CONSTRAINT "HIVE_LOCKS_pkey" PRIMARY KEY ("HL_LOCK_EXT_ID", "HL_LOCK_INT_ID")
);
CREATE INDEX "hl_txnid_index" ON "HIVE_LOCKS" USING hash ("HL_TXNID");

CREATE TABLE "NEXT_LOCK_ID" (
    "NL_NEXT" bigint NOT NULL
);
INSERT INTO "NEXT_LOCK_ID" ("NL_NEXT")
    VALUES (1);

CREATE TABLE "TXN_TO_WRITE_ID" (
    "T2W_TXNID"    bigint NOT NULL,
    "T2W_DATABASE" varchar(128) NOT NULL,
    "T2W_TABLE"    varchar(256) NOT NULL,
    "T2W_WRITEID"  bigint NOT NULL
);
CREATE UNIQUE INDEX "TBL_TO_TXN_ID_IDX"
    ON "TXN_TO_WRITE_ID" ("T2W_DATABASE", "T2W_TABLE", "T2W_TXNID");
CREATE UNIQUE INDEX "TBL_TO_WRITE_ID_IDX"
    ON "TXN_TO_WRITE_ID" ("T2W_DATABASE", "T2W_TABLE", "T2W_WRITEID");

CREATE TABLE "NEXT_WRITE_ID" (
    "NWI_DATABASE" varchar(128) NOT NULL,
    "NWI_TABLE"    varchar(256) NOT NULL,
    "NWI_NEXT"     bigint NOT NULL
);
CREATE UNIQUE INDEX "NEXT_WRITE_ID_IDX" ON "NEXT_WRITE_ID" ("NWI_DATABASE", "NWI_TABLE");

CREATE TABLE "MIN_HISTORY_WRITE_ID" (
    "MH_TXNID"    bigint NOT NULL,
    "MH_DATABASE" varchar(128) NOT NULL,
    "MH_TABLE"    varchar(256) NOT NULL,
    "MH_WRITEID"  bigint NOT NULL,
    CONSTRAINT "MIN_HISTORY_WRITE_ID_MH_TXNID_fkey" FOREIGN KEY ("MH_TXNID")
        REFERENCES "TXNS"("TXN_ID")
);

CREATE TABLE "MIN_HISTORY_LEVEL" (
    "MHL_TXNID"          bigint NOT NULL,
    "MHL_MIN_OPEN_TXNID" bigint NOT NULL,
    CONSTRAINT "MIN_HISTORY_LEVEL_pkey" PRIMARY KEY ("MHL_TXNID")
);
CREATE INDEX "MIN_HISTORY_LEVEL_IDX" ON "MIN_HISTORY_LEVEL" ("MHL_MIN_OPEN_TXNID");

CREATE TABLE "WRITE_SET" (
    "WS_DATABASE"       varchar(128) NOT NULL,
    "WS_TABLE"          varchar(256) NOT NULL,
    "WS_PARTITION"      varchar(767),
    "WS_TXNID"          bigint NOT NULL,
    "WS_COMMIT_ID"      bigint NOT NULL,
    "WS_OPERATION_TYPE" char(1) NOT NULL
);

CREATE TABLE "MATERIALIZATION_REBUILD_LOCKS" (
    "MRL_TXN_ID"         bigint NOT NULL,
    "MRL_DB_NAME"        varchar(128) NOT NULL,
    "MRL_TBL_NAME"       varchar(256) NOT NULL,
    "MRL_LAST_HEARTBEAT" bigint NOT NULL,
    CONSTRAINT "MATERIALIZATION_REBUILD_LOCKS_pkey" PRIMARY KEY ("MRL_TXN_ID")
);

-- --------------------------------------------------------------------------
-- Compaction
-- --------------------------------------------------------------------------

CREATE TABLE "COMPACTION_QUEUE" (
    "CQ_ID"                bigint NOT NULL,
    "CQ_DATABASE"          varchar(128) NOT NULL,
    "CQ_TABLE"             varchar(256) NOT NULL,
    "CQ_PARTITION"         varchar(767),
    "CQ_STATE"             char(1) NOT NULL,
    "CQ_TYPE"              char(1) NOT NULL,
    "CQ_TBLPROPERTIES"     varchar(2048),
    "CQ_WORKER_ID"         varchar(128),
    "CQ_ENQUEUE_TIME"      bigint,
    "CQ_START"             bigint,
    "CQ_RUN_AS"            varchar(128),
    "CQ_HIGHEST_WRITE_ID"  bigint,
    "CQ_META_INFO"         bytea,
    "CQ_HADOOP_JOB_ID"     varchar(32),
    "CQ_ERROR_MESSAGE"     text,
    "CQ_NEXT_TXN_ID"       bigint,
    "CQ_TXN_ID"            bigint,
    "CQ_COMMIT_TIME"       bigint,
    "CQ_INITIATOR_ID"      varchar(128),
    "CQ_INITIATOR_VERSION" varchar(128),
    "CQ_WORKER_VERSION"    varchar(128),
    "CQ_CLEANER_START"     bigint,
    "CQ_RETRY_RETENTION"   bigint NOT NULL DEFAULT 0,
    "CQ_POOL_NAME"         varchar(128),
    "CQ_NUMBER_OF_BUCKETS" integer,
    "CQ_ORDER_BY"          varchar(4000),
    CONSTRAINT "COMPACTION_QUEUE_pkey" PRIMARY KEY ("CQ_ID")
);

CREATE TABLE "NEXT_COMPACTION_QUEUE_ID" (
    "NCQ_NEXT" bigint NOT NULL
);
INSERT INTO "NEXT_COMPACTION_QUEUE_ID" ("NCQ_NEXT")
    VALUES (1);

CREATE TABLE "COMPLETED_COMPACTIONS" (
    "CC_ID"                bigint NOT NULL,
    "CC_DATABASE"          varchar(128) NOT NULL,
    "CC_TABLE"             varchar(256) NOT NULL,
    "CC_PARTITION"         varchar(767),
    "CC_STATE"             char(1) NOT NULL,
    "CC_TYPE"              char(1) NOT NULL,
    "CC_TBLPROPERTIES"     varchar(2048),
    "CC_WORKER_ID"         varchar(128),
    "CC_ENQUEUE_TIME"      bigint,
    "CC_START"             bigint,
    "CC_END"               bigint,
    "CC_RUN_AS"            varchar(128),
    "CC_HIGHEST_WRITE_ID"  bigint,
    "CC_META_INFO"         bytea,
    "CC_HADOOP_JOB_ID"     varchar(32),
    "CC_ERROR_MESSAGE"     text,
    "CC_NEXT_TXN_ID"       bigint,
    "CC_TXN_ID"            bigint,
    "CC_COMMIT_TIME"       bigint,
    "CC_INITIATOR_ID"      varchar(128),
    "CC_INITIATOR_VERSION" varchar(128),
    "CC_WORKER_VERSION"    varchar(128),
    "CC_POOL_NAME"         varchar(128),
    "CC_NUMBER_OF_BUCKETS" integer,
    "CC_ORDER_BY"          varchar(4000),
    CONSTRAINT "COMPLETED_COMPACTIONS_pkey" PRIMARY KEY ("CC_ID")
);
CREATE INDEX "COMPLETED_COMPACTIONS_RES"
    ON "COMPLETED_COMPACTIONS" ("CC_DATABASE", "CC_TABLE", "CC_PARTITION");

CREATE TABLE "COMPACTION_METRICS_CACHE" (
    "CMC_DATABASE"     varchar(128) NOT NULL,
    "CMC_TABLE"        varchar(256) NOT NULL,
    "CMC_PARTITION"    varchar(767),
    "CMC_METRIC_TYPE"  varchar(128) NOT NULL,
    "CMC_METRIC_VALUE" integer NOT NULL,
    "CMC_VERSION"      integer NOT NULL
);

CREATE TABLE "AUX_TABLE" (
    "MT_KEY1"    varchar(128) NOT NULL,
    "MT_KEY2"    bigint NOT NULL,
    "MT_COMMENT" varchar(255),
    CONSTRAINT "AUX_TABLE_pkey" PRIMARY KEY ("MT_KEY1", "MT_KEY2")
);

-- --------------------------------------------------------------------------
-- Runtime statistics
-- --------------------------------------------------------------------------

CREATE TABLE "RUNTIME_STATS" (
    "RS_ID"       bigint NOT NULL,
    "CREATE_TIME" bigint NOT NULL,
    "WEIGHT"      bigint NOT NULL,
    "PAYLOAD"     bytea,
    CONSTRAINT "RUNTIME_STATS_pkey" PRIMARY KEY ("RS_ID")
);
CREATE INDEX "IDX_RUNTIME_STATS_CREATE_TIME" ON "RUNTIME_STATS" ("CREATE_TIME");

-- --------------------------------------------------------------------------
-- Access to the public schema
-- Upstream revokes everything from PUBLIC and grants it back, i.e. every
-- role gets USAGE and CREATE on the schema.  On PostgreSQL 15+ this
-- re-opens CREATE, which the server no longer grants by default; kept
-- because a database made by the Java schematool looks like this.
-- Run by a role that is not the schema owner these only warn.
-- --------------------------------------------------------------------------
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT ALL ON SCHEMA public TO PUBLIC;

-- The version row is written last; the schema tools read it to decide what to do.
INSERT INTO "VERSION" ("VER_ID", "SCHEMA_VERSION", "VERSION_COMMENT")
    VALUES (1, '4.0.0', 'Hive release version 4.0.0');
