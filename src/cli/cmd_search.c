/*
 * cmd_search.c - `homeward search "QUERY"`: the persons a name may be,
 * ranked, with the reason for each.
 *
 * Audited as the server's search (person.search: the name asked, the
 * persons proposed) before the result is printed (cli_audit.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "homeward/list.h"
#include "homeward/match.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "cli/match_out.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward search \"NAME\" [--dob DATE] [--unit UNIT] [--limit N] [--explain]\n"
	"                       [--format text|json]\n\n"
	"Finds the persons a name may be, in any order, script and spelling\n"
	"(Коваленко Олександр Петрович, KOVALENKO Oleksandr, Aleksandr Kovalenko,\n"
	"Коваленко О.П.), ranked by the evidence of each field.  --explain shows\n"
	"every weight.  The decision line says match, review or none.\n";

/* The record of the server's search: the name, the date, the filters (none
 * here) and the persons proposed; the unit too when given. */
static int audit_search(struct hw_store *st, const struct hw_match_query *q, const char *dob,
			const struct hw_match_result *res)
{
	char ref[HW_PUBREF_MAX];
	json_t *refs = json_array(), *detail;
	size_t i;
	int rc;

	for (i = 0; refs && i < res->ncandidates; i++) {
		hw_pubref_format(res->candidates[i].person_id, ref);
		json_array_append_new(refs, json_string(ref));
	}
	detail = json_pack("{s:o, s:o, s:{}, s:o}", "q", cli_audit_name_json(q->full_name), "dob",
			   dob ? cli_audit_name_json(dob) : json_null(), "filters", "refs", refs);
	if (detail && q->unit)
		json_object_set_new(detail, "unit", cli_audit_name_json(q->unit));
	rc = detail ? cli_audit_read(st, "person.search", NULL, 0, detail) : 3;
	json_decref(detail);
	return rc;
}

int cmd_search(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "dob", required_argument, NULL, OPT_DATE },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_match_query q;
	struct hw_match_result res;
	struct hw_match_index *ix = NULL;
	struct hw_store *st = NULL;
	struct hw_error err;
	enum cli_format fmt = CLI_TEXT;
	unsigned long limit = 5;
	int opt, rc = 0, explain = 0;
	const char *dob = NULL;
	char *end;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	memset(&q, 0, sizeof(q));
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_DATE &&
			 hw_list_date_parse((dob = optarg), &q.birth_date, &q.birth_date_month_first,
					    &err))
			rc = (snprintf(err.field, sizeof(err.field), "dob"), cli_fail(&err));
		else if (opt == OPT_UNIT)
			q.unit = optarg;
		else if (opt == OPT_EXPLAIN)
			explain = 1;
		else if (opt == OPT_FORMAT)
			rc = cli_parse_format(cli, optarg, 1, 0, &fmt);
		else if (opt == OPT_LIMIT && ((limit = strtoul(optarg, &end, 10)) < 1 || *end ||
					      limit > HW_MATCH_MAX_CANDIDATES))
			rc = cli_usage_error(cli, "--limit takes 1 to %d", HW_MATCH_MAX_CANDIDATES);
	}
	if (rc)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(cli, "give one name, in quotes");
	q.full_name = argv[optind];
	if ((rc = cli_open(cli, 0, &st)))
		return rc;
	if (hw_match_index_build(&ix, st, &err) || hw_match_find(ix, &q, limit, &res, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = audit_search(st, &q, dob, &res)))
		goto out;
	rc = fmt == CLI_JSON ? cli_print_result_json(st, &res, explain)
			     : cli_print_result_text(st, &res, explain);
out:
	hw_match_index_free(ix);
	hw_store_close(st);
	return rc;
}
