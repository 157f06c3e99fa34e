/*
 * cmd_exchange.c - `homeward exchange`: agreements and stages, their
 * states, the reconciliation of counts and proposing names.  The lists of
 * a stage (import, entries, verify, out, complete) are in cmd_xlist.c.
 *
 * Audited as the server audits the ledger (homeward/exchange_audit.h): a
 * write with its records in one transaction; a proposal, which names
 * persons, recorded person by person before it is printed.  Listing and
 * showing agreements reveal counts only and record nothing.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/buf.h"
#include "homeward/csv.h"
#include "homeward/exchange.h"
#include "homeward/exchange_json.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "cli/exchange_cmds.h"
#include "core/banned.h"

int cli_parse_count(const struct cli *cli, const char *opt, const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0 || v > 1000000)
		return cli_usage_error(cli, "%s takes a count from 0 to 1000000, not '%s'", opt, arg);
	*out = (int)v;
	return 0;
}

int cli_parse_date_opt(const char *field, const char *arg, struct hw_date *out)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_date_parse(arg, out, &err)) {
		snprintf(err.field, sizeof(err.field), "%s", field);
		return cli_fail(&err);
	}
	return 0;
}

int cli_stage_resolve(struct hw_store *st, const char *ref, int64_t *id)
{
	struct hw_error err;

	hw_error_clear(&err);
	return hw_stage_resolve(st, ref, id, &err) ? cli_fail(&err) : 0;
}

static int exchange_resolve(struct hw_store *st, const char *ref, int64_t *id)
{
	struct hw_error err;

	hw_error_clear(&err);
	return hw_exchange_resolve(st, ref, id, &err) ? cli_fail(&err) : 0;
}

void cli_count_text(char *out, size_t size, int n)
{
	if (n < 0)
		snprintf(out, size, "?");
	else
		snprintf(out, size, "%d", n);
}

int cli_print_json(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(j);
	if (!s)
		return 3;
	printf("%s\n", s);
	free(s);
	return 0;
}

/* ---- create ------------------------------------------------------------ */

static const char create_help[] =
	"usage: homeward exchange create NAME [--agreed DATE] [--place TEXT]\n"
	"         [--mediator TEXT]... [--quota-in N] [--quota-out N] [--number N]\n"
	"         [--historic] [--notes TEXT]\n\n"
	"Records an agreement, e.g. \"1000 for 1000\": the date agreed, where it was\n"
	"negotiated, its mediators, how many are to come home (--quota-in) and to be\n"
	"handed over (--quota-out), and its number in the national count of\n"
	"exchanges.  --historic records an earlier exchange as counts only: add its\n"
	"stages with --counted-in/--counted-out, no lists.\n";

static int exchange_create(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "agreed", required_argument, NULL, OPT_AGREED },
		{ "place", required_argument, NULL, OPT_PLACE },
		{ "mediator", required_argument, NULL, OPT_MEDIATOR },
		{ "quota-in", required_argument, NULL, OPT_QUOTA_IN },
		{ "quota-out", required_argument, NULL, OPT_QUOTA_OUT },
		{ "number", required_argument, NULL, OPT_NUMBER },
		{ "historic", no_argument, NULL, OPT_HISTORIC },
		{ "notes", required_argument, NULL, OPT_NOTES },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_buf mediators = HW_BUF_INIT;
	struct hw_store *st = NULL;
	struct cli_xaudit xa;
	struct hw_exchange x;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	int opt, rc = 0, n = 0;
	enum hw_err e;

	if (cli_wants_help(argc, argv))
		return printf("%s", create_help), 0;
	hw_exchange_init(&x);
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		switch (opt) {
		case OPT_AGREED:
			rc = cli_parse_date_opt("agreed", optarg, &x.agreed_on);
			break;
		case OPT_PLACE:
			rc = hw_person_set_str(&x.place, optarg) ? 3 : 0;
			break;
		case OPT_MEDIATOR:
			hw_buf_addf(&mediators, "%s%s", mediators.len ? "; " : "", optarg);
			break;
		case OPT_QUOTA_IN:
			rc = cli_parse_count(cli, "--quota-in", optarg, &x.quota_in);
			break;
		case OPT_QUOTA_OUT:
			rc = cli_parse_count(cli, "--quota-out", optarg, &x.quota_out);
			break;
		case OPT_NUMBER:
			if (!(rc = cli_parse_count(cli, "--number", optarg, &n)) && n == 0)
				rc = cli_usage_error(cli, "--number counts from 1");
			x.national_number = n;
			break;
		case OPT_HISTORIC:
			x.historic = 1;
			break;
		case OPT_NOTES:
			rc = hw_person_set_str(&x.notes, optarg) ? 3 : 0;
			break;
		default:
			rc = cli_bad_option(cli, argc, argv, opt, opts);
		}
	}
	if (!rc && argc - optind != 1)
		rc = cli_usage_error(cli, "give the agreement's name");
	if (!rc && mediators.len && hw_person_set_str(&x.mediators, mediators.data))
		rc = 3;
	if (!rc && hw_person_set_str(&x.name, argv[optind]))
		rc = 3;
	if (!rc && !(rc = cli_open(cli, 0, &st))) {
		if (!(e = cli_xaudit_begin(&xa, st, 0, &err)))
			e = hw_xaudit_exchange_create(st, &xa.au, &x, &err);
		if (!(rc = cli_xaudit_end(&xa, e, &err))) {
			hw_exchange_ref_format(x.id, ref);
			printf("%s\t%s\t%s\n", ref, x.name, hw_vocab_code(&hw_vocab_xstate, x.state));
		}
	}
	hw_store_close(st);
	hw_buf_release(&mediators);
	hw_exchange_release(&x);
	return rc;
}

