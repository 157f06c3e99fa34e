/*
 * cmd_user.c - `homeward user add|passwd|disable|list`: the users of the
 * server and their roles (homeward/auth.h, docs/security.md).  Every
 * change is audited with the actor "cli:LOGIN".
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/auth_json.h"
#include "cli/cli_auth.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward user add NAME --role ROLE [--password-stdin]\n"
	"       homeward user passwd NAME [--password-stdin]\n"
	"       homeward user disable NAME\n"
	"       homeward user list [--format text|json]\n\n"
	"The users of the server (docs/security.md).  Without --password-stdin a\n"
	"password is generated and printed once; with it, the password is the first\n"
	"line of stdin (at least 12 characters, not the user name).  A new password\n"
	"and disabling end the user's sessions.  Users are never deleted.\n\n"
	"  NAME      2 to 32 characters: a-z, then a-z, 0-9, '.', '_', '-'\n"
	"  ROLE      admin, coordinator, registrar, verifier, medical or analyst\n";

enum { OPT_ROLE = 3000, OPT_PASSWORD_STDIN };

struct user_opts {
	const char *name;
	const char *role;
	int password_stdin;
	enum cli_format format;
};

static int parse_opts(int argc, char **argv, struct cli *cli, struct user_opts *o)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "password-stdin", no_argument, NULL, OPT_PASSWORD_STDIN },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc = 0;

	memset(o, 0, sizeof(*o));
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_ROLE)
			o->role = optarg;
		else if (opt == OPT_PASSWORD_STDIN)
			o->password_stdin = 1;
		else if (opt == OPT_FORMAT)
			rc = cli_parse_format(cli, optarg, 1, 0, &o->format);
	}
	if (!rc && optind < argc)
		o->name = argv[optind++];
	if (!rc && optind < argc)
		rc = cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	return rc;
}

/* Refuses the options a subcommand does not take. */
static int only(struct cli *cli, const struct user_opts *o, int name, int role, int pw,
		int format)
{
	if (name && !o->name)
		return cli_usage_error(cli, "a user name is needed");
	if (!name && o->name)
		return cli_usage_error(cli, "unexpected argument '%s'", o->name);
	if (role && !o->role)
		return cli_usage_error(cli, "--role is needed");
	if (!role && o->role)
		return cli_usage_error(cli, "option '--role' is not for this command");
	if (!pw && o->password_stdin)
		return cli_usage_error(cli, "option '--password-stdin' is not for this command");
	if (!format && o->format != CLI_TEXT)
		return cli_usage_error(cli, "option '--format' is not for this command");
	return 0;
}

/* Sets a password: add (role given) or passwd. */
static int set_password(struct cli *cli, const struct user_opts *o, int adding)
{
	struct hw_store *st = NULL;
	char *password = NULL, *generated = NULL, actor[96];
	struct hw_actor who;
	struct hw_error err;
	enum hw_role role = HW_ROLE_ANALYST;
	enum hw_err e;
	int rc;

	hw_error_clear(&err);
	cli_who(&who, actor, sizeof(actor));
	if (adding && (hw_auth_check_name(o->name, &err) || hw_role_parse(o->role, &role, &err)))
		return cli_fail(&err);
	if (o->password_stdin && (rc = cli_read_password(&password)))
		return rc;
	if ((rc = cli_open(cli, 0, &st)))
		goto out;
	if (adding)
		e = hw_auth_user_add(st, o->name, role, password, &generated, &who, cli_now(), &err);
	else
		e = hw_auth_user_passwd(st, o->name, password, &generated, &who, cli_now(), &err);
	if (e) {
		rc = cli_fail(&err);
		goto out;
	}
	if (adding)
		printf("added user '%s' with role %s\n", o->name, hw_role_name(role));
	else
		printf("changed the password of '%s'; its sessions have ended\n", o->name);
	if (generated)
		cli_print_generated(o->name, generated);
	generated = NULL;
out:
	hw_auth_secret_free(password);
	hw_auth_secret_free(generated);
	hw_store_close(st);
	return rc;
}

static int disable(struct cli *cli, const struct user_opts *o)
{
	struct hw_store *st = NULL;
	struct hw_actor who;
	struct hw_error err;
	char actor[96];
	int rc;

	hw_error_clear(&err);
	cli_who(&who, actor, sizeof(actor));
	if ((rc = cli_open(cli, 0, &st)))
		return rc;
	if (hw_auth_user_disable(st, o->name, &who, cli_now(), &err))
		rc = cli_fail(&err);
	else
		printf("disabled user '%s'; its sessions have ended\n", o->name);
	hw_store_close(st);
	return rc;
}

static int print_text(void *ctx, const struct hw_user *u)
{
	char at[32];

	(void)ctx;
	cli_format_time(u->created_at, at);
	printf("%-32s %-11s %-8s %s\n", u->name, hw_role_name(u->role),
	       u->disabled ? "disabled" : "active", at);
	return 0;
}

static int add_json(void *ctx, const struct hw_user *u)
{
	json_t *j = hw_user_to_json(u);

	return !j || json_array_append_new(ctx, j);
}

static int list(struct cli *cli, const struct user_opts *o)
{
	struct hw_store *st = NULL;
	struct hw_error err;
	json_t *arr = NULL;
	char *s;
	int rc;

	hw_error_clear(&err);
	if ((rc = cli_open(cli, HW_STORE_READONLY, &st)))
		return rc;
	if (o->format == CLI_JSON && !(arr = json_array())) {
		rc = 3;
	} else if (hw_auth_user_each(st, arr ? add_json : print_text, arr, &err)) {
		rc = cli_fail(&err);
	} else if (arr) {
		if ((s = json_dumps(arr, JSON_INDENT(2))))
			printf("%s\n", s);
		rc = s ? 0 : 3;
		free(s);
	}
	json_decref(arr);
	hw_store_close(st);
	return rc;
}

int cmd_user(int argc, char **argv, struct cli *cli)
{
	struct user_opts o;
	const char *sub;
	int rc;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	if (argc < 2)
		return cli_usage_error(cli, "a subcommand is needed (add, passwd, disable, list)");
	sub = argv[1];
	if ((rc = parse_opts(argc - 1, argv + 1, cli, &o)))
		return rc;
	if (!strcmp(sub, "add"))
		return only(cli, &o, 1, 1, 1, 0) ? EXIT_USAGE : set_password(cli, &o, 1);
	if (!strcmp(sub, "passwd"))
		return only(cli, &o, 1, 0, 1, 0) ? EXIT_USAGE : set_password(cli, &o, 0);
	if (!strcmp(sub, "disable"))
		return only(cli, &o, 1, 0, 0, 0) ? EXIT_USAGE : disable(cli, &o);
	if (!strcmp(sub, "list"))
		return only(cli, &o, 0, 0, 0, 1) ? EXIT_USAGE : list(cli, &o);
	return cli_usage_error(cli, "unknown subcommand '%s' (add, passwd, disable, list)", sub);
}
