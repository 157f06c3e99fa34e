/*
 * cmd_xlist.c - the lists of a stage on the command line: import the other
 * side's list, show entries, verify them, the outgoing list, completion.
 *
 * Audited as the server audits the ledger (homeward/exchange_audit.h):
 * every write with its records in its own transaction, and the entries
 * shown, which name persons, recorded person by person before anything of
 * them is printed (so the output is made in memory first).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "homeward/csv.h"
#include "homeward/exchange.h"
#include "homeward/exchange_json.h"
#include "homeward/match.h"
#include "homeward/list.h"
#include "homeward/registry.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "cli/exchange_cmds.h"
#include "core/banned.h"

static void stage_ref(struct hw_store *st, int64_t stage_id, char out[HW_XREF_MAX])
{
	struct hw_stage s;

	hw_stage_init(&s);
	if (hw_stage_get(st, stage_id, &s, NULL) == HW_OK)
		hw_stage_ref_format(s.exchange_id, s.number, out);
	else
		snprintf(out, HW_XREF_MAX, "stage %" PRId64, stage_id);
	hw_stage_release(&s);
}

void cli_person_name(struct hw_store *st, int64_t id, char *out, size_t size)
{
	hw_registry_person_name(st, id, out, size);
}

static void person_name(void *ctx, int64_t id, char *out, size_t size)
{
	hw_registry_person_name(ctx, id, out, size);
}

/* The entry's name as written on the list. */
static void written(const struct hw_xentry *e, char *out, size_t size)
{
	if (e->full_name)
		snprintf(out, size, "%s", e->full_name);
	else
		snprintf(out, size, "%s %s%s%s", e->family ? e->family : "",
			 e->given ? e->given : "", e->patronymic ? " " : "",
			 e->patronymic ? e->patronymic : "");
}

/* Puts "WHAT NAME: " before the message of `err` unless it names it. */
static void prefix_error(struct hw_error *err, const char *what, const char *name)
{
	char msg[HW_ERROR_MSG_MAX], tag[160];

	snprintf(tag, sizeof(tag), "%s%s%s", what ? what : "", what ? " " : "", name);
	if (strstr(err->message, tag))
		return;
	snprintf(msg, sizeof(msg), "%s", err->message);
	hw_error_set(err, err->code, "%s: %s", tag, msg);
}

/* ---- import -------------------------------------------------------------- */

static const char import_help[] =
	"usage: homeward exchange import STAGE LIST.csv [--threads N]\n\n"
	"Imports the other side's list for a stage, as written (DESIGN.md section 6:\n"
	"full_name, or family_name,given_name,patronymic; optionally line,\n"
	"birth_date, unit, sex, notes), and runs every line through the matcher.\n"
	"Each entry becomes pending (one person proposed), ambiguous (several\n"
	"candidates) or not_found; nothing is confirmed until a verifier says so\n"
	"('homeward exchange verify').  A bad file stores nothing.\n";

