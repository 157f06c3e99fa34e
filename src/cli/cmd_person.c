/*
 * cmd_person.c - `homeward person add|show|edit|list`.
 *
 * Audited as the server audits (cli_audit.h): show and list record the
 * reading before printing; add and edit record the person before and
 * after, in the write's transaction.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/persons_json.h"
#include "homeward/registry.h"
#include "cli/cli_audit.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char add_help[] =
	"usage: homeward person add --family NAME --given NAME [OPTIONS]\n\n"
	"Registers a person and prints the public reference (HW-...).\n\n"
	"options:\n" CLI_PERSON_OPTIONS_HELP
	"  --status STATUS       the status registered with (default: missing, or\n"
	"                        captive for persons held by us)\n";

static const char edit_help[] =
	"usage: homeward person edit REF [OPTIONS]\n\n"
	"Changes the fields given; the previous version is kept in the history.\n"
	"REF is the public reference (HW-...) or an external reference.\n"
	"The status is not edited: it follows from events ('homeward event add').\n\n"
	"options:\n" CLI_PERSON_OPTIONS_HELP
	"  --clear-tags          remove the person's tags (those given with --tag stay)\n";

static const char show_help[] =
	"usage: homeward person show REF [--format text|json]\n\n"
	"Shows a person by public reference (HW-...) or external reference\n"
	"(SOURCE:REF, or REF alone when one source uses it).\n";

static const char list_help[] =
	"usage: homeward person list [FILTERS] [--limit N] [--after REF] [--format text|json]\n\n"
	"filters: --status S --category C --branch B --region R --held-by H --tag T\n"
	"--limit defaults to 50 (0: no limit); --after REF continues a listing.\n";

/* Parses the person options of argv into p; the names into fam/giv/pat. */
static int parse_person_args(int argc, char **argv, struct cli *cli, struct hw_person *p,
			     const char **names, enum hw_status *status, int *clear_tags)
{
	struct hw_error err;
	int opt, v, rc = 0;

	hw_error_clear(&err);
	while ((opt = cli_getopt(cli, argc, argv, cli_person_options, &rc)) > 0) {
		if (opt >= OPT_FAMILY && opt <= OPT_PATRONYMIC) {
			names[opt - OPT_FAMILY] = optarg;
		} else if (opt == OPT_STATUS && status) {
			if (hw_vocab_parse(&hw_vocab_status, optarg, &v, &err))
				return cli_fail(&err);
			*status = (enum hw_status)v;
		} else if (opt == OPT_CLEAR_TAGS && clear_tags) {
			*clear_tags = 1;
		} else if (opt == OPT_STATUS || opt == OPT_CLEAR_TAGS || opt == OPT_FORMAT) {
			return cli_bad_option(cli, argc, argv, opt, cli_person_options);
		} else if (cli_person_apply(p, opt, optarg, &err)) {
			return cli_fail(&err);
		}
	}
	return rc;
}

static int person_add(int argc, char **argv, struct cli *cli)
{
	const char *names[3] = { NULL, NULL, NULL };
	enum hw_status status = HW_STATUS_NONE;
	struct hw_store *st = NULL;
	struct hw_person p;
	struct hw_error err;
	char ref[HW_PUBREF_MAX];
	int rc;

	if (cli_wants_help(argc, argv))
		return printf("%s", add_help), 0;
	hw_person_init(&p);
	hw_error_clear(&err);
	if ((rc = parse_person_args(argc, argv, cli, &p, names, &status, NULL)))
		goto out;
	if (optind < argc) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if (hw_registry_set_primary_name(&p, names[0] ? names[0] : "", names[1] ? names[1] : "",
					 names[2], &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_open(cli, 0, &st)))
		goto out;
	if (hw_store_begin(st, &err) ||
	    hw_registry_person_add(st, &p, status, NULL, 0, NULL, &err) ||
	    cli_audit_person_commit(st, "person.create", p.id, NULL, &err)) {
		hw_store_rollback(st);
		rc = cli_fail(&err);
		goto out;
	}
	hw_pubref_format(p.id, ref);
	printf("%s\n", ref);
out:
	hw_store_close(st);
	hw_person_release(&p);
	return rc;
}

