/*
 * cmd_demo.c - `homeward demo`: a demo database that reproduces the
 * published figures of two exchanges (homeward/demo.h).
 *
 * The database is built in a temporary file beside --db and renamed over
 * it when complete, so that a failed or interrupted build leaves nothing
 * half made, and --force replaces an old database in one step.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "homeward/alloc.h"
#include "homeward/demo.h"
#include "homeward/exchange.h"
#include "cli/commands.h"
#include "core/banned.h"

enum { OPT_PERSONS = 2000 };

static const char help[] =
	"usage: homeward [--db PATH] demo [--persons N] [--seed S] [--threads N] [--force]\n\n"
	"Creates a demo database at PATH with synthetic persons (no real person's\n"
	"name) and exchanges recorded through the real ledger, so that 'homeward\n"
	"report' prints the published figures of the 52nd exchange (31 May 2024)\n"
	"and of \"1000 for 1000\" (23-25 May 2025), counted from the persons.  The\n"
	"other side's lists are written as real lists are (Russian forms, Latin\n"
	"spellings, slips), matched, and verified by a simulated verifier.  One more\n"
	"agreement is left in progress, its list partly verified, to try.\n\n"
	"  --persons N   registry persons besides those of the exchanges (default 5000)\n"
	"  --seed S      the same seed gives the same database (default 1)\n"
	"  --threads N   threads for matching the lists (default 1)\n"
	"  --force       replace PATH if it exists (do not use while others have it open)\n\n"
	"Progress goes to stderr; what to try next, to stdout.  docs/demo.md says\n"
	"what the demo holds.\n";

static int parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return *end || errno || *out > max ? -1 : 0;
}

static int parse_options(int argc, char **argv, struct cli *cli, struct hw_demo_options *o,
			 int *force)
{
	static const struct option opts[] = {
		{ "persons", required_argument, NULL, OPT_PERSONS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	int opt, rc = 0;

	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_FORCE) {
			*force = 1;
		} else if (opt == OPT_PERSONS) {
			if (parse_u64(optarg, HW_DEMO_BACKGROUND_MAX, &v))
				return cli_usage_error(cli, "--persons takes a whole number up to "
						       "%d, not '%s'", HW_DEMO_BACKGROUND_MAX, optarg);
			o->background = (long)v;
		} else if (opt == OPT_SEED) {
			if (parse_u64(optarg, ~0ULL, &v))
				return cli_usage_error(cli, "--seed takes a whole number, not '%s'",
						       optarg);
			o->seed = v;
		} else if (opt == OPT_THREADS) {
			if (parse_u64(optarg, 64, &v) || !v)
				return cli_usage_error(cli, "--threads takes a number from 1 to 64, "
						       "not '%s'", optarg);
			o->threads = (unsigned)v;
		}
	}
	if (rc)
		return rc;
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* A new empty file beside `path` to build in; NULL after printing why. */
static char *temp_beside(const char *path)
{
	size_t n = strlen(path) + 16;
	char *tmp = hw_malloc(n);
	int fd;

	if (!tmp) {
		fprintf(stderr, "homeward: out of memory\n");
		return NULL;
	}
	snprintf(tmp, n, "%s.demoXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "homeward: cannot create a file beside '%s': %s\n", path,
			strerror(errno));
		hw_free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/* Removes the temporary database and what SQLite may have left beside it. */
static void remove_db(const char *path)
{
	char side[4096];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-journal", path);
	unlink(side);
}

static int build(const char *tmp, const struct hw_demo_options *o, struct hw_demo_result *res)
{
	struct hw_store *st = NULL;
	struct hw_error err;
	int rc = 0;

	hw_error_clear(&err);
	if (hw_store_open(&st, tmp, HW_STORE_CREATE, &err))
		return cli_fail(&err);
	hw_store_tune_for_bulk(st);
	if (hw_demo_build(st, o, res, &err))
		rc = cli_fail(&err);
	hw_store_close(st);
	return rc;
}

/* Moves the finished database over `path`, old WAL files first out of the way. */
static int install(const char *tmp, const char *path)
{
	char side[4096];

	snprintf(side, sizeof(side), "%s-wal", path);
	if (unlink(side) && errno != ENOENT)
		goto fail;
	snprintf(side, sizeof(side), "%s-shm", path);
	if (unlink(side) && errno != ENOENT)
		goto fail;
	if (!rename(tmp, path))
		return 0;
fail:
	fprintf(stderr, "homeward: cannot replace '%s': %s\n", path, strerror(errno));
	return 3;
}

static void hints(const char *db, const struct hw_demo_result *r)
{
	char x52[HW_XREF_MAX], k[HW_XREF_MAX], open[HW_XREF_MAX];

	hw_exchange_ref_format(r->exchange52_id, x52);
	hw_exchange_ref_format(r->thousand_id, k);
	hw_exchange_ref_format(r->open_id, open);
	printf("created %s: %ld synthetic persons (no real names), 4 agreements;\n"
	       "%ld lines of the other side's lists matched, %ld of them to the right person "
	       "at once\n\n", db, r->persons, r->lines, r->proposed_right);
	printf("The published figures, counted from the persons:\n"
	       "  homeward --db %s report --exchange %s          # 52nd exchange, 31 May 2024\n"
	       "  homeward --db %s report --exchange %s          # \"1000 for 1000\", May 2025\n"
	       "  homeward --db %s report --stage %s/2           # its second day\n"
	       "  homeward --db %s report --exchange %s --format json\n"
	       "  homeward --db %s report --exchange %s --lang uk\n\n",
	       db, x52, db, k, db, k, db, x52, db, k);
	printf("The ledger:\n"
	       "  homeward --db %s exchange list\n"
	       "  homeward --db %s exchange show %s\n"
	       "  homeward --db %s exchange entries %s/1 --state confirmed\n\n",
	       db, db, k, db, x52);
	printf("An exchange in progress (%s), %ld entries of its list still to verify:\n"
	       "  homeward --db %s exchange show %s\n"
	       "  homeward --db %s exchange entries %s/1 --state pending\n"
	       "  homeward --db %s exchange entries %s/1 --state ambiguous\n"
	       "  homeward --db %s exchange entry %s/1 LINE\n"
	       "  homeward --db %s exchange propose %s --count 10\n",
	       open, r->open_pending, db, open, db, open, db, open, db, open, db, open);
}

int cmd_demo(int argc, char **argv, struct cli *cli)
{
	struct hw_demo_options o;
	struct hw_demo_result res;
	struct stat sb;
	char *tmp = NULL;
	int force = 0, rc;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	hw_demo_options_init(&o);
	if ((rc = parse_options(argc, argv, cli, &o, &force)))
		return rc;
	if (!stat(cli->db_path, &sb) && !force) {
		fprintf(stderr, "homeward: '%s' exists: give another --db, or --force to replace "
			"it\n", cli->db_path);
		return 1;
	}
	o.progress = stderr;
	memset(&res, 0, sizeof(res));
	if (!(tmp = temp_beside(cli->db_path)))
		return 3;
	rc = build(tmp, &o, &res);
	if (!rc)
		rc = install(tmp, cli->db_path);
	if (rc)
		remove_db(tmp);
	else
		hints(cli->db_path, &res);
	hw_free(tmp);
	return rc;
}
