/*
 * cmd_init.c - `homeward init`: create a database and its first admin.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "cli/cli_auth.h"
#include "cli/commands.h"
#include "core/banned.h"

/* The first admin, with a generated password printed once. */
static int first_admin(struct hw_store *st)
{
	char *generated = NULL, actor[96];
	struct hw_actor who;
	struct hw_error err;

	hw_error_clear(&err);
	cli_who(&who, actor, sizeof(actor));
	if (hw_auth_user_add(st, "admin", HW_ROLE_ADMIN, NULL, &generated, &who, cli_now(),
			     &err))
		return cli_fail(&err);
	printf("added user 'admin' with role admin\n");
	cli_print_generated("admin", generated);
	return 0;
}

int cmd_init(int argc, char **argv, struct cli *cli)
{
	struct hw_store *st = NULL;
	mode_t mask;
	int rc;

	if (cli_wants_help(argc, argv)) {
		printf("usage: homeward [--db PATH] init\n\n"
		       "Creates an empty Homeward database at PATH (schema version %d).\n"
		       "An existing Homeward database is left alone (exit status 1).\n"
		       "The database is readable by its owner only.  The first user, 'admin',\n"
		       "gets a generated password, printed once.\n",
		       hw_store_schema_latest());
		return 0;
	}
	if (argc > 1)
		return cli_usage_error(cli, "init takes no arguments");
	/* the registry holds data about vulnerable people: owner only, for
	 * the database and its -wal and -shm files alike */
	mask = umask(077);
	rc = cli_open(cli, HW_STORE_CREATE, &st);
	umask(mask);
	if (rc)
		return rc;
	printf("created %s (schema version %d)\n", cli->db_path, hw_store_schema_version(st));
	rc = first_admin(st);
	hw_store_close(st);
	return rc;
}