/* ---- list ---------------------------------------------------------------- */

struct list_ctx {
	struct hw_store *st;
	enum cli_format fmt;
	json_t *arr;
};

static int list_one(void *ctx, const struct hw_exchange *x)
{
	struct list_ctx *l = ctx;
	char ref[HW_XREF_MAX], date[HW_DATE_STR_MAX], qi[16], qo[16];

	if (l->fmt == CLI_JSON) {
		json_array_append_new(l->arr, hw_exchange_json(x));
		return 0;
	}
	hw_exchange_ref_format(x->id, ref);
	hw_date_format(&x->agreed_on, date);
	cli_count_text(qi, sizeof(qi), x->quota_in);
	cli_count_text(qo, sizeof(qo), x->quota_out);
	printf("%s  %-10s  %-11s  %5s for %-5s  %s%s\n", ref, date[0] ? date : "-",
	       hw_vocab_code(&hw_vocab_xstate, x->state), qi, qo, x->name,
	       x->historic ? " (counts only)" : "");
	return 0;
}

static int exchange_list(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct list_ctx l = { NULL, CLI_TEXT, NULL };
	struct hw_error err;
	int opt, rc = 0;

	if (cli_wants_help(argc, argv))
		return printf("usage: homeward exchange list [--format text|json]\n\n"
			      "Lists the agreements, oldest first.\n"), 0;
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0)
		rc = cli_parse_format(cli, optarg, 1, 0, &l.fmt);
	if (!rc && argc - optind != 0)
		rc = cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (rc || (rc = cli_open(cli, HW_STORE_READONLY, &l.st)))
		return rc;
	hw_error_clear(&err);
	l.arr = json_array();
	if (hw_exchange_each(l.st, list_one, &l, &err))
		rc = cli_fail(&err);
	else if (l.fmt == CLI_JSON)
		rc = cli_print_json(json_incref(l.arr));
	json_decref(l.arr);
	hw_store_close(l.st);
	return rc;
}

/* ---- show: the agreement, its stages and the reconciliation of counts ---- */

struct show_ctx {
	struct hw_store *st;
	enum cli_format fmt;
	json_t *stages;
	struct hw_error *err;
	int failed;
};

/* The differences of a stage or an agreement, in words ("none" when none). */
static void differences_text(const struct hw_xcounts *c, enum hw_xstate state, char *out,
			     size_t size)
{
	struct hw_buf b = HW_BUF_INIT;
	struct hw_xdiff d;

	if (state == HW_XSTATE_CANCELLED) {
		snprintf(out, size, "cancelled");
		return;
	}
	hw_xcounts_diff(c, &d);
	if (d.undecided)
		hw_buf_addf(&b, "%ld undecided", d.undecided);
	if (d.in)
		hw_buf_addf(&b, "%sin %+ld", b.len ? ", " : "", d.in);
	if (d.out)
		hw_buf_addf(&b, "%sout %+ld", b.len ? ", " : "", d.out);
	if (d.list)
		hw_buf_addf(&b, "%s%ld of their %ld not confirmed", b.len ? ", " : "", -d.list,
			    c->listed_in);
	snprintf(out, size, "%s", b.len ? b.data : "none");
	hw_buf_release(&b);
}

