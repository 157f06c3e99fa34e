/*
 * cli.h - what the subcommands of the `homeward` command share.
 *
 * Each subcommand is a function `int cmd_NAME(int argc, char **argv,
 * struct cli *cli)` in its own file, listed in the table of main.c.  It
 * returns the process exit status: 0 success, 1 bad input or a refused
 * operation, 2 a usage error, 3 an internal error (see
 * hw_err_exit_status).  Data goes to stdout, diagnostics to stderr as
 * "homeward: ...".  Subcommands only parse, call the library and print.
 */
#ifndef HOMEWARD_CLI_H
#define HOMEWARD_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "homeward/buf.h"
#include "homeward/error.h"
#include "homeward/person.h"
#include "homeward/store.h"

#define EXIT_USAGE 2

struct cli {
	const char *db_path;   /* --db, HOMEWARD_DB, or "homeward.db" */
	const char *prog;      /* "homeward person add", for messages */
};

/* Prints "homeward: MESSAGE" for `err` and returns its exit status. */
int cli_fail(const struct hw_error *err);
/* Prints "homeward: ..." and returns 2 after a usage mistake. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Opens the database for a subcommand; prints the error on failure. */
int cli_open(const struct cli *cli, unsigned flags, struct hw_store **st);
/* Resolves a reference typed by the user to a person id. */
int cli_resolve(struct hw_store *st, const char *ref, int64_t *id);

/*
 * The next option of argv (getopt_long with `opts`, options may follow
 * arguments): returns its id with optarg set, 0 after the last, or -1
 * after printing the usage error of an unknown option or a missing value,
 * with *rc set to its exit status.  main() resets getopt before a command.
 */
int cli_getopt(const struct cli *cli, int argc, char **argv, const struct option *opts, int *rc);

/*
 * The usage error for what getopt_long returned as `opt` ('?' unknown,
 * ':' missing value, or an option this command does not take), naming
 * the option as the user wrote it.
 */
int cli_bad_option(const struct cli *cli, int argc, char **argv, int opt,
		   const struct option *opts);

/* 1 when argv asks for help (-h or --help anywhere before "--"). */
int cli_wants_help(int argc, char **argv);

/*
 * The person fields shared by `person add` and `person edit`: the long
 * options, and applying one parsed option to a person.
 */
extern const struct option cli_person_options[];
#define CLI_PERSON_OPTIONS_HELP \
	"  --family NAME --given NAME --patronymic NAME\n" \
	"                        the primary name (edit: the old one is kept as former)\n" \
	"  --alias 'FAMILY;GIVEN;PATRONYMIC'\n" \
	"                        a name as seen elsewhere (repeatable)\n" \
	"  --sex M|F|U  --birth-date DATE  --birth-place TEXT  --citizenship CC\n" \
	"  --category military|civilian  --branch CODE  --unit TEXT  --rank CODE\n" \
	"  --service-number TEXT  --held-by adversary|us  --captured-on DATE\n" \
	"  --capture-place TEXT  --region CODE  --tag TAG (repeatable)\n" \
	"  --health FLAGS (wounded;seriously_ill;disability)  --next-of-kin TEXT\n" \
	"  --notes TEXT  --ref SOURCE:REF (repeatable)\n" \
	"  DATE is YYYY-MM-DD, YYYY-MM or YYYY (or DD.MM.YYYY)\n"

/* Option ids of cli_person_options (beyond single letters). */
enum cli_person_opt {
	OPT_FAMILY = 1000, OPT_GIVEN, OPT_PATRONYMIC, OPT_ALIAS, OPT_SEX, OPT_BIRTH_DATE,
	OPT_BIRTH_PLACE, OPT_CITIZENSHIP, OPT_CATEGORY, OPT_BRANCH, OPT_UNIT, OPT_RANK,
	OPT_SERVICE_NUMBER, OPT_HELD_BY, OPT_CAPTURED_ON, OPT_CAPTURE_PLACE, OPT_REGION,
	OPT_TAG, OPT_HEALTH, OPT_NEXT_OF_KIN, OPT_NOTES, OPT_REF, OPT_STATUS, OPT_FORMAT,
	OPT_DATE, OPT_NOTE, OPT_LIMIT, OPT_AFTER, OPT_SEED, OPT_OUTPUT, OPT_SKIP_INVALID,
	OPT_REJECTS, OPT_SOURCE, OPT_HELP, OPT_CLEAR_TAGS, OPT_EXPLAIN, OPT_THREADS,
	/* homeward exchange */
	OPT_AGREED, OPT_PLACE, OPT_MEDIATOR, OPT_QUOTA_IN, OPT_QUOTA_OUT, OPT_NUMBER,
	OPT_HISTORIC, OPT_PLANNED_IN, OPT_PLANNED_OUT, OPT_COUNTED_IN, OPT_COUNTED_OUT,
	OPT_REASON, OPT_PERSON, OPT_CONFIRM, OPT_REJECT, OPT_FORCE, OPT_STATE, OPT_DIRECTION,
	OPT_COUNT, OPT_PRIORITY, OPT_ALL_PROPOSED, OPT_REMOVE,
};

/* Applies one person option (not the names) to `p`; errors name the field. */
enum hw_err cli_person_apply(struct hw_person *p, int opt, const char *arg,
			     struct hw_error *err);

/*
 * `s` padded with blanks to `width` characters (UTF-8 code points, so that
 * Cyrillic columns line up), in out[size]; longer text is returned whole.
 */
const char *cli_pad(const char *s, int width, char *out, size_t size);

/* Output of persons and events, in text or JSON (formats.c). */
enum cli_format { CLI_TEXT, CLI_CSV, CLI_JSON };
int cli_parse_format(const struct cli *cli, const char *arg, int allow_text, int allow_csv,
		     enum cli_format *out);
void cli_print_person_text(FILE *out, const struct hw_person *p);
/* Appends the one line of `person list` about `p` to `out`. */
enum hw_err cli_format_person_line(struct hw_buf *out, const struct hw_person *p);

/*
 * An output file written atomically: data goes to a temporary file beside
 * `path`, which cli_out_commit syncs and renames over it, so readers see
 * the old file or the whole new one, never a part.  "-" is stdout.
 */
struct cli_out {
	FILE *f;
	const char *path;
	char *tmp;
};
int cli_out_open(struct cli_out *o, const char *path);
/* Finishes the file; returns 0, or 3 after printing why it failed. */
int cli_out_commit(struct cli_out *o);
/* Drops a file that will not be committed. */
void cli_out_abort(struct cli_out *o);

#endif
