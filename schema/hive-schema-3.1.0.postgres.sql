-- ==========================================================================
-- hms metastore schema 3.1.0 for PostgreSQL
--
-- Creates, in an empty database, the metastore schema at version 3.1.0
-- (used by Hive 3.1.0 to 3.1.3): the tables, constraints, indexes,
-- sequences and initial rows that the Java Hive metastore expects, so that
-- the Java server and hms can share the database.
--
-- Reproduces, in effect, the upstream Apache Hive script
--   standalone-metastore/metastore-server/src/main/sql/postgres/
--     hive-schema-3.1.0.postgres.sql
--   at commit 441c4770a5342fe7ee2a7f6c696c8aef456745ca
-- Same tables, column names, types, nullability, defaults and column order,
-- same constraint and index names and definitions, same sequences and rows.
-- Written independently: tables are grouped by area, each with its keys,
-- foreign keys and indexes; only the resulting catalog is meant to match.
--
-- How it is run: hms schematool sends the whole file with one PQexec inside
-- its own BEGIN/COMMIT, so the file holds plain SQL statements only (no psql
-- meta-commands, no BEGIN/COMMIT).  It also loads with
--   psql -v ON_ERROR_STOP=1 -1 -f hive-schema-3.1.0.postgres.sql DBNAME
-- Objects are created in the first schema of the search_path, normally
-- "public" (upstream forces search_path = public; we leave it to the role).
-- Identifiers are quoted upper case exactly as the Java server queries them.
-- No string literal contains a backslash, so standard_conforming_strings
-- does not matter and is left alone.
--
-- Note on names: in 3.1.0 the transaction and compaction tables (txns,
-- hive_locks, compaction_queue, ...) and their columns were created without
-- quotes, so PostgreSQL folded them to lower case, and the 3.x server
-- queries them that way.  They are written here as quoted lower-case names,
-- which is the same thing.  The 4.0.0 upgrade renames them to upper case.
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
    "PROPERTY_KEY"   varchar(255) NOT NULL,
    "PROPERTY_VALUE" varchar(1000) NOT NULL,
    "DESCRIPTION"    varchar(1000),
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
    CONSTRAINT "CTLGS_pkey" PRIMARY KEY ("CTLG_ID"),
    CONSTRAINT "CTLGS_NAME_key" UNIQUE ("NAME")
);
INSERT INTO "CTLGS" ("CTLG_ID", "NAME", "DESC", "LOCATION_URI")
    VALUES (1, 'hive', 'Default catalog for Hive', 'TBD');

