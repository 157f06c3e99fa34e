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
	"                      [--secure-cookies] [--web DIR | --no-web]\n"
	"                      [--session-idle SECONDS] [--session-max SECONDS]\n"
	"                      [--request-timeout SECONDS]\n\n"
	"Serves the JSON API (docs/api.md) until SIGTERM or SIGINT, then lets the\n"
	"requests in flight finish and closes the database cleanly.\n\n"
	"options:\n"
	"  --listen ADDRESS:PORT  a numeric address and port (default 127.0.0.1:8080;\n"
	"                         IPv6 as [::1]:8080; port 0 picks a free one)\n"
	"  --threads N            worker threads (default: 4 per core, at least 8)\n"
	"  --max-body BYTES       the largest request body (default 1048576)\n"
	"  --secure-cookies       mark the session cookie Secure (behind TLS); needed\n"
	"                         to listen on an address other than loopback\n"
	"  --web DIR              the built web interface, served at / (default:\n"
	"                         " HOMEWARD_WEB_DIR ")\n"
	"  --no-web               serve the API only\n"
	"  --session-idle SECONDS a session unused this long ends (default 1800,\n"
	"                         30 minutes; 1 to 604800)\n"
	"  --session-max SECONDS  a session ends this long after its login, used or\n"
	"                         not (default 43200, 12 hours; 1 to 2592000)\n"
	"  --request-timeout SECONDS  a request must arrive and be answered within\n"
	"                         this (default 30; 1 to 3600): a body still arriving\n"
	"                         then is cut off, an answer still being worked out\n"
	"                         is 503 timeout\n\n"
	"Prints 'listening on http://ADDRESS:PORT' when ready.\n";

enum { OPT_LISTEN = 2000, OPT_MAX_BODY, OPT_SECURE, OPT_WEB, OPT_NO_WEB, OPT_SESSION_IDLE,
       OPT_SESSION_MAX, OPT_REQUEST_TIMEOUT };

#define SESSION_IDLE_MAX (7 * 24 * 3600)
#define SESSION_MAX_MAX (30 * 24 * 3600)
#define REQUEST_TIMEOUT_MAX 3600

/* A number of seconds from 1 to `max` for option `name`; else the usage
 * error's exit status. */
static int parse_seconds(const struct cli *cli, const char *name, const char *arg, long max,
			 int64_t *out)
{
	char *end;
	long v;

	if (*arg >= '0' && *arg <= '9') {
		v = strtol(arg, &end, 10);
		if (!*end && v >= 1 && v <= max) {
			*out = v;
			return 0;
		}
	}
	return cli_usage_error(cli, "%s takes a number of seconds from 1 to %ld, not '%s'", name,
			       max, arg);
}

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
		{ "web", required_argument, NULL, OPT_WEB },
		{ "no-web", no_argument, NULL, OPT_NO_WEB },
		{ "session-idle", required_argument, NULL, OPT_SESSION_IDLE },
		{ "session-max", required_argument, NULL, OPT_SESSION_MAX },
		{ "request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int64_t secs;
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
		else if (opt == OPT_WEB)
			o->web_dir = optarg;
		else if (opt == OPT_NO_WEB)
			o->web_dir = NULL;
		else if (opt == OPT_SESSION_IDLE)
			rc = parse_seconds(cli, "--session-idle", optarg, SESSION_IDLE_MAX,
					   &o->policy.idle_timeout);
		else if (opt == OPT_SESSION_MAX)
			rc = parse_seconds(cli, "--session-max", optarg, SESSION_MAX_MAX,
					   &o->policy.absolute_timeout);
		else if (opt == OPT_REQUEST_TIMEOUT &&
			 !(rc = parse_seconds(cli, "--request-timeout", optarg,
					      REQUEST_TIMEOUT_MAX, &secs)))
			o->request_timeout = (unsigned)secs;
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
	o.web_dir = HOMEWARD_WEB_DIR;
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
