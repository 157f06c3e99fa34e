/*
 * main.c - the `homeward` command: global options and the table of
 * subcommands, each in its own cmd_*.c file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/banned.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct cli *cli);
	const char *help;
};

static const struct command commands[] = {
	{ "init", cmd_init, "create a database" },
	{ "person", cmd_person, "add, show, edit or list persons" },
	{ "event", cmd_event, "add an event to a person's history" },
	{ "history", cmd_history, "show a person's history" },
	{ "import", cmd_import, "import persons from CSV" },
	{ "export", cmd_export, "export persons as CSV or JSON" },
	{ "search", cmd_search, "find the persons a name may be, in any script" },
	{ "match", cmd_match, "check every name of a list against the registry" },
	{ "exchange", cmd_exchange, "agreements, stages, lists, verification, completion" },
	{ "report", cmd_report, "the figures of a stage, an agreement or a period" },
	{ "generate", cmd_generate, "generate synthetic persons (CSV) for tests and demos" },
	{ "demo", cmd_demo, "create a demo database reproducing published exchanges" },
	{ "user", cmd_user, "add, change, disable or list the users of the server" },
	{ "audit", cmd_audit, "verify or read the audit trail" },
	{ "serve", cmd_serve, "serve the JSON API over HTTP" },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: homeward [--db PATH] COMMAND [ARGS]\n\n"
		     "Homeward: registry of prisoners of war and detained civilians.\n\n"
		     "commands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(out, "\noptions:\n"
		     "  --db PATH   the database (default: $HOMEWARD_DB, else homeward.db)\n"
		     "  --help      this help; 'homeward COMMAND --help' for a command\n"
		     "  --version   the version\n\n"
		     "exit status: 0 success, 1 bad input or refused operation,\n"
		     "             2 usage error, 3 internal error\n");
}

int main(int argc, char **argv)
{
	struct cli cli = { NULL, "homeward" };
	char prog[64];
	size_t i;
	int a = 1;

	cli.db_path = getenv("HOMEWARD_DB");
	while (a < argc && argv[a][0] == '-') {
		if (!strcmp(argv[a], "--db") && a + 1 < argc) {
			cli.db_path = argv[a + 1];
			a += 2;
		} else if (!strncmp(argv[a], "--db=", 5)) {
			cli.db_path = argv[a] + 5;
			a++;
		} else if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[a], "--version")) {
			printf("homeward %s\n", HOMEWARD_VERSION);
			return 0;
		} else {
			fprintf(stderr, "homeward: unknown option '%s'\n", argv[a]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!cli.db_path || !*cli.db_path)
		cli.db_path = "homeward.db";
	if (a >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[a], commands[i].name))
			continue;
		snprintf(prog, sizeof(prog), "homeward %s", commands[i].name);
		cli.prog = prog;
		optind = 1; /* each command parses its own argv with getopt_long */
		opterr = 0;
		return commands[i].fn(argc - a, argv + a, &cli);
	}
	fprintf(stderr, "homeward: '%s' is not a command; see 'homeward --help'\n", argv[a]);
	return EXIT_USAGE;
}
