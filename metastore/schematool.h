/*
 * schematool.h
 *    `hms schematool`: Hive's metastore schema tool (MetastoreSchemaTool)
 *    for PostgreSQL, with Hive's options, output and exit codes, so that
 *    scripts and images written for `schematool -dbType postgres ...` work
 *    unchanged.
 */
#ifndef HMS_SCHEMATOOL_H
#define HMS_SCHEMATOOL_H

/*
 * Runs the tool: argv[0] is "schematool", the rest Hive's options (single
 * or double dash: -dbType postgres with exactly one of -initSchema,
 * -initSchemaTo V, -upgradeSchema, -upgradeSchemaFrom V,
 * -initOrUpgradeSchema, -info, -validate, -help; also -dryRun, -verbose,
 * -userName, -passWord, -url, -driver, -servers) and hms's configuration
 * options (--conf DIR, -D key=value, --hiveconf key=value; SERVICE_OPTS is
 * read as by `hms serve`).  Prints to stdout and stderr; returns the exit
 * code: 0 on success, 1 on any failure, after "*** schemaTool failed ***".
 */
int hms_schematool_main (int argc, char **argv);

#endif /* HMS_SCHEMATOOL_H */
