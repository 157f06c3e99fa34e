/*
 * server.c - starting and stopping the server: the listening socket, the
 * libmicrohttpd daemon and its thread pool, the pool of store handles and
 * the shared candidate index (homeward/server.h).
 *
 * The pool of store handles is a stack of idle handles under a mutex: a
 * request pops one (or opens a new one when none is idle) and pushes it
 * back when done.  As each worker handles one request at a time, there
 * are never more handles than workers; every handle is closed at stop.
 *
 * Requests in flight are counted (from their first callback to their
 * completion), so that a stop can wait for them after quiescing the
 * daemon, before stopping it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "homeward/alloc.h"
#include "server/server_priv.h"
#include "core/banned.h"

void hw_server_options_init(struct hw_server_options *o)
{
	memset(o, 0, sizeof(*o));
	o->address = "127.0.0.1";
	o->port = 8080;
	hw_auth_policy_default(&o->policy);
}

int hw_server_address_is_loopback(const char *address)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (inet_pton(AF_INET, address, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, address, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

struct hw_match_index *hw_server_index(struct hw_server *s)
{
	return s->ix;
}

struct hw_audit_writer *hw_server_audit(struct hw_server *s)
{
	return s->audit;
}

const struct hw_auth_policy *hw_server_policy(struct hw_server *s)
{
	return &s->opt.policy;
}

int hw_server_secure_cookies(struct hw_server *s)
{
	return s->opt.secure_cookies;
}

unsigned hw_server_port(const struct hw_server *s)
{
	return s->port;
}

void hw_server_log(struct hw_server *s, const char *what, const struct hw_error *err)
{
	char line[HW_ERROR_MSG_MAX + 64];

	hw_error_format(err, line, sizeof(line));
	pthread_mutex_lock(&s->lock);
	fprintf(s->log, "homeward serve: %s: %s\n", what, line);
	fflush(s->log);
	pthread_mutex_unlock(&s->lock);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	struct hw_server *s = cls;
	char msg[512];
	size_t n;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	pthread_mutex_lock(&s->lock);
	fprintf(s->log, "homeward serve: http: %s\n", msg);
	fflush(s->log);
	pthread_mutex_unlock(&s->lock);
}

/* ---- the pool of store handles -------------------------------------- */

enum hw_err hw_server_store_take(struct hw_server *s, struct hw_store **out,
				 struct hw_error *err)
{
	struct hw_store *st = NULL, **grown;
	enum hw_err rc = HW_OK;

	pthread_mutex_lock(&s->lock);
	if (s->nidle)
		st = s->idle[--s->nidle];
	pthread_mutex_unlock(&s->lock);
	if (st) {
		*out = st;
		return HW_OK;
	}
	if ((rc = hw_store_open(&st, s->opt.db_path, 0, err)))
		return rc;
	hw_store_set_gate(st, s->gate);
	pthread_mutex_lock(&s->lock);
	grown = hw_reallocarray(s->idle, s->nall + 1, sizeof(*s->idle));
	if (grown) {
		s->idle = grown;
		s->nall++;
	}
	pthread_mutex_unlock(&s->lock);
	if (!grown) {
		hw_store_close(st);
		return hw_error_set(err, HW_NOMEM, NULL);
	}
	*out = st;
	return HW_OK;
}

void hw_server_store_give(struct hw_server *s, struct hw_store *st)
{
	if (!st)
		return;
	if (hw_store_in_transaction(st))
		hw_store_rollback(st);
	hw_store_read_end(st);
	hw_store_set_deadline(st, 0);
	pthread_mutex_lock(&s->lock);
	s->idle[s->nidle++] = st; /* room: idle has nall slots */
	pthread_mutex_unlock(&s->lock);
}

/* ---- requests in flight --------------------------------------------- */

void hw_server_flight(struct hw_server *s, int delta)
{
	pthread_mutex_lock(&s->lock);
	s->in_flight += delta;
	if (!s->in_flight)
		pthread_cond_broadcast(&s->idle_cond);
	pthread_mutex_unlock(&s->lock);
}

static void wait_in_flight(struct hw_server *s, unsigned grace)
{
	struct timespec until;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += grace;
	pthread_mutex_lock(&s->lock);
	while (s->in_flight > 0)
		if (pthread_cond_timedwait(&s->idle_cond, &s->lock, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&s->lock);
}

/* ---- start and stop -------------------------------------------------- */

static enum hw_err bind_socket(struct hw_server *s, struct hw_error *err)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int one = 1;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, s->opt.address, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)s->opt.port);
		len = sizeof(*a4);
	} else if (inet_pton(AF_INET6, s->opt.address, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)s->opt.port);
		len = sizeof(*a6);
	} else {
		return hw_error_set_field(err, HW_INVALID, "listen",
					  "'%s' is not a numeric IPv4 or IPv6 address",
					  s->opt.address);
	}
	s->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0 ||
	    setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s->fd, (struct sockaddr *)&ss, len) || listen(s->fd, 256) ||
	    getsockname(s->fd, (struct sockaddr *)&ss, &len))
		return hw_error_set(err, HW_IO, "cannot listen on %s port %u: %s", s->opt.address,
				    s->opt.port, strerror(errno));
	s->port = ntohs(ss.ss_family == AF_INET ? a4->sin_port : a6->sin6_port);
	return HW_OK;
}