int xlist_import(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_list_diag diag = { stderr, NULL, NULL };
	struct hw_match_index *ix = NULL;
	struct hw_xlist_batch *b = NULL;
	struct hw_store *st = NULL;
	struct hw_xlist_result res;
	struct cli_xaudit xa;
	struct hw_error err;
	long threads = sysconf(_SC_NPROCESSORS_ONLN);
	char ref[HW_XREF_MAX], *end;
	int64_t stage;
	FILE *in = NULL;
	int opt, rc = 0;
	enum hw_err e;

	if (cli_wants_help(argc, argv))
		return printf("%s", import_help), 0;
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0)
		if ((threads = strtol(optarg, &end, 10)) < 1 || threads > 64 || *end)
			rc = cli_usage_error(cli, "--threads takes 1 to 64");
	if (!rc && argc - optind != 2)
		rc = cli_usage_error(cli, "give the stage and the list (a CSV file)");
	if (rc)
		return rc;
	if (!(in = fopen(argv[optind + 1], "rb"))) {
		fprintf(stderr, "homeward: cannot read '%s': %s\n", argv[optind + 1],
			strerror(errno));
		return 1;
	}
	if ((rc = cli_open(cli, 0, &st)) || (rc = cli_stage_resolve(st, argv[optind], &stage)))
		goto out;
	/* matched before the write lock is taken, stored with its record */
	if (hw_match_index_build(&ix, st, &err) ||
	    hw_xlist_prepare(st, ix, stage, in, argv[optind + 1], &diag,
			     threads > 0 ? (unsigned)threads : 1, &b, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	stage_ref(st, stage, ref);
	if (!(e = cli_xaudit_begin(&xa, st, 0, &err)))
		e = hw_xaudit_list_store(st, &xa.au, b, ref, &res, NULL, &err);
	if ((rc = cli_xaudit_end(&xa, e, &err)))
		goto out;
	printf("%s: %ld entries: %ld pending (one person proposed), %ld ambiguous, "
	       "%ld not found", ref, res.entries, res.pending, res.ambiguous, res.not_found);
	if (res.warnings)
		printf("; %ld dates read with a warning", res.warnings);
	printf("\nnext: homeward exchange entries %s --state pending\n", ref);
out:
	hw_xlist_batch_free(b);
	hw_match_index_free(ix);
	hw_store_close(st);
	fclose(in);
	return rc;
}

/* ---- entries ---------------------------------------------------------------- */

struct entries_ctx {
	struct hw_store *st;
	enum cli_format fmt;
	json_t *arr;
	struct hw_buf out;          /* text or CSV, printed once recorded */
	struct hw_csv_writer w;
	struct hw_ids ids;          /* the persons confirmed or proposed */
	long n;
	int failed;
};

static json_t *entry_json(struct hw_store *st, const struct hw_xentry *e, int full)
{
	return hw_xentry_json(e, full ? HW_XENTRY_JSON_MATCHER : 0, person_name, st);
}

static int entries_one(void *ctx, const struct hw_xentry *e)
{
	struct entries_ctx *ec = ctx;
	char name[512], who[HW_PUBREF_MAX] = "", score[32], pad[640], lpad[128];

	ec->n++;
	if (hw_ids_push(&ec->ids, e->person_id) || hw_ids_push(&ec->ids, e->proposed_id)) {
		ec->failed = 1;
		return 1;
	}
	if (ec->fmt == CLI_JSON) {
		ec->failed |= json_array_append_new(ec->arr, entry_json(ec->st, e, 0)) != 0;
		return ec->failed;
	}
	written(e, name, sizeof(name));
	if (e->person_id > 0)
		hw_pubref_format(e->person_id, who);
	else if (e->proposed_id > 0)
		hw_pubref_format(e->proposed_id, who);
	snprintf(score, sizeof(score), "%.1f", e->score);
	if (ec->fmt == CLI_CSV) {
		const char *row[9] = { e->line, hw_vocab_code(&hw_vocab_direction, e->direction),
				       hw_vocab_code(&hw_vocab_verify, e->state),
				       hw_match_decision_name(e->decision), score, name,
				       e->birth_date ? e->birth_date : "", who,
				       e->reason ? e->reason : "" };

		hw_csv_write_row(&ec->w, row, 9);
		return 0;
	}
	if (hw_buf_addf(&ec->out, "%s %-3s %-10s %-6s %6s  %s %-10s %s%s\n",
			cli_pad(e->line, 8, lpad, sizeof(lpad)),
			hw_vocab_code(&hw_vocab_direction, e->direction),
			hw_vocab_code(&hw_vocab_verify, e->state), hw_match_decision_name(e->decision),
			e->direction == HW_DIRECTION_IN ? score : "",
			cli_pad(name, 40, pad, sizeof(pad)), e->birth_date ? e->birth_date : "", who,
			e->person_id <= 0 && e->proposed_id > 0 ? " (proposed)" : ""))
		ec->failed = 1;
	return ec->failed;
}

/* A filter of `entries` (--state, --direction): `arg` parsed into *out
 * and kept as its code in `query`, as the server keeps its query. */
static int entries_filter(const struct hw_vocab *vocab, const char *name, const char *arg,
			  int *has, int *out, json_t *query)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_vocab_parse(vocab, arg, out, &err))
		return cli_fail(&err);
	*has = 1;
	json_object_set_new(query, name, json_string(hw_vocab_code(vocab, *out)));
	return 0;
}

