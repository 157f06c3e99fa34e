/*
 * cmd_match.c - `homeward match LIST.csv`: every line of another side's
 * list against the registry.
 *
 * Audited as the server's list match (list.match: the lines, the persons
 * proposed, and here also the list's name and the SHA-256 of the output),
 * recorded before the output is written (cli_audit.h).  The output is
 * rendered in memory first, beside the results it is made of.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "homeward/alloc.h"
#include "homeward/csv.h"
#include "homeward/list.h"
#include "homeward/match.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "cli/match_out.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward match LIST.csv [--format csv|json] [--explain] [--output FILE]\n"
	"                               [--threads N]\n\n"
	"Checks every name of a list against the registry.  The list has a\n"
	"full_name column (any order, any script) or family_name, given_name,\n"
	"patronymic; optionally line, birth_date, unit, sex, notes.\n"
	"Output: line,decision,ref,score,candidates where decision is match,\n"
	"review or none; ref names the matched person; candidates lists the\n"
	"persons proposed for review, best first, separated by ';'.\n"
	"--explain adds the evidence of each field.  Nothing in the registry\n"
	"changes: a verifier decides.\n";

struct run {
	struct hw_store *st;
	struct hw_list list;
	struct hw_match_result *res;
	enum hw_err *codes;
	struct hw_error *errs;
	int explain;
};

static void explain_text(const struct hw_match_candidate *c, struct hw_buf *b)
{
	size_t j;

	for (j = 0; j < c->nevidence; j++)
		hw_buf_addf(b, "%s%s %+.1f %s", j ? "; " : "", c->evidence[j].field,
			    c->evidence[j].weight, c->evidence[j].reason);
}

static void write_csv(struct run *r, struct hw_buf *b)
{
	struct hw_buf cands = HW_BUF_INIT, ex = HW_BUF_INIT;
	struct hw_csv_writer w;
	char ref[256], score[32];
	size_t i, j;

	hw_csv_writer_init(&w, b);
	hw_csv_write_str(&w, "line");
	hw_csv_write_str(&w, "decision");
	hw_csv_write_str(&w, "ref");
	hw_csv_write_str(&w, "score");
	hw_csv_write_str(&w, "candidates");
	if (r->explain)
		hw_csv_write_str(&w, "explanation");
	hw_csv_end_record(&w);
	for (i = 0; i < r->list.count; i++) {
		const struct hw_match_result *m = &r->res[i];

		hw_buf_reset(&cands);
		hw_buf_reset(&ex);
		ref[0] = score[0] = '\0';
		if (m->ncandidates)
			snprintf(score, sizeof(score), "%.1f", m->candidates[0].score);
		if (m->decision == HW_MATCH_MATCH)
			cli_person_ref(r->st, m->candidates[0].person_id, ref);
		for (j = 0; m->decision == HW_MATCH_REVIEW && j < m->ncandidates; j++) {
			char cref[256];

			cli_person_ref(r->st, m->candidates[j].person_id, cref);
			hw_buf_addf(&cands, "%s%s", j ? ";" : "", cref);
		}
		if (r->explain && m->ncandidates)
			explain_text(&m->candidates[0], &ex);
		hw_csv_write_str(&w, r->list.entries[i].line);
		hw_csv_write_str(&w, hw_match_decision_name(m->decision));
		hw_csv_write_str(&w, ref);
		hw_csv_write_str(&w, score);
		hw_csv_write_str(&w, cands.data);
		if (r->explain)
			hw_csv_write_str(&w, ex.data);
		hw_csv_end_record(&w);
	}
	hw_buf_release(&cands);
	hw_buf_release(&ex);
}

static int write_json(struct run *r, struct hw_buf *b)
{
	json_t *arr = json_array(), *o;
	char ref[256], *s;
	size_t i;
	int rc;

	for (i = 0; i < r->list.count; i++) {
		o = cli_result_json(r->st, &r->res[i], r->explain);
		json_object_set_new(o, "line", json_string(r->list.entries[i].line));
		ref[0] = '\0';
		if (r->res[i].decision == HW_MATCH_MATCH)
			cli_person_ref(r->st, r->res[i].candidates[0].person_id, ref);
		json_object_set_new(o, "ref", ref[0] ? json_string(ref) : json_null());
		json_array_append_new(arr, o);
	}
	s = json_dumps(arr, JSON_INDENT(2));
	json_decref(arr);
	if (!s)
		return 3;
	rc = hw_buf_addf(b, "%s\n", s) ? 3 : 0;
	free(s);
	return rc;
}

/* The record of the list match, with the persons proposed for each line
 * (as the server's) and the digest of the output `b`. */