static enum hw_err start_daemon(struct hw_server *s, struct hw_error *err)
{
	unsigned threads = s->opt.threads;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	/* a worker waits while the audit record of a read is committed (a
	 * group commit, one fsync for every record of the batch): more
	 * workers than cores keep the cores busy meanwhile */
	if (!threads)
		threads = cores > 2 ? 4 * (unsigned)cores : 8;
	s->d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
			(strchr(s->opt.address, ':') ? MHD_USE_IPv6 : 0),
		0, NULL, NULL, hw_server_access, s,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, s, /* first, to log the rest */
		MHD_OPTION_LISTEN_SOCKET, s->fd,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_TIMEOUT, s->opt.timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_CONNECTION_LIMIT, 1000u,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, 0u,
		MHD_OPTION_NOTIFY_COMPLETED, hw_server_completed, s,
		MHD_OPTION_END);
	if (!s->d)
		return hw_error_set(err, HW_IO, "cannot start the HTTP daemon");
	return HW_OK;
}

static void server_free(struct hw_server *s)
{
	size_t i;

	for (i = 0; i < s->nidle; i++)
		hw_store_close(s->idle[i]);
	hw_free(s->idle);
	hw_match_index_free(s->ix);
	hw_audit_writer_stop(s->audit);
	hw_store_gate_free(s->gate);
	if (s->fd >= 0)
		close(s->fd);
	hw_free(s->db_path);
	hw_free(s->address);
	hw_free(s->web_dir);
	pthread_cond_destroy(&s->idle_cond);
	pthread_mutex_destroy(&s->lock);
	hw_free(s);
}

enum hw_err hw_server_start(struct hw_server **out, const struct hw_server_options *o,
			    struct hw_error *err)
{
	struct hw_server *s = hw_calloc(1, sizeof(*s));
	struct hw_store *st = NULL;
	enum hw_err rc;

	*out = NULL;
	if (!s)
		return hw_error_set(err, HW_NOMEM, NULL);
	s->fd = -1;
	s->opt = *o;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->idle_cond, NULL);
	s->db_path = hw_strdup(o->db_path);
	s->address = hw_strdup(o->address ? o->address : "127.0.0.1");
	if (!s->db_path || !s->address) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto fail;
	}
	s->opt.db_path = s->db_path;
	s->opt.address = s->address;
	if (o->web_dir && !(s->web_dir = hw_strdup(o->web_dir))) {
		rc = hw_error_set(err, HW_NOMEM, NULL);
		goto fail;
	}
	s->opt.web_dir = s->web_dir;
	s->opt.max_body = o->max_body ? o->max_body : HW_SERVER_MAX_BODY_DEFAULT;
	s->opt.timeout = o->timeout ? o->timeout : HW_SERVER_TIMEOUT_DEFAULT;
	s->opt.request_timeout = o->request_timeout ? o->request_timeout
						    : HW_SERVER_REQUEST_TIMEOUT_DEFAULT;
	s->log = o->log ? o->log : stderr;
	if ((rc = hw_store_gate_new(&s->gate, err)) || (rc = hw_server_store_take(s, &st, err)) ||
	    (rc = hw_match_index_build(&s->ix, st, err)))
		goto fail;
	hw_server_store_give(s, st);
	st = NULL;
	if ((rc = hw_audit_writer_start(s->db_path, s->gate, &s->audit, err)) ||
	    (rc = bind_socket(s, err)) || (rc = start_daemon(s, err)))
		goto fail;
	*out = s;
	return HW_OK;
fail:
	hw_server_store_give(s, st);
	server_free(s);
	return rc;
}

void hw_server_stop(struct hw_server *s, unsigned grace)
{
	MHD_socket fd;

	if (!s)
		return;
	fd = MHD_quiesce_daemon(s->d);
	/* the listening socket is ours again, closed by server_free; when
	 * quiescing failed, the daemon closes it */
	s->fd = fd != MHD_INVALID_SOCKET ? fd : -1;
	wait_in_flight(s, grace);
	MHD_stop_daemon(s->d);
	if (s->audit) {
		struct hw_audit_writer_stats as;

		hw_audit_writer_stats(s->audit, &as);
		pthread_mutex_lock(&s->lock);
		if (as.journaled)
			fprintf(s->log, "homeward serve: audit: %llu records of reads in %llu "
				"syncs of the journal, imported in %llu transactions\n",
				(unsigned long long)as.records, (unsigned long long)as.batches,
				(unsigned long long)as.imports);
		else
			fprintf(s->log, "homeward serve: audit: %llu records of reads in %llu "
				"transactions\n", (unsigned long long)as.records,
				(unsigned long long)as.batches);
		fflush(s->log);
		pthread_mutex_unlock(&s->lock);
	}
	server_free(s);
}
