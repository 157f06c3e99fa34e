/*
 * cmd_generate.c - `homeward generate persons N [--seed S]`: synthetic
 * persons in the interchange CSV, for tests, benchmarks and the demo.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/generate.h"
#include "homeward/persons_csv.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward generate persons N [--seed S] [--output FILE]\n\n"
	"Writes N synthetic persons as CSV in the interchange format, ready for\n"
	"'homeward import persons'.  The same seed always gives the same persons.\n"
	"Every name is made up from common Ukrainian names; none is a real person's.\n";

static int parse_u64(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;

	errno = 0;
	if (!*s || *s == '-')
		return -1;
	*out = strtoull(s, &end, 10);
	return *end || errno || *out > max ? -1 : 0;
}

static enum hw_err generate(struct hw_gen *g, unsigned long long n, FILE *out,
			    struct hw_error *err)
{
	struct hw_buf buf = HW_BUF_INIT;
	struct hw_csv_writer w;
	struct hw_person p;
	unsigned long long i;
	enum hw_err rc;

	hw_csv_writer_init(&w, &buf);
	rc = hw_persons_csv_write_header(&w);
	for (i = 0; !rc && i < n; i++) {
		hw_person_init(&p);
		rc = hw_gen_person(g, i, &p, err);
		if (!rc)
			rc = hw_persons_csv_write(&w, &p);
		hw_person_release(&p);
		if (buf.len > 1 << 20) {
			fwrite(buf.data, 1, buf.len, out);
			hw_buf_reset(&buf);
		}
	}
	fwrite(buf.data, 1, buf.len, out);
	hw_buf_release(&buf);
	return rc;
}

int cmd_generate(int argc, char **argv, struct cli *cli)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ NULL, 0, NULL, 0 },
	};
	struct hw_gen_options go;
	struct cli_out out = { NULL, NULL, NULL };
	struct hw_gen *g = NULL;
	struct hw_error err;
	unsigned long long n, seed = 1;
	const char *path = "-";
	int opt, rc = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	hw_error_clear(&err);
	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_SEED && parse_u64(optarg, ~0ULL, &seed))
			rc = cli_usage_error(cli, "--seed takes a whole number, not '%s'", optarg);
		else if (opt == OPT_OUTPUT)
			path = optarg;
	}
	if (rc)
		return rc;
	if (argc - optind != 2 || strcmp(argv[optind], "persons"))
		return cli_usage_error(cli, "use 'homeward generate persons N'");
	if (parse_u64(argv[optind + 1], 100000000ULL, &n))
		return cli_usage_error(cli, "N must be a whole number up to 100000000, not '%s'",
				       argv[optind + 1]);
	hw_gen_options_init(&go);
	go.seed = seed;
	if (hw_gen_new(&g, &go, &err))
		return cli_fail(&err);
	if ((rc = cli_out_open(&out, path)))
		goto out;
	if (generate(g, n, out.f, &err)) {
		rc = cli_fail(&err);
		cli_out_abort(&out);
		goto out;
	}
	rc = cli_out_commit(&out);
out:
	hw_gen_free(g);
	return rc;
}
