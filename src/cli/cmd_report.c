/*
 * cmd_report.c - `homeward report`: the figures of a stage, an agreement
 * or a period (homeward/report.h, docs/reports.md).
 */
#include <string.h>

#include "homeward/report.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward report (--stage REF | --exchange REF | --from DATE [--to DATE] |\n"
	"                        --to DATE) [--format text|json|csv] [--lang en|uk]\n"
	"                       [--output FILE]\n\n"
	"The figures the office publishes after an exchange, counted from the persons\n"
	"who came home (docs/reports.md): category, sex, rank class, branch and branch\n"
	"group, the breakdown as announced, region and year of capture, time in\n"
	"captivity, groups (tags), health; the agreement's running total, the number\n"
	"returned since the full-scale invasion, and a plain-language summary.\n"
	"Reports hold no names.\n\n"
	"  --stage REF        one stage: EX-000052/2, AGREEMENT/2, or an agreement of\n"
	"                     one stage\n"
	"  --exchange REF     a whole agreement: EX-000052, its id or its exact name\n"
	"  --from DATE, --to DATE\n"
	"                     the returns dated in a period (inclusive; either end may\n"
	"                     be left open); DATE is YYYY-MM-DD, YYYY-MM or YYYY\n"
	"  --format FORMAT    text (default), json (both summaries inside) or csv\n"
	"                     (section,key,label,count)\n"
	"  --lang LANG        en (default) or uk: the text, the CSV labels\n"
	"  --output FILE      write the file atomically instead of stdout\n";

enum { OPT_STAGE = 2000, OPT_EXCHANGE, OPT_FROM, OPT_TO, OPT_LANG };

struct report_opts {
	const char *stage, *exchange, *from, *to, *path;
	enum hw_report_format format;
	enum hw_report_lang lang;
};

static int parse_format(const struct cli *cli, const char *arg, enum hw_report_format *out)
{
	struct hw_error err;

	hw_error_clear(&err);
	return hw_report_format_parse(arg, out, &err) ? cli_usage_error(cli, "%s", err.message)
						      : 0;
}

static int parse_lang(const struct cli *cli, const char *arg, enum hw_report_lang *out)
{
	struct hw_error err;

	hw_error_clear(&err);
	return hw_report_lang_parse(arg, out, &err) ? cli_usage_error(cli, "%s", err.message) : 0;
}

static int parse_opts(int argc, char **argv, struct cli *cli, struct report_opts *o)
{
	static const struct option opts[] = {
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "exchange", required_argument, NULL, OPT_EXCHANGE },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	int opt, rc = 0;

	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		switch (opt) {
		case OPT_STAGE: o->stage = optarg; break;
		case OPT_EXCHANGE: o->exchange = optarg; break;
		case OPT_FROM: o->from = optarg; break;
		case OPT_TO: o->to = optarg; break;
		case OPT_FORMAT: rc = parse_format(cli, optarg, &o->format); break;
		case OPT_LANG: rc = parse_lang(cli, optarg, &o->lang); break;
		default: o->path = optarg; break;
		}
	}
	if (rc)
		return rc;
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (!!o->stage + !!o->exchange + !!(o->from || o->to) != 1)
		return cli_usage_error(cli, "give one of --stage, --exchange or a period "
				       "(--from, --to)");
	return 0;
}

/* The scope the options name; prints the error and returns the exit status. */
static int resolve(struct hw_store *st, const struct report_opts *o, struct hw_report_scope *s)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_report_scope_parse(st, o->stage, o->exchange, o->from, o->to, s, &err))
		return cli_fail(&err);
	return 0;
}

int cmd_report(int argc, char **argv, struct cli *cli)
{
	struct report_opts o = { NULL, NULL, NULL, NULL, "-", HW_REPORT_TEXT, HW_REPORT_EN };
	struct hw_report_scope scope;
	struct hw_report *r = NULL;
	struct hw_store *st = NULL;
	struct cli_out out = { NULL, NULL, NULL };
	struct hw_date today = hw_date_today();
	struct hw_error err;
	int rc;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	hw_error_clear(&err);
	if ((rc = parse_opts(argc, argv, cli, &o)) || (rc = cli_open(cli, HW_STORE_READONLY, &st)) ||
	    (rc = resolve(st, &o, &scope)))
		goto out;
	if (hw_report_build(st, &scope, &today, &r, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_out_open(&out, o.path)))
		goto out;
	if (hw_report_write(r, o.format, o.lang, out.f, &err)) {
		rc = cli_fail(&err);
		cli_out_abort(&out);
		goto out;
	}
	rc = cli_out_commit(&out);
out:
	hw_report_free(r);
	hw_store_close(st);
	return rc;
}