static int show_stage(void *ctx, const struct hw_stage *s)
{
	struct show_ctx *sc = ctx;
	struct hw_xcounts c;
	char ref[HW_XREF_MAX], date[HW_DATE_STR_MAX], pi[16], po[16], diff[256];

	if (hw_stage_counts(sc->st, s->id, &c, sc->err)) {
		sc->failed = 1;
		return 1;
	}
	if (sc->fmt == CLI_JSON) {
		json_array_append_new(sc->stages, hw_stage_json(s, &c));
		return 0;
	}
	hw_stage_ref_format(s->exchange_id, s->number, ref);
	hw_date_format(&s->date, date);
	cli_count_text(pi, sizeof(pi), s->planned_in);
	cli_count_text(po, sizeof(po), s->planned_out);
	differences_text(&c, s->state, diff, sizeof(diff));
	printf("%-14s %-10s  %-11s  %5s/%-5s  %5ld  %5ld  %5ld  %5ld  %5ld  %s%s\n", ref,
	       date[0] ? date : "-", hw_vocab_code(&hw_vocab_xstate, s->state), pi, po,
	       c.listed_in, c.by_state[HW_VERIFY_CONFIRMED], c.listed_out,
	       c.returned + c.counted_in, c.handed_over + c.counted_out, diff,
	       s->forced ? " (forced)" : "");
	if (s->forced)
		printf("%14s forced: %s\n", "", s->force_reason ? s->force_reason : "");
	return 0;
}

static const char show_help[] =
	"usage: homeward exchange show AGREEMENT [--format text|json]\n\n"
	"Shows an agreement and reconciles its counts: for each stage the planned\n"
	"counts (in/out), the entries on the other side's list, those confirmed, the\n"
	"outgoing list, those returned and handed over, and every difference; then\n"
	"the agreement's totals against its quotas.  AGREEMENT is EX-NNNNNN, its\n"
	"number or its name.\n";

static int show_text_head(const struct hw_exchange *x)
{
	char ref[HW_XREF_MAX], date[HW_DATE_STR_MAX], qi[16], qo[16];

	hw_exchange_ref_format(x->id, ref);
	hw_date_format(&x->agreed_on, date);
	cli_count_text(qi, sizeof(qi), x->quota_in);
	cli_count_text(qo, sizeof(qo), x->quota_out);
	printf("%s  %s  (%s)%s\n", ref, x->name, hw_vocab_code(&hw_vocab_xstate, x->state),
	       x->historic ? "  historic, counts only" : "");
	printf("agreed: %s   place: %s   mediators: %s\n", date[0] ? date : "-",
	       x->place ? x->place : "-", x->mediators ? x->mediators : "-");
	if (x->national_number)
		printf("number in the national count: %d\n", x->national_number);
	printf("quota: %s to come home, %s to hand over\n\n", qi, qo);
	printf("%-14s %-10s  %-11s  %11s  %5s  %5s  %5s  %5s  %5s  %s\n", "stage", "date",
	       "state", "planned i/o", "list", "conf", "out", "ret", "hand", "differences");
	return 0;
}

