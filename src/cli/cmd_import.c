/*
 * cmd_import.c - `homeward import persons FILE.csv`.
 *
 * One audit record per import (person.import: the file, its size and
 * SHA-256, the counts), written in the import's transaction by its
 * before_commit hook (cli_audit.h): the import and its record commit
 * together, or neither.
 */
#include <errno.h>
#include <string.h>

#include "homeward/registry.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward import persons FILE.csv [--skip-invalid [--rejects OUT.csv]]\n"
	"                                        [--source LABEL]\n\n"
	"Imports persons in the interchange format (docs/formats.md) in one\n"
	"transaction.  Any invalid row aborts the import, listing every error as\n"
	"FILE:LINE:COLUMN: field: message, and the database is left unchanged.\n"
	"A row whose reference is already known updates that person: importing\n"
	"the same file twice changes nothing the second time.\n\n"
	"  --skip-invalid    import the valid rows and leave out the invalid ones\n"
	"  --rejects FILE    with --skip-invalid: write the rejected rows there,\n"
	"                    with a 'reason' column (default: FILE.rejects.csv)\n"
	"  --source LABEL    the source of references written without one\n"
	"                    (default: import)\n";

int cmd_import(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },
		{ "rejects", required_argument, NULL, OPT_REJECTS },
		{ "source", required_argument, NULL, OPT_SOURCE },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_import_options o = { .source_label = "import", .max_errors = 50,
				       .diagnostics = stderr, .before_commit = cli_audit_import };
	struct cli_audit_import audit = { NULL, NULL, 0 };
	struct hw_import_result res;
	struct hw_store *st = NULL;
	struct cli_out rej = { NULL, NULL, NULL };
	struct hw_error err;
	char rej_path[4096];
	const char *rejects = NULL;
	FILE *in = NULL;
	int opt, rc = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_SKIP_INVALID)
			o.skip_invalid = 1;
		else if (opt == OPT_REJECTS)
			rejects = optarg;
		else if (opt == OPT_SOURCE && (!*optarg || strchr(optarg, ':') || strchr(optarg, ';')))
			rc = cli_usage_error(cli, "--source takes a label without ':' or ';'");
		else if (opt == OPT_SOURCE)
			o.source_label = optarg;
	}
	if (rc)
		return rc;
	if (argc - optind != 2 || strcmp(argv[optind], "persons"))
		return cli_usage_error(cli, "use 'homeward import persons FILE.csv'");
	if (rejects && !o.skip_invalid)
		return cli_usage_error(cli, "--rejects goes with --skip-invalid");
	in = fopen(argv[optind + 1], "rb");
	if (!in) {
		fprintf(stderr, "homeward: cannot read '%s': %s\n", argv[optind + 1], strerror(errno));
		return 1;
	}
	if ((rc = cli_open(cli, 0, &st)))
		goto out;
	if (o.skip_invalid) {
		if (!rejects) {
			snprintf(rej_path, sizeof(rej_path), "%s.rejects.csv", argv[optind + 1]);
			rejects = rej_path;
		}
		if ((rc = cli_out_open(&rej, rejects)))
			goto out;
		o.rejects = rej.f;
	}
	audit.file = argv[optind + 1];
	audit.source_label = o.source_label;
	audit.skip_invalid = o.skip_invalid;
	o.before_commit_ctx = &audit;
	if (hw_registry_import_persons(st, in, argv[optind + 1], &o, &res, &err)) {
		rc = cli_fail(&err);
		cli_out_abort(&rej);
		goto out;
	}
	if (o.skip_invalid && (rc = cli_out_commit(&rej)))
		goto out;
	printf("%s: %ld rows: %ld created, %ld updated, %ld unchanged, %ld rejected\n",
	       argv[optind + 1], res.rows, res.created, res.updated, res.unchanged, res.rejected);
	if (res.rejected)
		printf("rejected rows are in %s\n", rejects);
out:
	if (rej.f)
		cli_out_abort(&rej);
	hw_store_close(st);
	fclose(in);
	return rc;
}
