/*
 * names.h
 *    Object names as Hive treats them: normalised (trimmed, lower case),
 *    validated, and split out of the "@catalog#database" form that Hive's
 *    own clients send in a database-name argument.
 */
#ifndef HMS_NAMES_H
#define HMS_NAMES_H

#include <glib.h>

/* Trimmed and lower-cased copy; NULL for NULL. */
char    *hms_name_normalize (const char *name);

/*
 * Hive's MetaStoreUtils.validateName: one or more of [A-Za-z0-9_], plus the
 * special characters Hive allows when hive.support.special.characters.tablename
 * is on (its default).
 */
gboolean hms_name_is_valid (const char *name, gboolean allow_special_characters);

/*
 * Splits a database-name argument as Hive's parseDbName does: "@cat#db"
 * gives catalog "cat" and database "db" ("@cat#" a NULL database, meaning
 * all; "@cat#!" an empty one); anything else, "@x" included, is a database
 * name in default_catalog.  Both results are normalised.  Never fails today;
 * the error is there for callers that chain it.
 */
gboolean hms_name_parse_database (const char *argument, const char *default_catalog,
                                  char **catalog, char **database, GError **error);

/*
 * Turns a Hive name pattern into SQL LIKE patterns, one per "|"
 * alternative, as DataNucleus translates Hive's JDOQL name.matches():
 * "*" matches any run of characters, "." any one character, "\\." a dot,
 * and everything else itself ("_" and "%" included).  Returns a JSON array
 * of the patterns, lower-cased, for
 * lower(name) LIKE ANY (SELECT json_array_elements_text(...)).
 */
char    *hms_name_pattern_to_like (const char *pattern);

#endif /* HMS_NAMES_H */