static const char entries_help[] =
	"usage: homeward exchange entries STAGE [--state STATE] [--direction in|out]\n"
	"         [--format text|json|csv]\n\n"
	"Lists the entries of a stage's lists: line, direction, verification state\n"
	"(pending, confirmed, rejected, not_found, ambiguous), the matcher's decision\n"
	"and score, the name as written, and the person confirmed or proposed.\n"
	"'homeward exchange entry STAGE LINE' shows one with its candidates.\n";

int xlist_entries(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, OPT_STATE },
		{ "direction", required_argument, NULL, OPT_DIRECTION },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const header[9] = { "line", "direction", "state", "decision", "score",
					       "name", "birth_date", "person", "reason" };
	struct hw_xentry_filter f;
	struct entries_ctx ec;
	struct cli_xaudit xa;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	json_t *query = NULL;
	int64_t stage;
	int opt, rc = 0, v = 0;
	enum hw_err e;

	if (cli_wants_help(argc, argv))
		return printf("%s", entries_help), 0;
	memset(&ec, 0, sizeof(ec));
	memset(&f, 0, sizeof(f));
	hw_buf_init(&ec.out, 0);
	hw_csv_writer_init(&ec.w, &ec.out);
	hw_error_clear(&err);
	query = json_object();
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_FORMAT) {
			rc = cli_parse_format(cli, optarg, 1, 1, &ec.fmt);
		} else if (opt == OPT_STATE) {
			rc = entries_filter(&hw_vocab_verify, "state", optarg, &f.has_state, &v,
					    query);
			f.state = (enum hw_verify)v;
		} else {
			rc = entries_filter(&hw_vocab_direction, "direction", optarg,
					    &f.has_direction, &v, query);
			f.direction = (enum hw_direction)v;
		}
	}
	if (!rc && argc - optind != 1)
		rc = cli_usage_error(cli, "give the stage");
	if (rc || (rc = cli_open(cli, 0, &ec.st)))
		goto out;
	ec.arr = json_array();
	if (ec.fmt == CLI_CSV)
		hw_csv_write_row(&ec.w, header, 9);
	if ((rc = cli_stage_resolve(ec.st, argv[optind], &stage)))
		goto out;
	if (hw_xentry_each(ec.st, stage, &f, entries_one, &ec, &err) ||
	    ((ec.failed || !query || !ec.arr) && hw_error_set(&err, HW_NOMEM, NULL))) {
		rc = cli_fail(&err);
		goto out;
	}
	/* no record, no answer */
	stage_ref(ec.st, stage, ref);
	if (!(e = cli_xaudit_begin(&xa, ec.st, 1, &err)))
		e = hw_xaudit_entries(&xa.au, ref, query, 0, (size_t)ec.n, &ec.ids, &err);
	if ((rc = cli_xaudit_end(&xa, e, &err)))
		goto out;
	if (ec.fmt == CLI_JSON)
		rc = cli_print_json(json_incref(ec.arr));
	else
		fwrite(ec.out.data, 1, ec.out.len, stdout);
	if (ec.fmt == CLI_TEXT && !ec.n)
		fprintf(stderr, "homeward: no entries\n");
out:
	json_decref(query);
	json_decref(ec.arr);
	hw_buf_release(&ec.out);
	hw_ids_release(&ec.ids);
	hw_store_close(ec.st);
	return rc;
}

/* ---- one entry ---------------------------------------------------------------- */