static int print_json(json_t *j)
{
	char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;

	json_decref(j);
	if (!s)
		return 3;
	printf("%s\n", s);
	free(s);
	return 0;
}

static int person_show(int argc, char **argv, struct cli *cli)
{
	enum cli_format fmt = CLI_TEXT;
	struct hw_store *st = NULL;
	struct hw_person p;
	struct hw_error err;
	int64_t id;
	int rc, i;
	const char *ref = NULL;

	if (cli_wants_help(argc, argv))
		return printf("%s", show_help), 0;
	hw_person_init(&p);
	hw_error_clear(&err);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc) {
			if ((rc = cli_parse_format(cli, argv[++i], 1, 0, &fmt)))
				return rc;
		} else if (!ref && argv[i][0] != '-') {
			ref = argv[i];
		} else {
			return cli_usage_error(cli, "unexpected argument '%s'", argv[i]);
		}
	}
	if (!ref)
		return cli_usage_error(cli, "which person? (a reference such as HW-000001)");
	if ((rc = cli_open(cli, 0, &st)) || (rc = cli_resolve(st, ref, &id)))
		goto out;
	if (hw_store_person_get(st, id, &p, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if ((rc = cli_audit_read(st, "person.read", NULL, id, NULL)))
		goto out;
	if (fmt == CLI_JSON)
		rc = print_json(hw_person_to_json(&p, HW_JSON_HEALTH));
	else
		cli_print_person_text(stdout, &p);
out:
	hw_person_release(&p);
	hw_store_close(st);
	return rc;
}

/* What an option of `person edit` changes, as the server's routes tell
 * them apart: health, a name record, or the other fields. */
enum { EDIT_HEALTH = 1, EDIT_NAME = 2, EDIT_FIELDS = 4 };

static unsigned edit_kind(int opt)
{
	switch (opt) {
	case OPT_HEALTH:
	case OPT_NEXT_OF_KIN:
		return EDIT_HEALTH;
	case OPT_FAMILY:
	case OPT_GIVEN:
	case OPT_PATRONYMIC:
	case OPT_ALIAS:
		return EDIT_NAME;
	default:
		return EDIT_FIELDS;
	}
}

/* The server's action for the same change: PUT .../health, POST
 * .../names, PATCH (anything else, or several kinds at once). */
static const char *edit_action(unsigned kinds)
{
	if (kinds == EDIT_HEALTH)
		return "person.health";
	if (kinds == EDIT_NAME)
		return "person.name_add";
	return "person.update";
}

static int person_edit(int argc, char **argv, struct cli *cli)
{
	const char *names[3] = { NULL, NULL, NULL };
	struct hw_store *st = NULL;
	struct hw_person p;
	struct hw_error err;
	json_t *before = NULL;
	int64_t id, version;
	int rc, clear_tags = 0, opt;
	unsigned kinds = 0;
	size_t i;

	if (cli_wants_help(argc, argv))
		return printf("%s", edit_help), 0;
	hw_person_init(&p);
	hw_error_clear(&err);
	if (argc < 2 || argv[1][0] == '-')
		return cli_usage_error(cli, "which person? (a reference such as HW-000001)");
	if ((rc = cli_open(cli, 0, &st)) || (rc = cli_resolve(st, argv[1], &id)))
		goto out;
	if (hw_store_person_get(st, id, &p, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	version = p.version;
	if (!(before = hw_person_to_json(&p, HW_JSON_HEALTH))) {
		rc = 3;
		goto out;
	}
	/* a first pass for --clear-tags, so that it clears the stored tags
	 * and not those given with it, wherever it stands, and for what the
	 * edit changes */
	while ((opt = cli_getopt(cli, argc - 1, argv + 1, cli_person_options, &rc)) > 0) {
		clear_tags |= opt == OPT_CLEAR_TAGS;
		kinds |= edit_kind(opt);
	}
	if (rc)
		goto out;
	for (i = 0; clear_tags && i < p.ntags; i++)
		hw_free(p.tags[i]);
	if (clear_tags)
		p.ntags = 0;
	optind = 1;
	if ((rc = parse_person_args(argc - 1, argv + 1, cli, &p, names, NULL, &clear_tags)))
		goto out;
	if (optind < argc - 1) {
		rc = cli_usage_error(cli, "unexpected argument '%s'", argv[optind + 1]);
		goto out;
	}
	if (names[0] || names[1] || names[2]) {
		const struct hw_name *cur = hw_person_primary(&p);
		const char *fam = names[0] ? names[0] : cur->family;
		const char *giv = names[1] ? names[1] : cur->given;
		const char *pat = names[2] ? names[2] : cur->patronymic;
		/* copies: the name records move when another is added */
		char *f = hw_strdup(fam), *g = hw_strdup(giv), *pt = hw_strdup(pat);

		rc = hw_registry_set_primary_name(&p, f, g, pt, &err) ? cli_fail(&err) : 0;
		hw_free(f);
		hw_free(g);
		hw_free(pt);
		if (rc)
			goto out;
	}
	if (hw_store_begin(st, &err) || hw_registry_person_edit(st, &p, version, &err) ||
	    cli_audit_person_commit(st, edit_action(kinds), id, before, &err)) {
		hw_store_rollback(st);
		rc = cli_fail(&err);
		goto out;
	}
	cli_print_person_text(stdout, &p);
out:
	json_decref(before);
	hw_person_release(&p);
	hw_store_close(st);
	return rc;
}

/* ---- list ---------------------------------------------------------------- */

static enum hw_err list_one(void *ctx, const struct hw_person *p, size_t i, struct hw_buf *out)
{
	const enum cli_format *fmt = ctx;
	json_t *j;
	char *s;
	enum hw_err rc;

	if (*fmt != CLI_JSON)
		return cli_format_person_line(out, p);
	j = hw_person_to_json(p, 0);
	s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	rc = s ? hw_buf_addf(out, "%s%s", i ? ",\n" : "[\n", s) : HW_NOMEM;
	free(s);
	json_decref(j);
	return rc;
}

static enum hw_err list_end(void *ctx, size_t n, struct hw_buf *out)
{
	const enum cli_format *fmt = ctx;

	return *fmt == CLI_JSON ? hw_buf_addstr(out, n ? "\n]\n" : "[]\n") : HW_OK;
}

/* A vocabulary option into the filter, and its code into the query. */
static int vocab_filter(const struct hw_vocab *v, const char *key, const char *arg, int *out,
			json_t *q, struct hw_error *err)
{
	if (hw_vocab_parse(v, arg, out, err))
		return cli_fail(err);
	json_object_set_new(q, key, json_string(hw_vocab_code(v, *out)));
	return 0;
}

/* One option of `person list` into the filter `f` and the audited query `q`. */
static int parse_filter(struct cli *cli, struct hw_store **st, int opt, const char *arg,
			struct hw_person_filter *f, json_t *q, struct hw_error *err)
{
	char *end, ref[HW_PUBREF_MAX];
	int v = 0, rc;

	switch (opt) {
	case OPT_STATUS:
		rc = vocab_filter(&hw_vocab_status, "status", arg, &v, q, err);
		f->status = (enum hw_status)v;
		return rc;
	case OPT_CATEGORY:
		rc = vocab_filter(&hw_vocab_category, "category", arg, &f->category, q, err);
		f->has_category = 1;
		return rc;
	case OPT_BRANCH:
		rc = vocab_filter(&hw_vocab_branch, "branch", arg, &v, q, err);
		f->branch = (enum hw_branch)v;
		return rc;
	case OPT_REGION:
		rc = vocab_filter(&hw_vocab_region, "region", arg, &v, q, err);
		f->region = (enum hw_region)v;
		return rc;
	case OPT_HELD_BY:
		rc = vocab_filter(&hw_vocab_custody, "held_by", arg, &v, q, err);
		f->held_by = (enum hw_custody)v;
		f->has_held_by = 1;
		return rc;
	case OPT_TAG:
		if (hw_tag_validate(arg, err))
			return cli_fail(err);
		f->tag = arg;
		json_object_set_new(q, "tag", json_string(arg));
		return 0;
	case OPT_LIMIT:
		f->limit = strtoul(arg, &end, 10);
		if (!*arg || *end || arg[0] == '-')
			return cli_usage_error(cli, "--limit takes a whole number, not '%s'", arg);
		return 0;
	case OPT_AFTER:
		if ((!*st && (rc = cli_open(cli, 0, st))) || (rc = cli_resolve(*st, arg, &f->after_id)))
			return rc;
		hw_pubref_format(f->after_id, ref);
		json_object_set_new(q, "after", json_string(ref));
		return 0;
	}
	return cli_usage_error(cli, "bad option");
}

static int person_list(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, OPT_STATUS },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "branch", required_argument, NULL, OPT_BRANCH },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "held-by", required_argument, NULL, OPT_HELD_BY },
		{ "tag", required_argument, NULL, OPT_TAG },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "after", required_argument, NULL, OPT_AFTER },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_person_filter f = { 0 };
	enum cli_format fmt = CLI_TEXT;
	struct cli_listing l;
	struct hw_store *st = NULL;
	struct hw_error err;
	json_t *q, *detail = NULL;
	int opt, rc = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", list_help), 0;
	hw_error_clear(&err);
	f.limit = 50;
	if (!(q = json_object()))
		return 3;
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_FORMAT)
			rc = cli_parse_format(cli, optarg, 1, 0, &fmt);
		else
			rc = parse_filter(cli, &st, opt, optarg, &f, q, &err);
	}
	if (!rc && optind < argc)
		rc = cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (!rc && !st)
		rc = cli_open(cli, 0, &st);
	if (!rc && (json_object_set_new(q, "limit", json_integer((json_int_t)f.limit)) ||
		    !(detail = json_pack("{s:O, s:s}", "query", q, "format",
					 fmt == CLI_JSON ? "json" : "text"))))
		rc = 3;
	if (!rc) {
		memset(&l, 0, sizeof(l));
		l.filter = &f;
		l.action = "person.list";
		l.detail = detail;
		l.path = "-";
		l.one = list_one;
		l.end = list_end;
		l.ctx = &fmt;
		rc = cli_listing_run(cli, st, &l);
	}
	json_decref(detail);
	json_decref(q);
	hw_store_close(st);
	return rc;
}

int cmd_person(int argc, char **argv, struct cli *cli)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **, struct cli *);
	} sub[] = {
		{ "add", person_add }, { "show", person_show },
		{ "edit", person_edit }, { "list", person_list },
	};
	char prog[64];
	size_t i;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fprintf(argc < 2 ? stderr : stdout,
			"usage: homeward person add|show|edit|list ...\n"
			"'homeward person SUBCOMMAND --help' tells more.\n");
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (i = 0; i < sizeof(sub) / sizeof(sub[0]); i++) {
		if (strcmp(argv[1], sub[i].name))
			continue;
		snprintf(prog, sizeof(prog), "homeward person %s", sub[i].name);
		cli->prog = prog;
		return sub[i].fn(argc - 1, argv + 1, cli);
	}
	return cli_usage_error(cli, "'%s' is not a person subcommand (add, show, edit, list)",
			       argv[1]);
}
