/*
 * cmd_event.c - `homeward event add` and `homeward history`.
 *
 * Audited as the server audits (cli_audit.h): an event is written with its
 * record (event.add: the status before, the event after) in one
 * transaction; reading a history is recorded (person.history) before it
 * is printed, and so is reading the lists a person was on (`history
 * --lists`, person.lists, as the server's GET /api/v1/persons/{ref}/lists).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/exchange_json.h"
#include "homeward/persons_json.h"
#include "homeward/registry.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "core/banned.h"

static void event_help(void)
{
	char types[1024];

	hw_vocab_list_codes(&hw_vocab_event, types, sizeof(types));
	printf("usage: homeward event add REF TYPE [--date DATE] [--note TEXT] [--status S]\n\n"
	       "Appends an event to a person's history.  The event must be allowed\n"
	       "from the person's current status (see docs/data-model.md); the status\n"
	       "follows from it.  'status_corrected' takes --status and a --note.\n\n"
	       "types: %s\n", types);
}

/* In the open transaction: the event and its record, as the server
 * writes them (the status before, the event after). */
static enum hw_err add_audited(struct hw_store *st, struct hw_event *e, enum hw_status target,
			       struct hw_error *err)
{
	struct hw_person p;
	json_t *before = NULL, *after = NULL;
	enum hw_err rc;

	hw_person_init(&p);
	if ((rc = hw_store_person_get(st, e->person_id, &p, err)) ||
	    (rc = hw_registry_event_add(st, e, target, err)))
		goto out;
	before = json_pack("{s:s}", "status", hw_vocab_code(&hw_vocab_status, p.status));
	after = hw_event_to_json(e);
	rc = before && after ? cli_audit_write(st, "event.add", e->person_id, before, after, err)
			     : hw_error_set(err, HW_NOMEM, NULL);
out:
	json_decref(before);
	json_decref(after);
	hw_person_release(&p);
	return rc;
}

