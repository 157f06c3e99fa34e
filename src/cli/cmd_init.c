/*
 * cmd_init.c - `homeward init`: create a database.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "core/banned.h"

int cmd_init(int argc, char **argv, struct cli *cli)
{
	struct hw_store *st = NULL;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: homeward [--db PATH] init\n\n"
		       "Creates an empty Homeward database at PATH (schema version %d).\n"
		       "An existing Homeward database is left alone (exit status 1).\n",
		       hw_store_schema_latest());
		return 0;
	}
	if (argc > 1)
		return cli_usage_error(cli, "init takes no arguments");
	if ((rc = cli_open(cli, HW_STORE_CREATE, &st)))
		return rc;
	printf("created %s (schema version %d)\n", cli->db_path, hw_store_schema_version(st));
	hw_store_close(st);
	return 0;
}
