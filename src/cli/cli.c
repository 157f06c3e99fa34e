/*
 * cli.c - helpers shared by the subcommands: errors, opening the
 * database, resolving references, atomic output files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "homeward/alloc.h"
#include "homeward/audit.h"
#include "homeward/store.h"
#include "cli/cli.h"
#include "core/banned.h"

int cli_fail(const struct hw_error *err)
{
	char line[HW_ERROR_MSG_MAX + HW_ERROR_FILE_MAX + 128];

	hw_error_format(err, line, sizeof(line));
	fprintf(stderr, "homeward: %s\n", line);
	return hw_err_exit_status(err->code);
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "homeward: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nhomeward: see '%s --help'\n", cli->prog);
	return EXIT_USAGE;
}

int cli_open(const struct cli *cli, unsigned flags, struct hw_store **st)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_store_open(st, cli->db_path, flags, &err))
		return cli_fail(&err);
	/* the records of reads a server journaled and could not bring into
	 * the chain (it was killed) enter it now; a damaged journal is said,
	 * and the command goes on */
	if (!(flags & HW_STORE_READONLY) && hw_audit_recover(*st, cli->db_path, NULL, &err))
		fprintf(stderr, "homeward: warning: %s\n", err.message);
	return 0;
}

int cli_resolve(struct hw_store *st, const char *ref, int64_t *id)
{
	struct hw_error err;

	hw_error_clear(&err);
	if (hw_store_person_resolve(st, ref, id, &err))
		return cli_fail(&err);
	return 0;
}

int cli_bad_option(const struct cli *cli, int argc, char **argv, int opt,
		   const struct option *opts)
{
	const char *arg = optind - 1 < argc ? argv[optind - 1] : "";
	size_t i;

	if (opt == ':')
		return cli_usage_error(cli, "option '%s' needs a value", arg);
	if (opt == '?')
		return cli_usage_error(cli, "unknown option '%s'", arg);
	for (i = 0; opts[i].name; i++)
		if (opts[i].val == opt)
			return cli_usage_error(cli, "option '--%s' is not for this command",
					       opts[i].name);
	return cli_usage_error(cli, "option '%s' is not for this command", arg);
}

int cli_getopt(const struct cli *cli, int argc, char **argv, const struct option *opts, int *rc)
{
	int opt = getopt_long(argc, argv, ":", opts, NULL);

	if (opt == -1)
		return 0;
	if (opt == '?' || opt == ':') {
		*rc = cli_bad_option(cli, argc, argv, opt, opts);
		return -1;
	}
	return opt;
}

int cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
	return 0;
}

int cli_parse_format(const struct cli *cli, const char *arg, int allow_text, int allow_csv,
		     enum cli_format *out)
{
	if (allow_text && !strcmp(arg, "text"))
		*out = CLI_TEXT;
	else if (allow_csv && !strcmp(arg, "csv"))
		*out = CLI_CSV;
	else if (!strcmp(arg, "json"))
		*out = CLI_JSON;
	else
		return cli_usage_error(cli, "unknown format '%s' (allowed: %s%sjson)", arg,
				       allow_text ? "text, " : "", allow_csv ? "csv, " : "");
	return 0;
}

int cli_out_open(struct cli_out *o, const char *path)
{
	size_t n = strlen(path) + 16;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (!strcmp(path, "-")) {
		o->f = stdout;
		return 0;
	}
	if (!(o->tmp = hw_malloc(n)))
		return 3;
	snprintf(o->tmp, n, "%s.tmpXXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0 || !(o->f = fdopen(fd, "w"))) {
		fprintf(stderr, "homeward: cannot write '%s': %s\n", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		HW_FREE_AND_NULL(o->tmp);
		return 3;
	}
	return 0;
}

void cli_out_abort(struct cli_out *o)
{
	if (o->tmp) {
		fclose(o->f);
		unlink(o->tmp);
		HW_FREE_AND_NULL(o->tmp);
	}
	o->f = NULL;
}

int cli_out_commit(struct cli_out *o)
{
	int bad;

	if (!o->tmp) {
		if (fflush(stdout)) {
			fprintf(stderr, "homeward: writing the output failed: %s\n", strerror(errno));
			return 3;
		}
		return 0;
	}
	bad = ferror(o->f) | fflush(o->f) | fsync(fileno(o->f));
	bad |= fclose(o->f);
	o->f = NULL;
	if (bad || rename(o->tmp, o->path)) {
		fprintf(stderr, "homeward: cannot write '%s': %s\n", o->path, strerror(errno));
		unlink(o->tmp);
		HW_FREE_AND_NULL(o->tmp);
		return 3;
	}
	HW_FREE_AND_NULL(o->tmp);
	return 0;
}

const char *cli_pad(const char *s, int width, char *out, size_t size)
{
	size_t len = strlen(s), chars = 0, i;

	for (i = 0; i < len; i++)
		chars += ((unsigned char)s[i] & 0xC0) != 0x80;
	if ((int)chars >= width || len + (size_t)width - chars + 1 > size)
		return s;
	memcpy(out, s, len);
	memset(out + len, ' ', (size_t)width - chars);
	out[len + (size_t)width - chars] = '\0';
	return out;
}
