/*
 * cmd_export.c - `homeward export persons`.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/persons_csv.h"
#include "homeward/persons_json.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward export persons [--format csv|json] [--output FILE]\n\n"
	"Writes every person in the interchange format (docs/formats.md): CSV by\n"
	"default, which 'homeward import persons' reads back to the same registry,\n"
	"or JSON (an array, with every name record and reference).  --output\n"
	"writes the file atomically; without it the data goes to stdout.\n";

struct export_ctx {
	FILE *out;
	enum cli_format fmt;
	struct hw_buf buf;
	struct hw_csv_writer w;
	long n;
	int failed;
};

static int export_one(void *ctx, const struct hw_person *p)
{
	struct export_ctx *x = ctx;
	json_t *j;

	if (x->fmt == CLI_CSV) {
		x->failed = hw_persons_csv_write(&x->w, p) != HW_OK;
		if (x->buf.len > 1 << 20 || x->failed) {
			fwrite(x->buf.data, 1, x->buf.len, x->out);
			hw_buf_reset(&x->buf);
		}
	} else {
		/* keys in the order the person is built in (jansson keeps it) */
		j = hw_person_to_json(p, HW_JSON_HEALTH);
		fputs(x->n ? ",\n" : "[\n", x->out);
		x->failed = !j || json_dumpf(j, x->out, JSON_COMPACT);
		json_decref(j);
	}
	x->n++;
	return x->failed;
}

int cmd_export(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	struct export_ctx x = { NULL, CLI_CSV, HW_BUF_INIT, { NULL, 0, 0 }, 0, 0 };
	struct hw_person_filter all = { 0 };
	struct hw_store *st = NULL;
	struct cli_out out = { NULL, NULL, NULL };
	struct hw_error err;
	const char *path = "-";
	int opt, rc = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	hw_error_clear(&err);
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
	if ((rc = cli_open(cli, HW_STORE_READONLY, &st)) || (rc = cli_out_open(&out, path)))
		goto out;
	x.out = out.f;
	hw_csv_writer_init(&x.w, &x.buf);
	if (x.fmt == CLI_CSV)
		hw_persons_csv_write_header(&x.w);
	if (hw_store_person_each(st, &all, export_one, &x, &err) || x.failed) {
		rc = x.failed ? 3 : cli_fail(&err);
		cli_out_abort(&out);
		goto out;
	}
	if (x.fmt == CLI_CSV)
		fwrite(x.buf.data, 1, x.buf.len, out.f);
	else
		fprintf(out.f, "%s]\n", x.n ? "\n" : "[");
	rc = cli_out_commit(&out);
out:
	hw_buf_release(&x.buf);
	hw_store_close(st);
	return rc;
}
