-- ==========================================================================
-- setup-db.sql -- create the metastore role and database (run once)
--
-- What an operator runs once, as a PostgreSQL superuser (or a role with
-- CREATEROLE and CREATEDB), before `hms schematool` creates the tables:
--
--   psql -X -v ON_ERROR_STOP=1 \
--        -v hms_user=hive -v hms_password='secret' \
--        -v hms_db=metastore \
--        -v hms_password_encryption=md5 \
--        -h DBHOST -U postgres -d postgres -f sql/setup-db.sql
--
-- Every -v is optional; the defaults are
--   hms_user                 hive
--   hms_password             hive      (change it: pass -v hms_password=...)
--   hms_db                   metastore
--   hms_password_encryption  scram-sha-256
--
-- Password storage: PostgreSQL stores the hash chosen by the setting
-- password_encryption at the moment the password is set.  This script sets
-- it from hms_password_encryption just before CREATE/ALTER ROLE, i.e.
--   SET password_encryption = 'md5';             -- md5 hash, as the seed
--                                                -- deployment uses
--   SET password_encryption = 'scram-sha-256';   -- the default here
-- A pg_hba.conf line with method "md5" accepts both kinds of stored
-- password (with a SCRAM hash it runs SCRAM); method "scram-sha-256" needs a
-- SCRAM hash.  Use md5 only for clients that cannot do SCRAM (very old JDBC
-- drivers), or to match an existing deployment.
--
-- It is a psql script (it uses \if, \set, \gset and \connect), not
-- something for hms schematool.  Do not run it with -1/--single-transaction:
-- CREATE DATABASE cannot run inside a transaction block.  Running it again
-- is harmless: an existing role gets its password (and LOGIN) reset, an
-- existing database owned by that role is left alone, and one owned by
-- another role stops the script with an error.
--
-- The database is created with UTF8 encoding from template0, with the
-- cluster's default locale; if the cluster's locale is not UTF-8 capable,
-- create the database by hand with a suitable LOCALE.
-- ==========================================================================

\if :{?hms_user}
\else
\set hms_user hive
\endif
\if :{?hms_password}
\else
\set hms_password hive
\endif
\if :{?hms_db}
\else
\set hms_db metastore
\endif
\if :{?hms_password_encryption}
\else
\set hms_password_encryption scram-sha-256
\endif

\echo 'role:' :"hms_user" ' database:' :"hms_db" ' password hash:' :hms_password_encryption

-- Refuse to touch anything if a database of that name belongs to another
-- role (re-running for the same role is fine).
SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'hms_db') AS hms_db_exists,
       coalesce((SELECT pg_get_userbyid(datdba) = :'hms_user'
                   FROM pg_database WHERE datname = :'hms_db'), true) AS hms_db_ok
\gset
\if :hms_db_ok
\else
SELECT format('DO $e$ BEGIN RAISE EXCEPTION %L; END $e$',
              format('database "%s" exists and is not owned by "%s"', :'hms_db', :'hms_user'))
\gexec
\quit
\endif

-- The role -----------------------------------------------------------------
SET password_encryption = :'hms_password_encryption';

SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'hms_user') AS hms_role_exists
\gset
\if :hms_role_exists
ALTER ROLE :"hms_user" WITH LOGIN PASSWORD :'hms_password';
\else
CREATE ROLE :"hms_user" WITH LOGIN PASSWORD :'hms_password';
\endif

RESET password_encryption;

-- The database -------------------------------------------------------------
\if :hms_db_exists
\echo 'database' :"hms_db" 'already exists, owned by' :"hms_user"
\else
CREATE DATABASE :"hms_db" WITH OWNER :"hms_user" ENCODING 'UTF8' TEMPLATE template0;
\endif

-- Inside the new database: let the metastore role own the schema its tables
-- go to.  (From PostgreSQL 15 on the database owner already controls
-- "public"; on older servers "public" belongs to the bootstrap superuser.)
-- Owning it lets the schema scripts' GRANT/REVOKE on "public" take effect
-- instead of only warning.
\connect :"hms_db"
ALTER SCHEMA public OWNER TO :"hms_user";

-- Optional hardening, left to the operator: other roles of the cluster may
-- connect to the new database by default; uncomment to allow only the
-- metastore role (and superusers).
-- REVOKE CONNECT ON DATABASE :"hms_db" FROM PUBLIC;

\echo 'done: now run "hms schematool -initSchema" (or -upgradeSchema) as' :"hms_user"