/* A member of a JSON object, "" when absent or null. */
static const char *member(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/* The matcher's candidates with every weight, and the names they are known
 * by now; 0, or -1 when out of memory. */
static int candidates_text(struct hw_store *st, const char *json, struct hw_buf *out)
{
	json_t *o = json_loads(json, 0, NULL), *arr, *c, *ev, *x;
	char name[512];
	size_t i, j;
	int bad = 0;

	if (!o)
		return 0;
	bad |= hw_buf_addf(out, "matcher: %s\n", json_string_value(json_object_get(o, "why")));
	arr = json_object_get(o, "candidates");
	json_array_foreach(arr, i, c) {
		int64_t id = json_integer_value(json_object_get(c, "id"));

		cli_person_name(st, id, name, sizeof(name));
		bad |= hw_buf_addf(out, "%2zu. %6.1f  %s  seen as %s  (now: %s)\n", i + 1,
				   json_real_value(json_object_get(c, "score")),
				   json_string_value(json_object_get(c, "person")),
				   json_string_value(json_object_get(c, "name")), name);
		ev = json_object_get(c, "evidence");
		json_array_foreach(ev, j, x)
			bad |= hw_buf_addf(out, "             %+6.1f  %-12s %s\n",
					   json_real_value(json_object_get(x, "weight")),
					   json_string_value(json_object_get(x, "field")),
					   json_string_value(json_object_get(x, "reason")));
	}
	json_decref(o);
	return bad ? -1 : 0;
}

/* Entry `e` of stage `stage` as text: the line as written, the person
 * confirmed, the candidates and the decisions (`history`, as JSON). */
static enum hw_err entry_text(struct hw_store *st, int64_t stage, const struct hw_xentry *e,
			      json_t *history, struct hw_buf *out)
{
	char name[512], ref[HW_XREF_MAX], pub[HW_PUBREF_MAX];
	json_t *d;
	size_t i;
	int bad = 0;

	stage_ref(st, stage, ref);
	written(e, name, sizeof(name));
	bad |= hw_buf_addf(out, "%s line %s (%s): %s%s%s\n", ref, e->line,
			   hw_vocab_label_en(&hw_vocab_direction, e->direction), name,
			   e->birth_date ? ", born " : "", e->birth_date ? e->birth_date : "");
	if (e->unit)
		bad |= hw_buf_addf(out, "unit: %s\n", e->unit);
	if (e->notes)
		bad |= hw_buf_addf(out, "notes: %s\n", e->notes);
	bad |= hw_buf_addf(out, "state: %s", hw_vocab_code(&hw_vocab_verify, e->state));
	if (e->person_id > 0) {
		hw_pubref_format(e->person_id, pub);
		cli_person_name(st, e->person_id, name, sizeof(name));
		bad |= hw_buf_addf(out, " as %s %s", pub, name);
	}
	bad |= hw_buf_addstr(out, "\n");
	if (e->candidates)
		bad |= candidates_text(st, e->candidates, out);
	bad |= hw_buf_addstr(out, "decisions:\n");
	json_array_foreach(history, i, d)
		bad |= hw_buf_addf(out, "  %s  %-10s %-10s %-20s %s\n", member(d, "at"),
				   member(d, "state"), member(d, "person"), member(d, "by"),
				   member(d, "reason"));
	return bad ? HW_NOMEM : HW_OK;
}

static const char entry_help[] =
	"usage: homeward exchange entry STAGE LINE [--format text|json]\n\n"
	"Shows one entry of a stage's lists: the name as the other side wrote it,\n"
	"the matcher's candidates with the evidence of every field, the person\n"
	"confirmed, and every decision made on it (who, when, why).  LINE is the\n"
	"list's line label (incoming) or the person's HW- reference (outgoing).\n";

/* Entry `e` as it is printed, into *json or `text`. */
static enum hw_err entry_render(struct hw_store *st, int64_t stage, const struct hw_xentry *e,
				enum cli_format fmt, json_t *history, json_t **json,
				struct hw_buf *text, struct hw_error *err)
{
	if (fmt != CLI_JSON)
		return entry_text(st, stage, e, history, text) ? hw_error_set(err, HW_NOMEM, NULL)
							       : HW_OK;
	if (!(*json = entry_json(st, e, 1)) || json_object_set(*json, "history", history))
		return hw_error_set(err, HW_NOMEM, NULL);
	return HW_OK;
}

int xlist_entry(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_ids ids = { NULL, 0, 0, 0 };
	struct hw_buf text = HW_BUF_INIT;
	enum cli_format fmt = CLI_TEXT;
	struct hw_store *st = NULL;
	struct cli_xaudit xa;
	struct hw_xentry e;
	struct hw_error err;
	json_t *history = NULL, *json = NULL;
	int64_t stage, id;
	int opt, rc = 0;
	enum hw_err x;

	if (cli_wants_help(argc, argv))
		return printf("%s", entry_help), 0;
	hw_error_clear(&err);
	hw_xentry_init(&e);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0)
		rc = cli_parse_format(cli, optarg, 1, 0, &fmt);
	if (!rc && argc - optind != 2)
		rc = cli_usage_error(cli, "give the stage and the line");
	if (rc || (rc = cli_open(cli, 0, &st)))
		return rc;
	if ((rc = cli_stage_resolve(st, argv[optind], &stage)))
		goto out;
	if (!(history = json_array()) ||
	    hw_xentry_by_line(st, stage, argv[optind + 1], &id, &err) ||
	    hw_xentry_get(st, id, &e, &err) ||
	    hw_xaudit_entry_persons(st, &e, &ids, history, &err) ||
	    entry_render(st, stage, &e, fmt, history, &json, &text, &err)) {
		if (!err.code)
			hw_error_set(&err, HW_NOMEM, NULL);
		rc = cli_fail(&err);
		goto out;
	}
	/* no record, no answer: each person the entry names */
	if (!(x = cli_xaudit_begin(&xa, st, 1, &err)))
		x = hw_xaudit_entry_read(&xa.au, e.id, &ids, &err);
	if ((rc = cli_xaudit_end(&xa, x, &err)))
		goto out;
	if (json)
		rc = cli_print_json(json_incref(json));
	else
		fwrite(text.data, 1, text.len, stdout);
out:
	json_decref(json);
	json_decref(history);
	hw_buf_release(&text);
	hw_ids_release(&ids);
	hw_xentry_release(&e);
	hw_store_close(st);
	return rc;
}