static int exchange_show(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct show_ctx sc = { NULL, CLI_TEXT, NULL, NULL, 0 };
	struct hw_exchange x;
	struct hw_xcounts total;
	struct hw_error err;
	char diff[256];
	int64_t id;
	int opt, rc = 0;
	json_t *o;

	if (cli_wants_help(argc, argv))
		return printf("%s", show_help), 0;
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0)
		rc = cli_parse_format(cli, optarg, 1, 0, &sc.fmt);
	if (!rc && argc - optind != 1)
		rc = cli_usage_error(cli, "give the agreement");
	if (rc || (rc = cli_open(cli, HW_STORE_READONLY, &sc.st)))
		return rc;
	hw_error_clear(&err);
	hw_exchange_init(&x);
	sc.err = &err;
	sc.stages = json_array();
	if ((rc = exchange_resolve(sc.st, argv[optind], &id)))
		goto out;
	if (hw_exchange_get(sc.st, id, &x, &err) || hw_exchange_counts(sc.st, id, &total, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (sc.fmt == CLI_TEXT)
		show_text_head(&x);
	if (hw_stage_each(sc.st, id, show_stage, &sc, &err) || sc.failed) {
		rc = cli_fail(&err);
		goto out;
	}
	if (sc.fmt == CLI_JSON) {
		o = hw_exchange_json(&x);
		json_object_set(o, "stages", sc.stages);
		json_object_set_new(o, "totals", hw_xcounts_json(&total));
		rc = cli_print_json(o);
		goto out;
	}
	differences_text(&total, x.state, diff, sizeof(diff));
	printf("%-14s %-10s  %-11s  %11s  %5ld  %5ld  %5ld  %5ld  %5ld  %s\n", "total", "", "",
	       "(quota)", total.listed_in, total.by_state[HW_VERIFY_CONFIRMED], total.listed_out,
	       total.returned + total.counted_in, total.handed_over + total.counted_out, diff);
out:
	json_decref(sc.stages);
	hw_exchange_release(&x);
	hw_store_close(sc.st);
	return rc;
}

/* ---- state changes ----------------------------------------------------------- */

static const char state_help[] =
	"usage: homeward exchange state REF STATE [--reason TEXT]\n\n"
	"Moves an agreement (REF: EX-NNNNNN, number or name) or a stage (REF:\n"
	"AGREEMENT/N) to STATE: in_progress, completed (agreements only; a stage\n"
	"is completed with 'homeward exchange complete') or cancelled (needs\n"
	"--reason; the persons on a cancelled stage's lists go back to captive).\n"
	"Allowed: planned -> in_progress -> completed; planned or in_progress ->\n"
	"cancelled.  Every change is logged with who and why.\n";

static int exchange_state(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, OPT_REASON },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_store *st = NULL;
	struct cli_xaudit xa;
	struct hw_error err;
	const char *reason = NULL;
	int64_t id;
	int opt, rc = 0, to, stage;
	enum hw_err e = HW_OK;

	if (cli_wants_help(argc, argv))
		return printf("%s", state_help), 0;
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0)
		reason = optarg;
	if (!rc && argc - optind != 2)
		rc = cli_usage_error(cli, "give the agreement or stage and the new state");
	if (rc)
		return rc;
	if (hw_vocab_parse(&hw_vocab_xstate, argv[optind + 1], &to, &err))
		return cli_fail(&err);
	if ((rc = cli_open(cli, 0, &st)))
		return rc;
	if ((stage = strchr(argv[optind], '/') != NULL))
		rc = cli_stage_resolve(st, argv[optind], &id);
	else
		rc = exchange_resolve(st, argv[optind], &id);
	if (!rc && !(e = cli_xaudit_begin(&xa, st, 0, &err)))
		e = stage ? hw_xaudit_stage_state(st, &xa.au, id, to, reason, NULL, &err)
			  : hw_xaudit_exchange_state(st, &xa.au, id, to, reason, &err);
	if (!rc)
		rc = cli_xaudit_end(&xa, e, &err);
	if (!rc)
		printf("%s\t%s\n", argv[optind], hw_vocab_code(&hw_vocab_xstate, to));
	hw_store_close(st);
	return rc;
}

/* ---- stage add ------------------------------------------------------------------- */

static const char stage_help[] =
	"usage: homeward exchange stage add AGREEMENT [--date DATE] [--planned-in N]\n"
	"         [--planned-out N] [--counted-in N] [--counted-out N]\n\n"
	"Adds the next stage of an agreement: its date and the counts planned for\n"
	"each side (in: coming home; out: handed over).  A historic agreement's\n"
	"stage takes the counts recorded instead (--counted-in, --counted-out).\n";

