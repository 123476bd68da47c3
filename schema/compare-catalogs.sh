#!/bin/sh
# compare-catalogs.sh -- compare two metastore databases object by object.
#
# Usage:  compare-catalogs.sh [-n] [-s SCHEMA] DB_A DB_B
#
#   Connects with psql to both databases (use the usual PGHOST, PGPORT,
#   PGUSER, PGPASSWORD environment variables), writes a normalised text
#   description of each and prints a unified diff.  Exit status 0 when the
#   two descriptions are identical, 1 when they differ, 2 on error.
#
#   What is described (for the tables of SCHEMA, default "public"):
#     - tables and sequences, with owner, persistence and ACL
#     - the ACL of the schema itself
#     - columns: type with length/precision, NOT NULL, default, collation,
#       identity/generated (sorted by name), and the column order per table
#       (left out with -n, e.g. when an upgraded database, whose added
#       columns come last, is compared with a freshly created one)
#     - indexes (pg_get_indexdef), constraints (name, pg_get_constraintdef),
#       triggers, views, functions/procedures, comments
#     - sequences: parameters, the column owning them, current state
#     - the rows of every table, sorted
#
#   psql must be on PATH.  Nothing is written to the databases.

set -u

order=1
schema=public
while [ $# -gt 0 ]; do
    case "$1" in
        -n) order=0; shift ;;
        -s) schema="$2"; shift 2 ;;
        --) shift; break ;;
        -*) echo "usage: $0 [-n] [-s SCHEMA] DB_A DB_B" >&2; exit 2 ;;
        *) break ;;
    esac
done
if [ $# -ne 2 ]; then
    echo "usage: $0 [-n] [-s SCHEMA] DB_A DB_B" >&2
    exit 2
fi

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

describe() {
    # $1 = database, $2 = output file
    psql -X -q -A -t -v ON_ERROR_STOP=1 -v sch="$schema" -v with_order="$order" \
         -d "$1" >"$2" <<'SQL' || return 1
SET search_path = pg_catalog;

SELECT '== schema acl';
SELECT n.nspname || ' acl=' || coalesce(n.nspacl::text, '(default)')
  FROM pg_namespace n WHERE n.nspname = :'sch';

SELECT '== relations';
SELECT c.relname || ' kind=' || c.relkind::text || ' persistence=' || c.relpersistence::text
       || ' owner=' || pg_get_userbyid(c.relowner)
       || ' acl=' || coalesce(c.relacl::text, '(default)')
       || ' options=' || coalesce(c.reloptions::text, '')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
 ORDER BY c.relname;

SELECT '== columns';
SELECT c.relname || '.' || a.attname
       || ' ' || format_type(a.atttypid, a.atttypmod)
       || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
       || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
       || CASE WHEN a.attcollation <> t.typcollation
               THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
       || CASE a.attidentity WHEN '' THEN '' ELSE ' IDENTITY ' || a.attidentity::text END
       || CASE a.attgenerated WHEN '' THEN '' ELSE ' GENERATED ' || a.attgenerated::text END
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE n.nspname = :'sch' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
   AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY c.relname, a.attname;

SELECT '== column order';
SELECT c.relname || ': ' || string_agg(a.attname, ', ' ORDER BY a.attnum)
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
   AND a.attnum > 0 AND NOT a.attisdropped
   AND :'with_order' = '1'
 GROUP BY c.relname
 ORDER BY c.relname;

SELECT '== indexes';
SELECT i.relname || ': ' || pg_get_indexdef(i.oid)
       || CASE WHEN x.indisclustered THEN ' CLUSTERED' ELSE '' END
       || CASE WHEN NOT x.indisvalid THEN ' INVALID' ELSE '' END
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_namespace n ON n.oid = i.relnamespace
 WHERE n.nspname = :'sch'
 ORDER BY i.relname;

SELECT '== constraints';
SELECT c.relname || ' ' || k.conname || ' [' || k.contype::text || ']: '
       || pg_get_constraintdef(k.oid)
  FROM pg_constraint k
  JOIN pg_class c ON c.oid = k.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch'
 ORDER BY c.relname, k.conname;

SELECT '== sequences';
SELECT c.relname || ' type=' || format_type(s.seqtypid, NULL)
       || ' start=' || s.seqstart || ' inc=' || s.seqincrement
       || ' min=' || s.seqmin || ' max=' || s.seqmax
       || ' cache=' || s.seqcache || ' cycle=' || s.seqcycle
       || ' owned_by=' || coalesce((
            SELECT oc.relname || '.' || oa.attname
              FROM pg_depend dp
              JOIN pg_class oc ON oc.oid = dp.refobjid
              JOIN pg_attribute oa ON oa.attrelid = dp.refobjid
                                  AND oa.attnum = dp.refobjsubid
             WHERE dp.classid = 'pg_class'::regclass AND dp.objid = c.oid
               AND dp.refclassid = 'pg_class'::regclass
               AND dp.deptype IN ('a', 'i')), '-')
  FROM pg_sequence s
  JOIN pg_class c ON c.oid = s.seqrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch'
 ORDER BY c.relname;

SELECT '== sequence state';
SELECT format('SELECT %L || '' last_value='' || last_value || '' is_called='' || is_called FROM %I.%I',
              c.relname, n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch' AND c.relkind = 'S'
 ORDER BY c.relname
\gexec

SELECT '== triggers';
SELECT c.relname || ' ' || t.tgname || ': ' || pg_get_triggerdef(t.oid)
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch' AND NOT t.tgisinternal
 ORDER BY c.relname, t.tgname;

SELECT '== views';
SELECT c.relname || ': ' || pg_get_viewdef(c.oid)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch' AND c.relkind IN ('v', 'm')
 ORDER BY c.relname;

SELECT '== routines';
SELECT p.oid::regprocedure::text || ': ' || pg_get_functiondef(p.oid)
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = :'sch' AND p.prokind IN ('f', 'p')
 ORDER BY 1;

SELECT '== types';
SELECT t.typname || ' ' || t.typtype::text
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE n.nspname = :'sch' AND t.typtype IN ('e', 'd', 'c', 'r')
   AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.oid = t.typrelid
                   AND c.relkind <> 'c')
 ORDER BY 1;

SELECT '== comments';
SELECT c.relname || coalesce('.' || a.attname, '') || ': ' || d.description
  FROM pg_description d
  JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND c.oid = d.objoid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid
 WHERE n.nspname = :'sch'
 ORDER BY 1;

SELECT '== rows';
SELECT format('SELECT %L || '': '' || t::text FROM %I.%I t ORDER BY t::text',
              c.relname, n.nspname, c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = :'sch' AND c.relkind IN ('r', 'p')
 ORDER BY c.relname
\gexec
SQL
}

describe "$1" "$tmp/a" || { echo "cannot describe database $1" >&2; exit 2; }
describe "$2" "$tmp/b" || { echo "cannot describe database $2" >&2; exit 2; }

if diff -u --label "$1" --label "$2" "$tmp/a" "$tmp/b"; then
    echo "identical: $1 and $2 ($(grep -c . "$tmp/a") description lines)"
    exit 0
fi
exit 1