/* ---- verify ---------------------------------------------------------------------- */

static const char verify_help[] =
	"usage: homeward exchange verify STAGE LINE... --confirm [--person REF] [--reason TEXT]\n"
	"       homeward exchange verify STAGE LINE... --reject --reason TEXT\n"
	"       homeward exchange verify STAGE --confirm --all-proposed --reason TEXT\n\n"
	"A verifier's decision on incoming entries, after seeing the candidates\n"
	"('homeward exchange entry STAGE LINE').  --confirm links an entry to the\n"
	"person the matcher proposed or, with --person, to the person named (one\n"
	"not among the candidates needs a --reason); the person becomes listed.\n"
	"--reject needs a --reason.  --all-proposed confirms every pending entry as\n"
	"its proposed person, once you have checked them; one whose person cannot be\n"
	"listed (already home, on another list) stays pending and is named.  The\n"
	"lines named in one call are decided together or not at all.  Recorded as\n"
	"cli:$USER with the time.\n";

/* An entry --all-proposed leaves pending: said at once. */
static int print_left(void *ctx, int64_t entry_id, const char *line, const struct hw_error *why)
{
	(void)entry_id;
	(*(size_t *)ctx)++;
	fprintf(stderr, "homeward: line %s left pending: %s\n", line, why->message);
	return 0;
}

/* Decides on entry `id`, with its records. */
static enum hw_err decide_entry(struct hw_store *st, const struct hw_xaudit *au, int64_t id,
				const struct hw_xdecide *d, struct hw_error *err)
{
	struct hw_xentry e;
	enum hw_err rc;

	hw_xentry_init(&e);
	if (!(rc = hw_xentry_get(st, id, &e, err)))
		rc = hw_xaudit_decide(st, au, d, &e, NULL, NULL, err);
	hw_xentry_release(&e);
	return rc;
}

static enum hw_err verify_lines(struct hw_store *st, const struct hw_xaudit *au, int64_t stage,
				char **lines, int nlines, const struct hw_xdecide *d,
				struct hw_buf *done, struct hw_error *err)
{
	enum hw_err rc = HW_OK;
	int64_t id;
	int i;

	for (i = 0; !rc && i < nlines; i++) {
		if ((rc = hw_xentry_by_line(st, stage, lines[i], &id, err)))
			break;
		if ((rc = decide_entry(st, au, id, d, err)))
			prefix_error(err, "line", lines[i]);
		else
			hw_buf_addf(done, "%s\t%s\n", lines[i],
				    d->what == HW_XDECIDE_CONFIRM ? "confirmed" : "rejected");
	}
	return rc;
}