static int stage_add(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, OPT_DATE },
		{ "planned-in", required_argument, NULL, OPT_PLANNED_IN },
		{ "planned-out", required_argument, NULL, OPT_PLANNED_OUT },
		{ "counted-in", required_argument, NULL, OPT_COUNTED_IN },
		{ "counted-out", required_argument, NULL, OPT_COUNTED_OUT },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_store *st = NULL;
	struct cli_xaudit xa;
	struct hw_stage s;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	int opt, rc = 0;
	enum hw_err e;

	if (cli_wants_help(argc, argv))
		return printf("%s", stage_help), 0;
	hw_stage_init(&s);
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_DATE)
			rc = cli_parse_date_opt("date", optarg, &s.date);
		else if (opt == OPT_PLANNED_IN)
			rc = cli_parse_count(cli, "--planned-in", optarg, &s.planned_in);
		else if (opt == OPT_PLANNED_OUT)
			rc = cli_parse_count(cli, "--planned-out", optarg, &s.planned_out);
		else if (opt == OPT_COUNTED_IN)
			rc = cli_parse_count(cli, "--counted-in", optarg, &s.counted_in);
		else
			rc = cli_parse_count(cli, "--counted-out", optarg, &s.counted_out);
	}
	if (!rc && (argc - optind != 2 || strcmp(argv[optind], "add")))
		rc = cli_usage_error(cli, "usage: homeward exchange stage add AGREEMENT ...");
	if (rc || (rc = cli_open(cli, 0, &st)))
		return rc;
	if (!(rc = exchange_resolve(st, argv[optind + 1], &s.exchange_id))) {
		if (!(e = cli_xaudit_begin(&xa, st, 0, &err)))
			e = hw_xaudit_stage_add(st, &xa.au, &s, NULL, &err);
		if (!(rc = cli_xaudit_end(&xa, e, &err))) {
			hw_stage_ref_format(s.exchange_id, s.number, ref);
			printf("%s\t%s\n", ref, hw_vocab_code(&hw_vocab_xstate, s.state));
		}
	}
	hw_stage_release(&s);
	hw_store_close(st);
	return rc;
}

/* ---- propose ------------------------------------------------------------------------ */

static const char propose_help[] =
	"usage: homeward exchange propose AGREEMENT --count N [--priority RULES]\n"
	"         [--held-by adversary|us] [--format text|json|csv]\n\n"
	"Ranks the people to put forward for an exchange: captive, not yet listed,\n"
	"on no open list; our people held by the other side (whom to ask for) or,\n"
	"with --held-by us, detainees in our custody (whom to offer).  RULES are\n"
	"applied in turn, each putting those who meet it first; the default is\n"
	"  " HW_PRIORITY_DEFAULT "\n"
	"(the seriously ill and wounded first, GC III Art. 109-110; then civilians;\n"
	"then the longest in captivity).  Rules: seriously_ill, wounded, disability,\n"
	"civilian, woman, oldest, longest.  Each line says why the person is there.\n"
	"Nothing changes: listing someone is a decision made on a list.\n";

struct propose_ctx {
	struct hw_store *st;
	enum cli_format fmt;
	json_t *arr;
	struct hw_buf out;          /* text or CSV, printed once recorded */
	struct hw_csv_writer w;
	struct hw_ids ids;          /* the persons proposed */
};

static int propose_one(void *ctx, const struct hw_proposal *p)
{
	struct propose_ctx *pc = ctx;
	char pub[HW_PUBREF_MAX], name[512], pad[640];

	if (hw_ids_push(&pc->ids, p->person_id))
		return 1;
	hw_pubref_format(p->person_id, pub);
	cli_person_name(pc->st, p->person_id, name, sizeof(name));
	if (pc->fmt == CLI_JSON)
		json_array_append_new(pc->arr, hw_proposal_json(p, name));
	else if (pc->fmt == CLI_CSV) {
		char rank[16];
		const char *row[4] = { rank, pub, name, p->why };

		snprintf(rank, sizeof(rank), "%d", p->rank);
		hw_csv_write_row(&pc->w, row, 4);
	}
	else
		hw_buf_addf(&pc->out, "%4d. %s  %s  %s\n", p->rank, pub,
			    cli_pad(name, 45, pad, sizeof(pad)), p->why);
	return 0;
}

static void print_priority(const struct hw_priority *prio)
{
	int i;

	printf("priority:");
	for (i = 0; i < prio->nrules; i++)
		printf("%s %s", i ? "," : "", hw_vocab_label_en(&hw_vocab_priority, prio->rules[i]));
	printf("\n");
}

