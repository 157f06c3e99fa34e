/*
 * homeward/server.h - the HTTP server of `homeward serve`: the JSON API
 * under /api/v1/ on GNU libmicrohttpd (docs/api.md, docs/security.md).
 *
 * Threads.  libmicrohttpd runs a pool of `threads` worker threads, each
 * with its own polling loop; a request is handled whole by one of them.
 * Store handles (one SQLite connection each) are kept in a pool: a request
 * takes an idle handle, or opens one, and gives it back when it is done,
 * so there are never more handles than workers and a handle is used by
 * one thread at a time.  The candidate index of the matcher is shared by
 * all: built at start, and brought up to date after every write with the
 * writing request's handle (hw_match_index_sync), so that a name
 * registered a moment ago is found at once.
 *
 * Requests.  A small router (the table returned by hw_server_routes(),
 * which is THE list of routes) finds the handler by method and path; an
 * unknown path is 404, a known path with another method 405 with Allow.
 * Every route but GET /healthz and POST /api/v1/login needs a session
 * (Authorization: Bearer TOKEN, or the cookie homeward_session with the
 * X-CSRF-Token header on every write) and its permission (403, audited as
 * denied).  Bodies are JSON (a route importing a list takes CSV instead;
 * 415 for any other type), at most `max_body` bytes
 * (413), at most HW_SERVER_JSON_DEPTH deep, valid UTF-8, without unknown
 * fields or wrong types (400 naming the field).  Errors are
 * {"error": {"code", "message", "field"}} with the status of error.h; a
 * 500 says only "internal error" (the detail goes to the log).
 *
 * Audit.  Every read of a person's record and every write appends an
 * audit record, a write's in the same transaction as the write.
 */
#ifndef HOMEWARD_SERVER_H
#define HOMEWARD_SERVER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "homeward/auth.h"
#include "homeward/error.h"

#define HW_SERVER_MAX_BODY_DEFAULT (1024 * 1024)
#define HW_SERVER_JSON_DEPTH 32
#define HW_SERVER_TIMEOUT_DEFAULT 30     /* seconds a connection may idle */
#define HW_SERVER_REQUEST_TIMEOUT_DEFAULT 30 /* seconds to arrive and be answered */
#define HW_SERVER_SHUTDOWN_GRACE 10      /* seconds in-flight requests get */

struct hw_server_options {
	const char *db_path;        /* required */
	const char *address;        /* numeric IPv4 or IPv6 address; NULL: 127.0.0.1 */
	unsigned port;              /* 0: any free port (see hw_server_port) */
	unsigned threads;           /* worker threads; 0: the number of cores */
	size_t max_body;            /* bytes; 0: HW_SERVER_MAX_BODY_DEFAULT */
	unsigned timeout;           /* seconds; 0: HW_SERVER_TIMEOUT_DEFAULT */
	unsigned request_timeout;   /* seconds a request may take from its headers to
				     * its answer; 0: HW_SERVER_REQUEST_TIMEOUT_DEFAULT */
	int secure_cookies;         /* add Secure to the session cookie */
	const char *web_dir;        /* the built web interface (index.html, assets/)
				     * served at / and /assets/; NULL: none */
	struct hw_auth_policy policy; /* session timeouts and login limits */
	FILE *log;                  /* one line per internal error; NULL: stderr */
};

/* The defaults: loopback, port 8080, everything else 0 (default). */
void hw_server_options_init(struct hw_server_options *o);

/* 1 when `address` is a numeric loopback address (127.0.0.0/8, ::1). */
int hw_server_address_is_loopback(const char *address);

struct hw_server;

/*
 * Opens the database, builds the candidate index, binds the address and
 * starts the workers.  On success *out owns the running server, which
 * hw_server_stop() stops and frees.  HW_INVALID for an address that is not
 * numeric, HW_IO when it cannot be bound; the store's errors otherwise.
 */
enum hw_err hw_server_start(struct hw_server **out, const struct hw_server_options *o,
			    struct hw_error *err);

/* The port the server listens on (the one chosen when 0 was asked). */
unsigned hw_server_port(const struct hw_server *s);

/*
 * Stops gracefully: stops accepting connections, lets the requests in
 * flight finish for up to `grace` seconds, stops the workers, closes every
 * store handle (SQLite checkpoints the WAL as the last one closes) and
 * frees `s`.  NULL is allowed.
 */
void hw_server_stop(struct hw_server *s, unsigned grace);

/* ---- the route table ------------------------------------------------ */

/* Who may call a route. */
enum hw_route_access {
	HW_ACCESS_PUBLIC,           /* anyone (health check, login) */
	HW_ACCESS_SESSION,          /* any valid session (me, logout) */
	HW_ACCESS_PERM,             /* a session whose role holds `perm` */
};

struct hw_request;

/* What body a route takes. */
enum hw_route_body {
	HW_BODY_NONE,               /* none at all (400 when one is sent) */
	HW_BODY_JSON,               /* a JSON object, Content-Type application/json */
	HW_BODY_CSV,                /* CSV text, Content-Type text/csv (UTF-8) */
};

struct hw_route {
	const char *method;         /* "GET", "POST", "PATCH", "PUT" */
	const char *pattern;        /* "/api/v1/persons/{ref}" */
	enum hw_route_access access;
	enum hw_perm perm;          /* with HW_ACCESS_PERM */
	enum hw_route_body body;    /* the body it takes */
	const char *action;         /* the audit action of a refusal: "person.read" */
	void (*handler)(struct hw_request *r);
	const char *summary;        /* one line for docs/api.md */
};

/* Every route of the server, in the order they are matched; *n gets the
 * number.  The table is static and read-only. */
const struct hw_route *hw_server_routes(size_t *n);

#define HW_ROUTE_MAX_PARAMS 4
#define HW_ROUTE_PARAM_BUF 512

/* The parameters of a matched pattern, in the order of the pattern. */
struct hw_route_params {
	size_t n;
	const char *name[HW_ROUTE_MAX_PARAMS];  /* "ref", copied into buf */
	const char *value[HW_ROUTE_MAX_PARAMS]; /* the path segment, into buf */
	char buf[HW_ROUTE_PARAM_BUF];
};

/*
 * Matches `path` against `pattern`: literal segments must be equal, a
 * segment "{name}" matches any one non-empty segment.  Returns 1 with
 * `out` filled (may be NULL) on a match, 0 otherwise (also when the
 * parameters do not fit in out->buf).
 */
int hw_route_match(const char *pattern, const char *path, struct hw_route_params *out);

/* The value of parameter `name`, or NULL. */
const char *hw_route_param(const struct hw_route_params *p, const char *name);

/*
 * Finds the route for `method` and `path`: returns it (params filled), or
 * NULL with *path_known 1 when another method has the path (then `allow`
 * holds "GET, POST", the methods it has) or 0 when no route has it.
 */
const struct hw_route *hw_route_find(const char *method, const char *path,
				     struct hw_route_params *params, int *path_known,
				     char *allow, size_t allow_size);

#endif