int xlist_verify(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "confirm", no_argument, NULL, OPT_CONFIRM },
		{ "reject", no_argument, NULL, OPT_REJECT },
		{ "person", required_argument, NULL, OPT_PERSON },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "all-proposed", no_argument, NULL, OPT_ALL_PROPOSED },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_xdecide d = { HW_XDECIDE_CONFIRM, 0, NULL };
	struct hw_buf done = HW_BUF_INIT;
	struct hw_store *st = NULL;
	struct cli_xaudit xa;
	struct hw_error err;
	const char *person_ref = NULL;
	json_t *confirmed = NULL;
	int opt, rc = 0, confirm = 0, rej = 0, all = 0;
	int64_t stage;
	enum hw_err e = HW_OK;
	size_t skipped = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", verify_help), 0;
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_CONFIRM)
			confirm = 1;
		else if (opt == OPT_REJECT)
			rej = 1;
		else if (opt == OPT_PERSON)
			person_ref = optarg;
		else if (opt == OPT_REASON)
			d.reason = optarg;
		else
			all = 1;
	}
	if (!rc && confirm == rej)
		rc = cli_usage_error(cli, "give --confirm or --reject");
	if (!rc && person_ref && !confirm)
		rc = cli_usage_error(cli, "--person goes with --confirm");
	if (!rc && all && (!confirm || person_ref || argc - optind != 1))
		rc = cli_usage_error(cli, "--all-proposed goes with --confirm and the stage alone");
	if (!rc && all && (!d.reason || !*d.reason))
		rc = cli_usage_error(cli, "--all-proposed needs a --reason (what you checked)");
	if (!rc && rej && (!d.reason || !*d.reason))
		rc = cli_usage_error(cli, "--reject needs a --reason");
	if (!rc && !all && argc - optind < 2)
		rc = cli_usage_error(cli, "give the stage and the lines to decide");
	if (rc || (rc = cli_open(cli, 0, &st)))
		return rc;
	if ((rc = cli_stage_resolve(st, argv[optind], &stage)) ||
	    (person_ref && (rc = cli_resolve(st, person_ref, &d.person))))
		goto out;
	d.what = confirm ? HW_XDECIDE_CONFIRM : HW_XDECIDE_REJECT;
	if ((e = cli_xaudit_begin(&xa, st, 0, &err)))
		;
	else if (all)
		e = (confirmed = json_array())
			    ? hw_xaudit_confirm_proposed(st, &xa.au, stage, d.reason, confirmed,
							 print_left, &skipped, &err)
			    : hw_error_set(&err, HW_NOMEM, NULL);
	else
		e = verify_lines(st, &xa.au, stage, argv + optind + 1, argc - optind - 1, &d, &done,
				 &err);
	if ((rc = cli_xaudit_end(&xa, e, &err))) {
		fprintf(stderr, "homeward: nothing was decided\n");
		goto out;
	}
	if (done.len)
		fwrite(done.data, 1, done.len, stdout);
	if (all)
		printf("%zu pending entr%s confirmed as proposed; %zu left pending\n",
		       json_array_size(confirmed), json_array_size(confirmed) == 1 ? "y" : "ies",
		       skipped);
out:
	json_decref(confirmed);
	hw_buf_release(&done);
	hw_store_close(st);
	return rc;
}

/* ---- the outgoing list --------------------------------------------------------------- */

static const char out_help[] =
	"usage: homeward exchange out STAGE PERSON...\n"
	"       homeward exchange out STAGE PERSON... --remove --reason TEXT\n\n"
	"Adds persons in our custody (held_by us, captive, on no other open list)\n"
	"to the outgoing list of a stage: they become listed.  --remove takes them\n"
	"off again (they go back to captive).  PERSON is HW-NNNNNN or source:ref.\n"
	"All the persons of one call, or none.\n";

/* Adds person `who` to the outgoing list of `stage`, or with `remove`
 * takes them off, with the records; "HW-...\tlisted" into `done`. */
static enum hw_err out_one(struct hw_store *st, const struct hw_xaudit *au, int64_t stage,
			   const char *ref, const char *who, const char *remove,
			   struct hw_buf *done, struct hw_error *err)
{
	struct hw_xdecide d = { HW_XDECIDE_REMOVE, 0, remove };
	char pub[HW_PUBREF_MAX];
	int64_t person, id;
	enum hw_err rc;

	if ((rc = hw_store_person_resolve(st, who, &person, err)))
		return rc;
	hw_pubref_format(person, pub);
	if (!remove)
		rc = hw_xaudit_out_add(st, au, stage, ref, person, NULL, err);
	else if (!(rc = hw_xentry_by_line(st, stage, pub, &id, err)))
		rc = decide_entry(st, au, id, &d, err);
	if (!rc)
		hw_buf_addf(done, "%s\t%s\n", pub, remove ? "removed" : "listed");
	return rc;
}

