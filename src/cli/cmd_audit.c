/*
 * cmd_audit.c - `homeward audit verify|log`: checking the hash chain of
 * the audit trail and reading it (homeward/audit.h, docs/security.md).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "homeward/alloc.h"
#include "homeward/auth_json.h"
#include "cli/cli_auth.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward audit verify\n"
	"       homeward audit log [--user ACTOR] [--person REF] [--from TIME] [--to TIME]\n"
	"                          [--action ACTION] [--limit N] [--format text|json]\n\n"
	"verify walks the whole hash chain of the audit trail: exit status 0 when it\n"
	"is intact (it prints the number of records and the head's hash, worth\n"
	"keeping elsewhere), 1 naming the first record that was altered, removed or\n"
	"inserted.\n\n"
	"log lists the records, oldest first, filtered by:\n"
	"  --user ACTOR      who acted: a user name, or cli:LOGIN for the command line\n"
	"  --person REF      the person concerned (HW-... or an external reference)\n"
	"  --from TIME, --to TIME\n"
	"                    YYYY-MM-DD (whole days, UTC) or YYYY-MM-DDTHH:MM:SSZ\n"
	"  --action ACTION   exact (person.read), or a prefix ending in '*' (user.*)\n"
	"  --limit N         at most N records (default: all)\n"
	"Reading the log is itself audited (audit.read).\n";

enum { OPT_USER = 3100, OPT_FROM, OPT_TO, OPT_ACTION };

struct audit_opts {
	struct hw_audit_filter f;
	const char *person, *from, *to;
	enum cli_format format;
};

static int parse_opts(int argc, char **argv, struct cli *cli, struct audit_opts *o)
{
	static const struct option opts[] = {
		{ "user", required_argument, NULL, OPT_USER },
		{ "person", required_argument, NULL, OPT_PERSON },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "action", required_argument, NULL, OPT_ACTION },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long n;
	int opt, rc = 0;

	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		switch (opt) {
		case OPT_USER: o->f.actor = optarg; break;
		case OPT_PERSON: o->person = optarg; break;
		case OPT_ACTION: o->f.action = optarg; break;
		case OPT_FROM:
			o->from = optarg;
			if (cli_parse_time(optarg, 0, &o->f.from))
				rc = cli_usage_error(cli, "--from: '%s' is not a date", optarg);
			break;
		case OPT_TO:
			o->to = optarg;
			if (cli_parse_time(optarg, 1, &o->f.to))
				rc = cli_usage_error(cli, "--to: '%s' is not a date", optarg);
			break;
		case OPT_LIMIT:
			n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 0)
				rc = cli_usage_error(cli, "--limit: '%s' is not a number", optarg);
			o->f.limit = (size_t)n;
			break;
		case OPT_FORMAT:
			rc = cli_parse_format(cli, optarg, 1, 0, &o->format);
			break;
		}
	}
	if (!rc && optind < argc)
		rc = cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	return rc;
}

static int verify(struct cli *cli, int argc)
{
	struct hw_audit_verdict v;
	struct hw_store *st = NULL;
	struct hw_error err;
	char hex[65];
	int rc;

	if (argc > 2)
		return cli_usage_error(cli, "verify takes no arguments");
	hw_error_clear(&err);
	if ((rc = cli_open(cli, HW_STORE_READONLY, &st)))
		return rc;
	if (hw_audit_verify(st, &v, &err)) {
		rc = cli_fail(&err);
	} else if (v.flaw != HW_AUDIT_INTACT) {
		fprintf(stderr, "homeward: the audit trail is broken: %s\n", v.message);
		rc = 1;
	} else {
		hw_audit_hash_hex(v.head.hash, hex);
		printf("audit trail intact: %" PRId64 " records, head %s\n", v.records, hex);
	}
	hw_store_close(st);
	return rc;
}

static void print_field(const char *s)
{
	printf(" %s", s && *s ? s : "-");
}

static int print_text(void *ctx, const struct hw_audit_record *r)
{
	char at[32], ref[HW_PUBREF_MAX];

	(void)ctx;
	cli_format_time(r->at, at);
	printf("%" PRId64 " %s", r->id, at);
	print_field(r->actor);
	print_field(r->address);
	print_field(r->action);
	printf(" %s:%s", r->object_type ? r->object_type : "-", r->object_id ? r->object_id : "-");
	if (r->person_id) {
		hw_pubref_format(r->person_id, ref);
		printf(" person=%s", ref);
	}
	printf(" %s\n", hw_audit_outcome_name(r->outcome) ? hw_audit_outcome_name(r->outcome)
							   : "?");
	return 0;
}

static int add_json(void *ctx, const struct hw_audit_record *r)
{
	json_t *j = hw_audit_record_to_json(r);

	return !j || json_array_append_new(ctx, j);
}

/* The record of this reading of the log. */
static enum hw_err audit_reading(struct hw_store *st, const struct audit_opts *o,
				 struct hw_error *err)
{
	struct hw_audit_record r;
	struct hw_actor who;
	char actor[96], *after;
	json_t *j;
	enum hw_err rc;

	cli_who(&who, actor, sizeof(actor));
	j = json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?}", "user", o->f.actor, "person", o->person,
		      "from", o->from, "to", o->to, "action", o->f.action);
	after = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	if (!after)
		return hw_error_set(err, HW_NOMEM, NULL);
	memset(&r, 0, sizeof(r));
	r.at = cli_now();
	r.actor = who.actor;
	r.address = who.address;
	r.action = "audit.read";
	r.object_type = "audit";
	r.person_id = o->f.person_id;
	r.after = after;
	r.outcome = HW_AUDIT_OK;
	rc = hw_audit_append(st, &r, err);
	free(after);
	return rc;
}

static int log_records(struct cli *cli, struct audit_opts *o)
{
	struct hw_store *st = NULL;
	struct hw_error err;
	json_t *arr = NULL;
	char *s = NULL;
	int rc;

	hw_error_clear(&err);
	if ((rc = cli_open(cli, 0, &st)))
		return rc;
	if (o->person && (rc = cli_resolve(st, o->person, &o->f.person_id)))
		goto out;
	if (o->format == CLI_JSON && !(arr = json_array())) {
		rc = 3;
		goto out;
	}
	if (hw_audit_each(st, &o->f, arr ? add_json : print_text, arr, &err) ||
	    audit_reading(st, o, &err)) {
		rc = cli_fail(&err);
		goto out;
	}
	if (arr) {
		s = json_dumps(arr, JSON_INDENT(2));
		rc = s ? (printf("%s\n", s), 0) : 3;
	}
out:
	free(s);
	json_decref(arr);
	hw_store_close(st);
	return rc;
}

int cmd_audit(int argc, char **argv, struct cli *cli)
{
	struct audit_opts o;
	int rc;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	if (argc < 2)
		return cli_usage_error(cli, "a subcommand is needed (verify, log)");
	if (!strcmp(argv[1], "verify"))
		return verify(cli, argc);
	if (strcmp(argv[1], "log"))
		return cli_usage_error(cli, "unknown subcommand '%s' (verify, log)", argv[1]);
	memset(&o, 0, sizeof(o));
	if ((rc = parse_opts(argc - 1, argv + 1, cli, &o)))
		return rc;
	return log_records(cli, &o);
}