static int exchange_propose(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "priority", required_argument, NULL, OPT_PRIORITY },
		{ "held-by", required_argument, NULL, OPT_HELD_BY },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const header[4] = { "rank", "person", "name", "why" };
	struct propose_ctx pc;
	struct hw_priority prio;
	struct hw_date today = hw_date_today();
	struct cli_xaudit xa;
	struct hw_error err;
	char ref[HW_XREF_MAX];
	int opt, rc = 0, count = -1, held = HW_CUSTODY_ADVERSARY;
	int64_t id;
	enum hw_err e;

	if (cli_wants_help(argc, argv))
		return printf("%s", propose_help), 0;
	memset(&pc, 0, sizeof(pc));
	hw_buf_init(&pc.out, 0);
	hw_csv_writer_init(&pc.w, &pc.out);
	hw_error_clear(&err);
	hw_priority_parse(NULL, &prio, NULL);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_COUNT)
			rc = cli_parse_count(cli, "--count", optarg, &count);
		else if (opt == OPT_PRIORITY && hw_priority_parse(optarg, &prio, &err))
			rc = cli_fail(&err);
		else if (opt == OPT_HELD_BY && hw_vocab_parse(&hw_vocab_custody, optarg, &held, &err))
			rc = cli_fail(&err);
		else if (opt == OPT_FORMAT)
			rc = cli_parse_format(cli, optarg, 1, 1, &pc.fmt);
	}
	if (!rc && count < 1)
		rc = cli_usage_error(cli, "give --count N (1 or more)");
	if (!rc && argc - optind != 1)
		rc = cli_usage_error(cli, "give the agreement");
	if (rc || (rc = cli_open(cli, 0, &pc.st)))
		return rc;
	pc.arr = json_array();
	if (pc.fmt == CLI_CSV)
		hw_csv_write_row(&pc.w, header, 4);
	if (!(rc = exchange_resolve(pc.st, argv[optind], &id)) &&
	    (hw_exchange_propose(pc.st, id, (enum hw_custody)held, (size_t)count, &prio, &today,
				 propose_one, &pc, &err) ||
	     (pc.ids.failed && hw_error_set(&err, HW_NOMEM, NULL))))
		rc = cli_fail(&err);
	/* no record, no answer: every person proposed is named in the trail */
	if (!rc) {
		hw_exchange_ref_format(id, ref);
		if (!(e = cli_xaudit_begin(&xa, pc.st, 1, &err)))
			e = hw_xaudit_propose(&xa.au, ref, (size_t)count, (enum hw_custody)held,
					      &prio, &pc.ids, &err);
		rc = cli_xaudit_end(&xa, e, &err);
	}
	if (!rc && pc.fmt == CLI_JSON) {
		rc = cli_print_json(json_incref(pc.arr));
	} else if (!rc) {
		if (pc.fmt == CLI_TEXT)
			print_priority(&prio);
		fwrite(pc.out.data, 1, pc.out.len, stdout);
	}
	json_decref(pc.arr);
	hw_buf_release(&pc.out);
	hw_ids_release(&pc.ids);
	hw_store_close(pc.st);
	return rc;
}

/* ---- dispatch ---------------------------------------------------------------------------- */

int cmd_exchange(int argc, char **argv, struct cli *cli)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **, struct cli *);
		const char *help;
	} sub[] = {
		{ "create", exchange_create, "record an agreement" },
		{ "list", exchange_list, "list the agreements" },
		{ "show", exchange_show, "an agreement, its stages and the reconciled counts" },
		{ "stage", stage_add, "add a stage (stage add AGREEMENT ...)" },
		{ "state", exchange_state, "start, complete or cancel an agreement or a stage" },
		{ "import", xlist_import, "import the other side's list for a stage and match it" },
		{ "entries", xlist_entries, "the entries of a stage's lists" },
		{ "entry", xlist_entry, "one entry: as written, the candidates, the decisions" },
		{ "verify", xlist_verify, "confirm or reject incoming entries" },
		{ "out", xlist_out, "add persons to the outgoing list, or take them off" },
		{ "complete", xlist_complete, "complete a stage: returned and handed over" },
		{ "propose", exchange_propose, "rank the people to put forward" },
	};
	char prog[64];
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		FILE *out = argc < 2 ? stderr : stdout;

		fprintf(out, "usage: homeward exchange SUBCOMMAND ...\n\n");
		for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++)
			fprintf(out, "  %-9s %s\n", sub[i].name, sub[i].help);
		fprintf(out, "\n'homeward exchange SUBCOMMAND --help' tells more.  Stages are named\n"
			     "AGREEMENT/N (EX-000052/1); agreements by EX-NNNNNN, number or name.\n"
			     "Decisions are recorded as cli:$USER.\n");
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		if (strcmp(argv[1], sub[i].name))
			continue;
		snprintf(prog, sizeof(prog), "homeward exchange %s", sub[i].name);
		cli->prog = prog;
		return sub[i].fn(argc - 1, argv + 1, cli);
	}
	return cli_usage_error(cli, "'%s' is not an exchange subcommand", argv[1]);
}