static int event_add(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, OPT_DATE },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ "status", required_argument, NULL, OPT_STATUS },
		{ NULL, 0, NULL, 0 },
	};
	enum hw_status target = HW_STATUS_NONE;
	struct hw_store *st = NULL;
	struct hw_event e;
	struct hw_error err;
	int opt, rc = 0, v;
	char ref[HW_PUBREF_MAX];

	hw_event_init(&e);
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_DATE && hw_date_parse(optarg, &e.date, &err))
			rc = (snprintf(err.field, sizeof(err.field), "date"), cli_fail(&err));
		else if (opt == OPT_NOTE && hw_person_set_str(&e.note, optarg))
			rc = 3;
		else if (opt == OPT_STATUS && hw_vocab_parse(&hw_vocab_status, optarg, &v, &err))
			rc = cli_fail(&err);
		else if (opt == OPT_STATUS)
			target = (enum hw_status)v;
	}
	if (rc)
		goto out;
	if (argc - optind != 2) {
		rc = cli_usage_error(cli, "give a person's reference and an event type");
		goto out;
	}
	if (hw_vocab_parse(&hw_vocab_event, argv[optind + 1], &v, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	e.type = (enum hw_event_type)v;
	if ((rc = cli_open(cli, 0, &st)) || (rc = cli_resolve(st, argv[optind], &e.person_id)))
		goto out;
	if (hw_store_begin(st, &err) || add_audited(st, &e, target, &err) ||
	    hw_store_commit(st, &err)) {
		hw_store_rollback(st);
		rc = cli_fail(&err);
		goto out;
	}
	hw_pubref_format(e.person_id, ref);
	printf("%s: %s, status now %s\n", ref, hw_vocab_code(&hw_vocab_event, e.type),
	       hw_vocab_code(&hw_vocab_status, e.status_after));
out:
	hw_event_release(&e);
	hw_store_close(st);
	return rc;
}

int cmd_event(int argc, char **argv, struct cli *cli)
{
	if (argc >= 2 && !strcmp(argv[1], "add")) {
		cli->prog = "homeward event add";
		if (cli_wants_help(argc - 1, argv + 1))
			return event_help(), 0;
		return event_add(argc - 1, argv + 1, cli);
	}
	if (cli_wants_help(argc, argv))
		return event_help(), 0;
	return cli_usage_error(cli, "the event command is 'homeward event add REF TYPE'");
}

/* The history is rendered (into `arr` or `out`) before it is recorded,
 * and printed after. */
struct history_ctx {
	int json;
	json_t *arr;
	struct hw_buf *out;
	int failed; /* out of memory */
	struct hw_store *st;
	struct hw_source source; /* the last one looked up */
};

/* The title of an event's source, or NULL (events of one import share one). */
static const char *source_title(struct history_ctx *hc, int64_t id)
{
	if (!id)
		return NULL;
	if (hc->source.id != id && hw_store_source_get(hc->st, id, &hc->source, NULL))
		return NULL;
	return hc->source.title;
}

static int print_event(void *ctx, const struct hw_event *e)
{
	struct history_ctx *hc = ctx;
	char date[HW_DATE_STR_MAX];

	const char *source = source_title(hc, e->source_id);
	json_t *j;

	if (hc->json) {
		j = hw_event_to_json(e);
		json_object_set_new(j, "source", source ? json_string(source) : json_null());
		json_array_append_new(hc->arr, j);
		return 0;
	}
	hw_date_format(&e->date, date);
	hw_buf_addf(hc->out, "%-20s  %-10s  %-20s -> %s", e->recorded_at ? e->recorded_at : "",
		    date[0] ? date : "-", hw_vocab_code(&hw_vocab_event, e->type),
		    hw_vocab_code(&hw_vocab_status, e->status_after));
	if (e->note)
		hw_buf_addf(hc->out, "  (%s)", e->note);
	if (source)
		hw_buf_addf(hc->out, "  [%s]", source);
	hc->failed = hw_buf_addch(hc->out, '\n') != HW_OK;
	return hc->failed;
}

/* ---- the lists a person was on (--lists) ---------------------------------- */

static void person_name(void *st, int64_t id, char *out, size_t size)
{
	hw_registry_person_name(st, id, out, size);
}

static int print_listing(void *ctx, const struct hw_person_listing *l)
{
	struct history_ctx *hc = ctx;
	const struct hw_xentry *e = l->entry;
	char sref[HW_XREF_MAX], date[HW_DATE_STR_MAX];
	json_t *j;

	if (hc->json) {
		j = hw_xentry_json(e, HW_XENTRY_JSON_ID, person_name, hc->st);
		hc->failed = !j || !(j = hw_person_listing_json(l, j)) ||
			     json_array_append_new(hc->arr, j);
		return hc->failed;
	}
	hw_stage_ref_format(l->stage->exchange_id, l->stage->number, sref);
	hw_date_format(&l->stage->date, date);
	hw_buf_addf(hc->out, "%-13s  %-10s  %-11s  %-3s  line %-9s  ", sref, date[0] ? date : "-",
		    hw_vocab_code(&hw_vocab_xstate, l->stage->state),
		    hw_vocab_code(&hw_vocab_direction, e->direction), e->line);
	if (l->proposed)
		hw_buf_addf(hc->out, "pending: proposed, not decided");
	else
		hw_buf_addf(hc->out, "%s by %s at %s", hw_vocab_code(&hw_vocab_verify, e->state),
			    e->decided_by ? e->decided_by : "?", e->decided_at ? e->decided_at : "?");
	hw_buf_addf(hc->out, "  (%s)", l->exchange->name ? l->exchange->name : "");
	hc->failed = hw_buf_addch(hc->out, '\n') != HW_OK;
	return hc->failed;
}

/* Renders the lists person `id` was on into `hc`; HW_OK or the error. */
static enum hw_err render_lists(struct hw_store *st, int64_t id, struct history_ctx *hc,
				struct hw_error *err)
{
	enum hw_err rc = hw_xentry_each_for_person(st, id, print_listing, hc, err);

	if (!rc && (hc->failed || !hc->arr))
		rc = hw_error_set(err, HW_NOMEM, NULL);
	return rc;
}

/* Renders the events of person `id` into `hc`; HW_OK or the error. */
static enum hw_err render_events(struct hw_store *st, int64_t id, struct history_ctx *hc,
				 struct hw_error *err)
{
	enum hw_err rc = hw_store_event_each(st, id, print_event, hc, err);

	if (!rc && (hc->failed || !hc->arr))
		rc = hw_error_set(err, HW_NOMEM, NULL);
	return rc;
}

int cmd_history(int argc, char **argv, struct cli *cli)
{
	struct history_ctx hc = { 0, NULL, NULL, 0, NULL, { 0 } };
	struct hw_buf text = HW_BUF_INIT;
	enum cli_format fmt = CLI_TEXT;
	struct hw_store *st = NULL;
	struct hw_error err;
	const char *ref = NULL;
	int64_t id;
	int rc = 0, i, lists = 0;
	char *s;

	if (cli_wants_help(argc, argv))
		return printf("usage: homeward history REF [--lists] [--format text|json]\n\n"
			      "Shows a person's events, oldest first: when recorded, when it\n"
			      "happened, the event and the status it led to.\n\n"
			      "--lists  the exchange lists the person was on instead: each entry\n"
			      "         naming the person (confirmed, handed over, or proposed and\n"
			      "         not decided) with its stage, by stage date\n"), 0;
	hw_error_clear(&err);
	for (i = 1; i < argc && !rc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			rc = cli_parse_format(cli, argv[++i], 1, 0, &fmt);
		else if (!strcmp(argv[i], "--lists"))
			lists = 1;
		else if (!ref && argv[i][0] != '-')
			ref = argv[i];
		else
			rc = cli_usage_error(cli, "unexpected argument '%s'", argv[i]);
	}
	if (!rc && !ref)
		rc = cli_usage_error(cli, "which person? (a reference such as HW-000001)");
	if (rc || (rc = cli_open(cli, 0, &st)) || (rc = cli_resolve(st, ref, &id)))
		goto out;
	hc.json = fmt == CLI_JSON;
	hc.out = &text;
	hc.arr = json_array();
	hc.st = st;
	if ((lists ? render_lists(st, id, &hc, &err) : render_events(st, id, &hc, &err))) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_audit_read(st, lists ? "person.lists" : "person.history", NULL, id, NULL)))
		goto out;
	fputs(text.data, stdout);
	if (hc.json) {
		s = json_dumps(hc.arr, JSON_INDENT(2) | JSON_SORT_KEYS);
		printf("%s\n", s ? s : "[]");
		free(s);
	}
out:
	hw_buf_release(&text);
	hw_source_release(&hc.source);
	json_decref(hc.arr);
	hw_store_close(st);
	return rc;
}