static int audit_match(struct run *r, const char *file, const struct hw_buf *b)
{
	struct cli_disclosure d;
	struct hw_error err;
	json_t *detail;
	size_t i, j;
	int rc;

	cli_disclosure_init(&d);
	hw_error_clear(&err);
	rc = !(detail = json_pack("{s:o, s:I}", "file", cli_audit_name_json(file), "lines",
				  (json_int_t)r->list.count));
	for (i = 0; !rc && i < r->list.count; i++)
		for (j = 0; !rc && j < r->res[i].ncandidates; j++)
			rc = cli_disclosure_add(&d, r->res[i].candidates[j].person_id);
	crypto_hash_sha256(d.sha256, (const unsigned char *)b->data, b->len);
	if (rc || cli_disclosure_json(&d, 0, detail)) {
		hw_error_set(&err, HW_NOMEM, NULL);
		rc = cli_fail(&err);
		goto out;
	}
	rc = cli_audit_read(r->st, "list.match", NULL, 0, detail);
out:
	json_decref(detail);
	cli_disclosure_release(&d);
	return rc;
}

/* Lines whose name could not be read at all fail the run, as a bad file. */
static int check_lines(struct run *r, const char *file)
{
	char msg[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128];
	size_t i, bad = 0;

	for (i = 0; i < r->list.count; i++) {
		if (!r->codes[i])
			continue;
		hw_error_at(&r->errs[i], file, r->list.entries[i].file_line, 0);
		hw_error_format(&r->errs[i], msg, sizeof(msg));
		fprintf(stderr, "homeward: %s\n", msg);
		bad++;
	}
	if (bad)
		fprintf(stderr, "homeward: %zu unreadable name%s in the list; nothing was matched\n",
			bad, bad == 1 ? "" : "s");
	return bad ? 1 : 0;
}

static int run_match(struct run *r, const char *file, unsigned threads, enum cli_format fmt,
		     const char *path)
{
	const struct hw_match_query **qs = NULL;
	struct hw_match_index *ix = NULL;
	struct cli_out out = { NULL, NULL, NULL };
	struct hw_buf b = HW_BUF_INIT;
	struct hw_error err;
	size_t i, n = r->list.count;
	int rc = 3;

	hw_error_clear(&err);
	qs = hw_calloc(n + 1, sizeof(*qs));
	r->res = hw_calloc(n + 1, sizeof(*r->res));
	r->codes = hw_calloc(n + 1, sizeof(*r->codes));
	r->errs = hw_calloc(n + 1, sizeof(*r->errs));
	if (!qs || !r->res || !r->codes || !r->errs)
		goto out;
	for (i = 0; i < n; i++)
		qs[i] = &r->list.entries[i].query;
	if (hw_match_index_build(&ix, r->st, &err) ||
	    hw_match_many(ix, qs, n, 5, threads, r->res, r->codes, r->errs, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = check_lines(r, file)))
		goto out;
	if (fmt == CLI_JSON)
		rc = write_json(r, &b);
	else
		write_csv(r, &b);
	/* the file is there to see only once the record is written */
	if (rc || (rc = cli_out_open(&out, path)))
		goto out;
	if ((rc = audit_match(r, file, &b))) {
		cli_out_abort(&out);
		goto out;
	}
	if (fwrite(b.data, 1, b.len, out.f) != b.len) {
		cli_out_abort(&out);
		fprintf(stderr, "homeward: cannot write '%s': %s\n", path, strerror(errno));
		rc = 3;
		goto out;
	}
	rc = cli_out_commit(&out);
out:
	hw_buf_release(&b);
	hw_match_index_free(ix);
	hw_free(qs);
	hw_free(r->res);
	hw_free(r->codes);
	hw_free(r->errs);
	return rc;
}

int cmd_match(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ NULL, 0, NULL, 0 },
	};
	struct run r;
	struct hw_error err;
	enum cli_format fmt = CLI_CSV;
	const char *path = "-";
	long threads = sysconf(_SC_NPROCESSORS_ONLN);
	FILE *in;
	char *end;
	int opt, rc = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	memset(&r, 0, sizeof(r));
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_FORMAT)
			rc = cli_parse_format(cli, optarg, 0, 1, &fmt);
		else if (opt == OPT_EXPLAIN)
			r.explain = 1;
		else if (opt == OPT_OUTPUT)
			path = optarg;
		else if ((threads = strtol(optarg, &end, 10)) < 1 || threads > 64 || *end)
			rc = cli_usage_error(cli, "--threads takes 1 to 64");
	}
	if (rc)
		return rc;
	if (argc - optind != 1)
		return cli_usage_error(cli, "give the list to match (a CSV file)");
	if (!(in = fopen(argv[optind], "rb"))) {
		fprintf(stderr, "homeward: cannot read '%s': %s\n", argv[optind], strerror(errno));
		return 1;
	}
	if (hw_list_read_csv(in, argv[optind], stderr, &r.list, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_open(cli, 0, &r.st)))
		goto out;
	rc = run_match(&r, argv[optind], threads > 0 ? (unsigned)threads : 1, fmt, path);
out:
	fclose(in);
	hw_list_release(&r.list);
	hw_store_close(r.st);
	return rc;
}