int xlist_out(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "remove", no_argument, NULL, OPT_REMOVE },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_buf done = HW_BUF_INIT;
	struct hw_store *st = NULL;
	struct cli_xaudit xa;
	struct hw_error err;
	const char *reason = NULL;
	char ref[HW_XREF_MAX];
	int opt, rc = 0, remove = 0, i;
	int64_t stage;
	enum hw_err e = HW_OK;

	if (cli_wants_help(argc, argv))
		return printf("%s", out_help), 0;
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_REMOVE)
			remove = 1;
		else
			reason = optarg;
	}
	if (!rc && argc - optind < 2)
		rc = cli_usage_error(cli, "give the stage and the persons");
	if (!rc && reason && !remove)
		rc = cli_usage_error(cli, "--reason goes with --remove");
	if (!rc && remove && (!reason || !*reason))
		rc = cli_usage_error(cli, "--remove needs a --reason");
	if (rc || (rc = cli_open(cli, 0, &st)))
		return rc;
	if ((rc = cli_stage_resolve(st, argv[optind], &stage)))
		goto out;
	stage_ref(st, stage, ref);
	/* all the persons, or none */
	e = cli_xaudit_begin(&xa, st, 0, &err);
	for (i = optind + 1; !e && i < argc; i++)
		if ((e = out_one(st, &xa.au, stage, ref, argv[i], remove ? reason : NULL, &done,
				 &err)))
			prefix_error(&err, NULL, argv[i]);
	if ((rc = cli_xaudit_end(&xa, e, &err))) {
		fprintf(stderr, "homeward: nothing was changed\n");
		goto out;
	}
	fwrite(done.data, 1, done.len, stdout);
out:
	hw_buf_release(&done);
	hw_store_close(st);
	return rc;
}

/* ---- completion ------------------------------------------------------------------------- */

static const char complete_help[] =
	"usage: homeward exchange complete STAGE [--date DATE] [--force --reason TEXT]\n\n"
	"Completes a stage in one transaction: every confirmed incoming person\n"
	"returned, every outgoing person handed over, with the stage and DATE\n"
	"(default: the stage's date, else today).  A stage with entries still\n"
	"undecided, or whose counts differ (confirmed against the other side's\n"
	"list, against the planned counts, outgoing against planned) is refused\n"
	"unless --force with a --reason, which is recorded with the stage.\n";

int xlist_complete(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, OPT_DATE },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_store *st = NULL;
	struct hw_xcounts c;
	struct cli_xaudit xa;
	struct hw_error err;
	struct hw_date date = { 0, 0, 0 };
	const char *reason = NULL;
	char ref[HW_XREF_MAX];
	int opt, rc = 0, force = 0;
	int64_t stage;
	enum hw_err e;

	if (cli_wants_help(argc, argv))
		return printf("%s", complete_help), 0;
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_DATE)
			rc = cli_parse_date_opt("date", optarg, &date);
		else if (opt == OPT_FORCE)
			force = 1;
		else
			reason = optarg;
	}
	if (!rc && argc - optind != 1)
		rc = cli_usage_error(cli, "give the stage");
	if (!rc && force && (!reason || !*reason))
		rc = cli_usage_error(cli, "--force needs a --reason");
	if (!rc && reason && !force)
		rc = cli_usage_error(cli, "--reason goes with --force");
	if (rc || (rc = cli_open(cli, 0, &st)))
		return rc;
	if ((rc = cli_stage_resolve(st, argv[optind], &stage)))
		goto out;
	if (!(e = cli_xaudit_begin(&xa, st, 0, &err)))
		e = hw_xaudit_stage_complete(st, &xa.au, stage, &date, force, reason, NULL, &err);
	if ((rc = cli_xaudit_end(&xa, e, &err)))
		goto out;
	if (hw_stage_counts(st, stage, &c, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	stage_ref(st, stage, ref);
	printf("%s completed: %ld returned, %ld handed over\n", ref, c.returned, c.handed_over);
out:
	hw_store_close(st);
	return rc;
}
