/*
 * cmd_export.c - `homeward export persons`.
 *
 * Audited as one record (person.export: the format, the output, how many
 * persons and which, the SHA-256 of the output), committed before the
 * output can be seen (cli_listing.c).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/persons_csv.h"
#include "homeward/persons_json.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward export persons [--format csv|json] [--output FILE]\n\n"
	"Writes every person in the interchange format (docs/formats.md): CSV by\n"
	"default, which 'homeward import persons' reads back to the same registry,\n"
	"or JSON (an array, with every name record and reference).  --output\n"
	"writes the file atomically; without it the data goes to stdout.\n";

/* How a person is written: the writer is pointed at each chunk of output. */
struct export_ctx {
	enum cli_format fmt;
	struct hw_csv_writer w;
};

static enum hw_err export_begin(void *ctx, struct hw_buf *out)
{
	struct export_ctx *x = ctx;

	if (x->fmt != CLI_CSV)
		return HW_OK;
	hw_csv_writer_init(&x->w, out);
	return hw_persons_csv_write_header(&x->w);
}

static enum hw_err export_one(void *ctx, const struct hw_person *p, size_t i, struct hw_buf *out)
{
	struct export_ctx *x = ctx;
	enum hw_err rc;
	json_t *j;
	char *s;

	if (x->fmt == CLI_CSV) {
		hw_csv_writer_init(&x->w, out);
		return hw_persons_csv_write(&x->w, p);
	}
	/* keys in the order the person is built in (jansson keeps it) */
	j = hw_person_to_json(p, HW_JSON_HEALTH);
	s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	rc = s ? hw_buf_addf(out, "%s%s", i ? ",\n" : "[\n", s) : HW_NOMEM;
	free(s);
	json_decref(j);
	return rc;
}

static enum hw_err export_end(void *ctx, size_t n, struct hw_buf *out)
{
	const struct export_ctx *x = ctx;

	return x->fmt == CLI_JSON ? hw_buf_addstr(out, n ? "\n]\n" : "[]\n") : HW_OK;
}

int cmd_export(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	struct export_ctx x = { CLI_CSV, { NULL, 0, 0 } };
	struct hw_person_filter all = { 0 };
	struct cli_listing l;
	struct hw_store *st = NULL;
	const char *path = "-";
	json_t *detail = NULL;
	int opt, rc = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_FORMAT)
			rc = cli_parse_format(cli, optarg, 0, 1, &x.fmt);
		else
			path = optarg;
	}
	if (rc)
		return rc;
	if (argc - optind != 1 || strcmp(argv[optind], "persons"))
		return cli_usage_error(cli, "use 'homeward export persons'");
	if ((rc = cli_open(cli, 0, &st)))
		return rc;
	detail = json_pack("{s:s, s:o, s:{}}", "format", x.fmt == CLI_CSV ? "csv" : "json",
			   "output", cli_audit_name_json(path), "query");
	if (!detail) {
		rc = 3;
		goto out;
	}
	memset(&l, 0, sizeof(l));
	l.filter = &all;
	l.action = "person.export";
	l.detail = detail;
	l.path = path;
	l.begin = export_begin;
	l.one = export_one;
	l.end = export_end;
	l.ctx = &x;
	rc = cli_listing_run(cli, st, &l);
out:
	json_decref(detail);
	hw_store_close(st);
	return rc;
}