CREATE TABLE "DBS" (
    "DB_ID"           bigint NOT NULL,
    "DESC"            varchar(4000) DEFAULT NULL::varchar,
    "DB_LOCATION_URI" varchar(4000) NOT NULL,
    "NAME"            varchar(128) DEFAULT NULL::varchar,
    "OWNER_NAME"      varchar(128) DEFAULT NULL::varchar,
    "OWNER_TYPE"      varchar(10) DEFAULT NULL::varchar,
    "CTLG_NAME"       varchar(256) DEFAULT 'hive',
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
    CONSTRAINT "PARTITIONS_pkey" PRIMARY KEY ("PART_ID"),
    CONSTRAINT "UNIQUEPARTITION" UNIQUE ("PART_NAME", "TBL_ID"),
    CONSTRAINT "PARTITIONS_SD_ID_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE,
    CONSTRAINT "PARTITIONS_TBL_ID_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "PARTITIONS_N49" ON "PARTITIONS" ("TBL_ID");
CREATE INDEX "PARTITIONS_N50" ON "PARTITIONS" ("SD_ID");

CREATE TABLE "PARTITION_PARAMS" (
    "PART_ID"     bigint NOT NULL,
    "PARAM_KEY"   varchar(256) NOT NULL,
    "PARAM_VALUE" varchar(4000) DEFAULT NULL::varchar,
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
    CONSTRAINT "KEY_CONSTRAINTS_pkey" PRIMARY KEY ("CONSTRAINT_NAME", "POSITION")
);
CREATE INDEX "CONSTRAINTS_CONSTRAINT_TYPE_INDEX"
    ON "KEY_CONSTRAINTS" ("CONSTRAINT_TYPE");
CREATE INDEX "CONSTRAINTS_PARENT_TBLID_INDEX" ON "KEY_CONSTRAINTS" ("PARENT_TBL_ID");

CREATE TABLE "IDXS" (
    "INDEX_ID"            bigint NOT NULL,
    "CREATE_TIME"         bigint NOT NULL,
    "DEFERRED_REBUILD"    boolean NOT NULL,
    "INDEX_HANDLER_CLASS" varchar(4000) DEFAULT NULL::varchar,
    "INDEX_NAME"          varchar(128) DEFAULT NULL::varchar,
    "INDEX_TBL_ID"        bigint,
    "LAST_ACCESS_TIME"    bigint NOT NULL,
    "ORIG_TBL_ID"         bigint,
    "SD_ID"               bigint,
    CONSTRAINT "IDXS_pkey" PRIMARY KEY ("INDEX_ID"),
    CONSTRAINT "UNIQUEINDEX" UNIQUE ("INDEX_NAME", "ORIG_TBL_ID"),
    CONSTRAINT "IDXS_INDEX_TBL_ID_fkey" FOREIGN KEY ("INDEX_TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE,
    CONSTRAINT "IDXS_ORIG_TBL_ID_fkey" FOREIGN KEY ("ORIG_TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE,
    CONSTRAINT "IDXS_SD_ID_fkey" FOREIGN KEY ("SD_ID")
        REFERENCES "SDS"("SD_ID") DEFERRABLE
);
CREATE INDEX "IDXS_N49" ON "IDXS" ("ORIG_TBL_ID");
CREATE INDEX "IDXS_N50" ON "IDXS" ("INDEX_TBL_ID");
CREATE INDEX "IDXS_N51" ON "IDXS" ("SD_ID");

CREATE TABLE "INDEX_PARAMS" (
    "INDEX_ID"    bigint NOT NULL,
    "PARAM_KEY"   varchar(256) NOT NULL,
    "PARAM_VALUE" varchar(4000) DEFAULT NULL::varchar,
    CONSTRAINT "INDEX_PARAMS_pkey" PRIMARY KEY ("INDEX_ID", "PARAM_KEY"),
    CONSTRAINT "INDEX_PARAMS_INDEX_ID_fkey" FOREIGN KEY ("INDEX_ID")
        REFERENCES "IDXS"("INDEX_ID") DEFERRABLE
);
CREATE INDEX "INDEX_PARAMS_N49" ON "INDEX_PARAMS" ("INDEX_ID");

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
    CONSTRAINT "TAB_COL_STATS_pkey" PRIMARY KEY ("CS_ID"),
    CONSTRAINT "TAB_COL_STATS_fkey" FOREIGN KEY ("TBL_ID")
        REFERENCES "TBLS"("TBL_ID") DEFERRABLE
);
CREATE INDEX "TAB_COL_STATS_IDX"
    ON "TAB_COL_STATS" ("CAT_NAME", "DB_NAME", "TABLE_NAME", "COLUMN_NAME");
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
    CONSTRAINT "PART_COL_STATS_pkey" PRIMARY KEY ("CS_ID"),
    CONSTRAINT "PART_COL_STATS_fkey" FOREIGN KEY ("PART_ID")
        REFERENCES "PARTITIONS"("PART_ID") DEFERRABLE
);
CREATE INDEX "PART_COL_STATS_N49" ON "PART_COL_STATS" ("PART_ID");
CREATE INDEX "PCS_STATS_IDX"
    ON "PART_COL_STATS" ("CAT_NAME", "DB_NAME", "TABLE_NAME", "COLUMN_NAME", "PARTITION_NAME");

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

CREATE TABLE "NOTIFICATION_SEQUENCE" (
    "NNI_ID"        bigint NOT NULL,
    "NEXT_EVENT_ID" bigint NOT NULL,
    CONSTRAINT "NOTIFICATION_SEQUENCE_pkey" PRIMARY KEY ("NNI_ID")
);
INSERT INTO "NOTIFICATION_SEQUENCE" ("NNI_ID", "NEXT_EVENT_ID")
    VALUES (1, 1);

CREATE TABLE "repl_txn_map" (
    "rtm_repl_policy"   varchar(256) NOT NULL,
    "rtm_src_txn_id"    bigint NOT NULL,
    "rtm_target_txn_id" bigint NOT NULL,
    CONSTRAINT "repl_txn_map_pkey" PRIMARY KEY ("rtm_repl_policy", "rtm_src_txn_id")
);

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
    "QUERY_PARALLELISM" integer,
    "STATUS"            varchar(20) NOT NULL,
    "DEFAULT_POOL_ID"   bigint,
    CONSTRAINT "WM_RESOURCEPLAN_pkey" PRIMARY KEY ("RP_ID"),
    CONSTRAINT "UNIQUE_WM_RESOURCEPLAN" UNIQUE ("NAME")
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
-- Transactions, locks and write ids (ACID)
-- --------------------------------------------------------------------------

CREATE TABLE "txns" (
    "txn_id"              bigint NOT NULL,
    "txn_state"           char(1) NOT NULL,
    "txn_started"         bigint NOT NULL,
    "txn_last_heartbeat"  bigint NOT NULL,
    "txn_user"            varchar(128) NOT NULL,
    "txn_host"            varchar(128) NOT NULL,
    "txn_agent_info"      varchar(128),
    "txn_meta_info"       varchar(128),
    "txn_heartbeat_count" integer,
    "txn_type"            integer,
    CONSTRAINT "txns_pkey" PRIMARY KEY ("txn_id")
);

CREATE TABLE "txn_components" (
    "tc_txnid"          bigint NOT NULL,
    "tc_database"       varchar(128) NOT NULL,
    "tc_table"          varchar(128),
    "tc_partition"      varchar(767) DEFAULT NULL::varchar,
    "tc_operation_type" char(1) NOT NULL,
    "tc_writeid"        bigint,
    CONSTRAINT "txn_components_tc_txnid_fkey" FOREIGN KEY ("tc_txnid")
        REFERENCES "txns"("txn_id")
);
CREATE INDEX "tc_txnid_index" ON "txn_components" USING hash ("tc_txnid");

CREATE TABLE "completed_txn_components" (
    "ctc_txnid"         bigint NOT NULL,
    "ctc_database"      varchar(128) NOT NULL,
    "ctc_table"         varchar(256),
    "ctc_partition"     varchar(767),
    "ctc_timestamp"     timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ctc_writeid"       bigint,
    "ctc_update_delete" char(1) NOT NULL
);
CREATE INDEX "completed_txn_components_index"
    ON "completed_txn_components" ("ctc_database", "ctc_table", "ctc_partition");

CREATE TABLE "next_txn_id" (
    "ntxn_next" bigint NOT NULL
);
INSERT INTO "next_txn_id" ("ntxn_next")
    VALUES (1);

CREATE TABLE "hive_locks" (
    "hl_lock_ext_id"      bigint NOT NULL,
    "hl_lock_int_id"      bigint NOT NULL,
    "hl_txnid"            bigint NOT NULL,
    "hl_db"               varchar(128) NOT NULL,
    "hl_table"            varchar(128),
    "hl_partition"        varchar(767) DEFAULT NULL::varchar,
    "hl_lock_state"       char(1) NOT NULL,
    "hl_lock_type"        char(1) NOT NULL,
    "hl_last_heartbeat"   bigint NOT NULL,
    "hl_acquired_at"      bigint,
    "hl_user"             varchar(128) NOT NULL,
    "hl_host"             varchar(128) NOT NULL,
    "hl_heartbeat_count"  integer,
    "hl_agent_info"       varchar(128),
    "hl_blockedby_ext_id" bigint,
    "hl_blockedby_int_id" bigint,
    CONSTRAINT "hive_locks_pkey" PRIMARY KEY ("hl_lock_ext_id", "hl_lock_int_id")
);
CREATE INDEX "hl_txnid_index" ON "hive_locks" USING hash ("hl_txnid");

CREATE TABLE "next_lock_id" (
    "nl_next" bigint NOT NULL
);
INSERT INTO "next_lock_id" ("nl_next")
    VALUES (1);

CREATE TABLE "txn_to_write_id" (
    "t2w_txnid"    bigint NOT NULL,
    "t2w_database" varchar(128) NOT NULL,
    "t2w_table"    varchar(256) NOT NULL,
    "t2w_writeid"  bigint NOT NULL
);
CREATE UNIQUE INDEX "tbl_to_txn_id_idx"
    ON "txn_to_write_id" ("t2w_database", "t2w_table", "t2w_txnid");
CREATE UNIQUE INDEX "tbl_to_write_id_idx"
    ON "txn_to_write_id" ("t2w_database", "t2w_table", "t2w_writeid");

CREATE TABLE "next_write_id" (
    "nwi_database" varchar(128) NOT NULL,
    "nwi_table"    varchar(256) NOT NULL,
    "nwi_next"     bigint NOT NULL
);
CREATE UNIQUE INDEX "next_write_id_idx" ON "next_write_id" ("nwi_database", "nwi_table");

CREATE TABLE "min_history_level" (
    "mhl_txnid"          bigint NOT NULL,
    "mhl_min_open_txnid" bigint NOT NULL,
    CONSTRAINT "min_history_level_pkey" PRIMARY KEY ("mhl_txnid")
);
CREATE INDEX "min_history_level_idx" ON "min_history_level" ("mhl_min_open_txnid");

CREATE TABLE "write_set" (
    "ws_database"       varchar(128) NOT NULL,
    "ws_table"          varchar(128) NOT NULL,
    "ws_partition"      varchar(767),
    "ws_txnid"          bigint NOT NULL,
    "ws_commit_id"      bigint NOT NULL,
    "ws_operation_type" char(1) NOT NULL
);

CREATE TABLE "materialization_rebuild_locks" (
    "mrl_txn_id"         bigint NOT NULL,
    "mrl_db_name"        varchar(128) NOT NULL,
    "mrl_tbl_name"       varchar(256) NOT NULL,
    "mrl_last_heartbeat" bigint NOT NULL,
    CONSTRAINT "materialization_rebuild_locks_pkey" PRIMARY KEY ("mrl_txn_id")
);

-- --------------------------------------------------------------------------
-- Compaction
-- --------------------------------------------------------------------------

CREATE TABLE "compaction_queue" (
    "cq_id"               bigint NOT NULL,
    "cq_database"         varchar(128) NOT NULL,
    "cq_table"            varchar(128) NOT NULL,
    "cq_partition"        varchar(767),
    "cq_state"            char(1) NOT NULL,
    "cq_type"             char(1) NOT NULL,
    "cq_tblproperties"    varchar(2048),
    "cq_worker_id"        varchar(128),
    "cq_start"            bigint,
    "cq_run_as"           varchar(128),
    "cq_highest_write_id" bigint,
    "cq_meta_info"        bytea,
    "cq_hadoop_job_id"    varchar(32),
    CONSTRAINT "compaction_queue_pkey" PRIMARY KEY ("cq_id")
);

CREATE TABLE "next_compaction_queue_id" (
    "ncq_next" bigint NOT NULL
);
INSERT INTO "next_compaction_queue_id" ("ncq_next")
    VALUES (1);

CREATE TABLE "completed_compactions" (
    "cc_id"               bigint NOT NULL,
    "cc_database"         varchar(128) NOT NULL,
    "cc_table"            varchar(128) NOT NULL,
    "cc_partition"        varchar(767),
    "cc_state"            char(1) NOT NULL,
    "cc_type"             char(1) NOT NULL,
    "cc_tblproperties"    varchar(2048),
    "cc_worker_id"        varchar(128),
    "cc_start"            bigint,
    "cc_end"              bigint,
    "cc_run_as"           varchar(128),
    "cc_highest_write_id" bigint,
    "cc_meta_info"        bytea,
    "cc_hadoop_job_id"    varchar(32),
    CONSTRAINT "completed_compactions_pkey" PRIMARY KEY ("cc_id")
);

CREATE TABLE "aux_table" (
    "mt_key1"    varchar(128) NOT NULL,
    "mt_key2"    bigint NOT NULL,
    "mt_comment" varchar(255),
    CONSTRAINT "aux_table_pkey" PRIMARY KEY ("mt_key1", "mt_key2")
);

-- --------------------------------------------------------------------------
-- Runtime statistics
-- --------------------------------------------------------------------------

CREATE TABLE "runtime_stats" (
    "rs_id"       bigint NOT NULL,
    "create_time" bigint NOT NULL,
    "weight"      bigint NOT NULL,
    "payload"     bytea,
    CONSTRAINT "runtime_stats_pkey" PRIMARY KEY ("rs_id")
);
CREATE INDEX "idx_runtime_stats_create_time" ON "runtime_stats" ("create_time");

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
    VALUES (1, '3.1.0', 'Hive release version 3.1.0');
