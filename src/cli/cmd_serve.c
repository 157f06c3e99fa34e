/*
 * cmd_serve.c - `homeward serve`: the HTTP server (homeward/server.h,
 * docs/api.md) until SIGTERM or SIGINT, then a graceful stop.
 *
 * The signals are blocked before the server's threads start (they inherit
 * the mask) and taken here with sigwait, so no handler runs inside a
 * worker and the stop happens on this thread.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/server.h"
#include "cli/commands.h"
#include "core/banned.h"

static const char help[] =
	"usage: homeward serve [--listen ADDRESS:PORT] [--threads N] [--max-body BYTES]\n"
	"                      [--secure-cookies]\n\n"
	"Serves the JSON API (docs/api.md) until SIGTERM or SIGINT, then lets the\n"
	"requests in flight finish and closes the database cleanly.\n\n"
	"options:\n"
	"  --listen ADDRESS:PORT  a numeric address and port (default 127.0.0.1:8080;\n"
	"                         IPv6 as [::1]:8080; port 0 picks a free one)\n"
	"  --threads N            worker threads (default: the number of cores)\n"
	"  --max-body BYTES       the largest request body (default 1048576)\n"
	"  --secure-cookies       mark the session cookie Secure (behind TLS); needed\n"
	"                         to listen on an address other than loopback\n\n"
	"Prints 'listening on http://ADDRESS:PORT' when ready.\n";

enum { OPT_LISTEN = 2000, OPT_MAX_BODY, OPT_SECURE };

/* Splits "ADDR:PORT" or "[ADDR]:PORT" into addr (a copy in buf) and port. */
static int parse_listen(const char *arg, char *buf, size_t size, unsigned *port)
{
	const char *colon = strrchr(arg, ':'), *a = arg;
	size_t n;
	char *end;
	unsigned long p;

	if (!colon)
		return -1;
	n = (size_t)(colon - arg);
	if (arg[0] == '[') {
		if (n < 2 || arg[n - 1] != ']')
			return -1;
		a = arg + 1;
		n -= 2;
	}
	if (!n || n >= size)
		return -1;
	memcpy(buf, a, n);
	buf[n] = '\0';
	p = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || p > 65535)
		return -1;
	*port = (unsigned)p;
	return 0;
}

static int parse_args(int argc, char **argv, struct cli *cli, struct hw_server_options *o,
		      char *addr, size_t size)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, OPT_LISTEN },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "max-body", required_argument, NULL, OPT_MAX_BODY },
		{ "secure-cookies", no_argument, NULL, OPT_SECURE },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	char *end;
	int opt, rc = 0;

	while (!rc && (opt = cli_getopt(cli, argc, argv, opts, &rc)) > 0) {
		if (opt == OPT_LISTEN && parse_listen(optarg, addr, size, &o->port))
			rc = cli_usage_error(cli, "--listen takes ADDRESS:PORT, not '%s'", optarg);
		else if (opt == OPT_LISTEN)
			o->address = addr;
		else if (opt == OPT_THREADS &&
			 ((v = strtoul(optarg, &end, 10)) < 1 || v > 256 || *end))
			rc = cli_usage_error(cli, "--threads takes 1 to 256");
		else if (opt == OPT_THREADS)
			o->threads = (unsigned)v;
		else if (opt == OPT_MAX_BODY &&
			 ((v = strtoul(optarg, &end, 10)) < 1024 || v > (1ul << 30) || *end))
			rc = cli_usage_error(cli, "--max-body takes 1024 to 1073741824 bytes");
		else if (opt == OPT_MAX_BODY)
			o->max_body = v;
		else if (opt == OPT_SECURE)
			o->secure_cookies = 1;
	}
	if (!rc && optind < argc)
		rc = cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (!rc && !hw_server_address_is_loopback(o->address) && !o->secure_cookies)
		rc = cli_usage_error(cli, "refusing to listen on '%s', which is not a loopback "
				     "address, without --secure-cookies (serve it behind TLS)",
				     o->address);
	return rc;
}

int cmd_serve(int argc, char **argv, struct cli *cli)
{
	struct hw_server_options o;
	struct hw_server *s = NULL;
	struct hw_error err;
	sigset_t set;
	char addr[64];
	int rc, sig = 0;

	if (cli_wants_help(argc, argv))
		return printf("%s", help), 0;
	hw_server_options_init(&o);
	hw_error_clear(&err);
	o.db_path = cli->db_path;
	if ((rc = parse_args(argc, argv, cli, &o, addr, sizeof(addr))))
		return rc;
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (hw_server_start(&s, &o, &err))
		return cli_fail(&err);
	printf("listening on http://%s%s%s:%u\n", strchr(o.address, ':') ? "[" : "", o.address,
	       strchr(o.address, ':') ? "]" : "", hw_server_port(s));
	fflush(stdout);
	sigwait(&set, &sig);
	fprintf(stderr, "homeward: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	hw_server_stop(s, HW_SERVER_SHUTDOWN_GRACE);
	return 0;
}
