/*
 * router.c - the route table of the server and how a path finds its
 * route.
 *
 * The table is THE list of routes: the dispatcher finds handlers in it,
 * docs/api.md describes it, and tests compare against hw_server_routes().
 * Patterns are paths whose segments are literal or "{name}"; matching is a
 * walk over both strings segment by segment, without allocation.
 */
#include <string.h>

#include "server/server_int.h"
#include "core/banned.h"

#define JSON_BODY HW_BODY_JSON
#define CSV_BODY HW_BODY_CSV
#define NO_BODY HW_BODY_NONE
#define PERM(p) HW_ACCESS_PERM, HW_PERM_##p

static const struct hw_route routes[] = {
	{ "GET", "/healthz", HW_ACCESS_PUBLIC, 0, NO_BODY, "health", hw_h_healthz,
	  "health check" },
	{ "GET", "/", HW_ACCESS_PUBLIC, 0, NO_BODY, "web.page", hw_h_web_index,
	  "the web interface (index.html of --web DIR)" },
	{ "GET", "/assets/{file}", HW_ACCESS_PUBLIC, 0, NO_BODY, "web.asset", hw_h_web_asset,
	  "a file of the web interface (--web DIR/assets/)" },
	{ "POST", "/api/v1/login", HW_ACCESS_PUBLIC, 0, JSON_BODY, "session.login", hw_h_login,
	  "log in: a session token and cookie" },
	{ "POST", "/api/v1/logout", HW_ACCESS_SESSION, 0, NO_BODY, "session.logout", hw_h_logout,
	  "end the session" },
	{ "GET", "/api/v1/openapi.json", HW_ACCESS_SESSION, 0, NO_BODY, "api.describe",
	  hw_h_openapi, "this API as an OpenAPI 3 document (docs/openapi.json)" },
	{ "GET", "/api/v1/me", HW_ACCESS_SESSION, 0, NO_BODY, "session.me", hw_h_me,
	  "the user, role and permissions of the session" },
	{ "GET", "/api/v1/persons", PERM(PERSON_READ), NO_BODY, "person.list",
	  hw_h_persons_list, "list persons, with filters and pagination" },
	{ "POST", "/api/v1/persons", PERM(PERSON_WRITE), JSON_BODY, "person.create",
	  hw_h_person_create, "register a person" },
	{ "GET", "/api/v1/persons/{ref}", PERM(PERSON_READ), NO_BODY, "person.read",
	  hw_h_person_get, "read a person's record" },
	{ "PATCH", "/api/v1/persons/{ref}", PERM(PERSON_WRITE), JSON_BODY, "person.update",
	  hw_h_person_patch, "edit a person (If-Match)" },
	{ "PUT", "/api/v1/persons/{ref}/health", PERM(HEALTH_WRITE), JSON_BODY,
	  "person.health", hw_h_person_health, "record health and next of kin (If-Match)" },
	{ "POST", "/api/v1/persons/{ref}/names", PERM(PERSON_WRITE), JSON_BODY,
	  "person.name_add", hw_h_person_name_add, "add a name record" },
	{ "GET", "/api/v1/persons/{ref}/events", PERM(PERSON_READ), NO_BODY, "person.history",
	  hw_h_events_list, "a person's history" },
	{ "POST", "/api/v1/persons/{ref}/events", PERM(EVENT_WRITE), JSON_BODY, "event.add",
	  hw_h_event_add, "append an event to a person's history" },
	{ "GET", "/api/v1/persons/{ref}/lists", PERM(LIST_READ), NO_BODY, "person.lists",
	  hw_h_person_lists, "the exchange lists a person was on (audited)" },
	{ "GET", "/api/v1/search", PERM(NAME_SEARCH), NO_BODY, "person.search", hw_h_search,
	  "find the persons a name may be" },
	{ "POST", "/api/v1/match", PERM(LIST_MATCH), JSON_BODY, "list.match", hw_h_match,
	  "match a list of names against the registry" },
	/* reports, users and the audit trail (h_report.c, h_users.c, h_audit.c) */
	{ "GET", "/api/v1/reports", PERM(REPORT_READ), NO_BODY, "report.read", hw_h_report,
	  "the figures of a stage, an agreement or a period (no names)" },
	{ "GET", "/api/v1/users", PERM(USER_ADMIN), NO_BODY, "user.list", hw_h_users_list,
	  "list the users" },
	{ "POST", "/api/v1/users", PERM(USER_ADMIN), JSON_BODY, "user.add", hw_h_user_add,
	  "add a user (a generated password is shown once)" },
	{ "GET", "/api/v1/users/{name}", PERM(USER_ADMIN), NO_BODY, "user.read", hw_h_user_get,
	  "read a user" },
	{ "POST", "/api/v1/users/{name}/password", HW_ACCESS_SESSION, 0, JSON_BODY,
	  "user.passwd", hw_h_user_password,
	  "set a password: one's own with the current one, another's with user.admin" },
	{ "POST", "/api/v1/users/{name}/disable", PERM(USER_ADMIN), NO_BODY, "user.disable",
	  hw_h_user_disable, "disable a user and end their sessions" },
	{ "GET", "/api/v1/audit", PERM(AUDIT_READ), NO_BODY, "audit.read", hw_h_audit_log,
	  "the audit trail, with filters and pagination (audited)" },
	{ "GET", "/api/v1/audit/verify", PERM(AUDIT_READ), NO_BODY, "audit.verify",
	  hw_h_audit_verify, "verify the hash chain of the audit trail" },
	{ "GET", "/api/v1/dashboard", PERM(REPORT_READ), NO_BODY, "report.dashboard",
	  hw_h_dashboard, "the figures of the dashboard: counts only, no names" },
	/* the exchange ledger (h_exchange.c, h_stage.c, h_xlist.c, h_xentry.c); a
	 * stage is {exchange}/stages/{stage}, its number, as its reference has a '/' */
	{ "GET", "/api/v1/exchanges", PERM(EXCHANGE_READ), NO_BODY, "exchange.list",
	  hw_h_exchanges_list, "list the agreements (no names)" },
	{ "POST", "/api/v1/exchanges", PERM(EXCHANGE_WRITE), JSON_BODY, "exchange.create",
	  hw_h_exchange_create, "record an agreement" },
	{ "GET", "/api/v1/exchanges/{exchange}", PERM(EXCHANGE_READ), NO_BODY, "exchange.read",
	  hw_h_exchange_get, "an agreement, its stages and the reconciled counts (no names)" },
	{ "POST", "/api/v1/exchanges/{exchange}/state", PERM(EXCHANGE_WRITE), JSON_BODY,
	  "exchange.state", hw_h_exchange_state, "start, complete or cancel an agreement" },
	{ "GET", "/api/v1/exchanges/{exchange}/proposal", PERM(EXCHANGE_WRITE), NO_BODY,
	  "exchange.propose", hw_h_exchange_propose, "rank the people to put forward (audited)" },
	{ "POST", "/api/v1/exchanges/{exchange}/stages", PERM(EXCHANGE_WRITE), JSON_BODY,
	  "exchange.stage_add", hw_h_stage_add, "add a stage to an agreement" },
	{ "GET", "/api/v1/exchanges/{exchange}/stages/{stage}", PERM(EXCHANGE_READ), NO_BODY,
	  "exchange.stage_read", hw_h_stage_get, "a stage and its counts (no names)" },
	{ "POST", "/api/v1/exchanges/{exchange}/stages/{stage}/state", PERM(EXCHANGE_WRITE),
	  JSON_BODY, "exchange.stage_state", hw_h_stage_state, "start or cancel a stage" },
	{ "POST", "/api/v1/exchanges/{exchange}/stages/{stage}/incoming", PERM(EXCHANGE_WRITE),
	  CSV_BODY, "exchange.import", hw_h_list_import,
	  "import the other side's list (CSV) and match every line" },
	{ "GET", "/api/v1/exchanges/{exchange}/stages/{stage}/entries", PERM(LIST_READ),
	  NO_BODY, "exchange.entries", hw_h_entries_list,
	  "the entries of a stage's lists, with filters and pages (audited)" },
	{ "POST", "/api/v1/exchanges/{exchange}/stages/{stage}/outgoing", PERM(EXCHANGE_WRITE),
	  JSON_BODY, "exchange.out_add", hw_h_outgoing_add,
	  "add persons in our custody to the outgoing list" },
	{ "POST", "/api/v1/exchanges/{exchange}/stages/{stage}/verify-proposed",
	  PERM(LIST_VERIFY), JSON_BODY, "exchange.confirm_proposed", hw_h_verify_proposed,
	  "confirm every pending entry as its proposed person" },
	{ "GET", "/api/v1/exchanges/{exchange}/stages/{stage}/completion", PERM(EXCHANGE_READ),
	  NO_BODY, "exchange.completion", hw_h_stage_completion,
	  "what blocks the completion of a stage (no names)" },
	{ "POST", "/api/v1/exchanges/{exchange}/stages/{stage}/complete", PERM(EXCHANGE_WRITE),
	  JSON_BODY, "exchange.complete", hw_h_stage_complete,
	  "complete a stage: returned and handed over" },
	{ "GET", "/api/v1/entries/{entry}", PERM(LIST_READ), NO_BODY, "exchange.entry",
	  hw_h_entry_get, "one entry: as written, the candidates, the decisions (audited)" },
	{ "POST", "/api/v1/entries/{entry}/confirm", PERM(LIST_VERIFY), JSON_BODY,
	  "exchange.confirm", hw_h_entry_confirm, "confirm an incoming entry (If-Match)" },
	{ "POST", "/api/v1/entries/{entry}/reject", PERM(LIST_VERIFY), JSON_BODY,
	  "exchange.reject", hw_h_entry_reject, "reject an incoming entry (If-Match)" },
	{ "POST", "/api/v1/entries/{entry}/remove", PERM(EXCHANGE_WRITE), JSON_BODY,
	  "exchange.out_remove", hw_h_entry_remove,
	  "take a person off the outgoing list (If-Match)" },
};

const struct hw_route *hw_server_routes(size_t *n)
{
	*n = sizeof(routes) / sizeof(routes[0]);
	return routes;
}

/* The length of the segment at s (up to '/' or the end). */
static size_t seg_len(const char *s)
{
	const char *slash = strchr(s, '/');

	return slash ? (size_t)(slash - s) : strlen(s);
}

/* Copies n bytes of s into the parameter buffer; NULL when full. */
static const char *keep(struct hw_route_params *out, size_t *used, const char *s, size_t n)
{
	char *at;

	if (*used + n + 1 > sizeof(out->buf))
		return NULL;
	at = out->buf + *used;
	memcpy(at, s, n);
	at[n] = '\0';
	*used += n + 1;
	return at;
}

static int add_param(struct hw_route_params *out, size_t *used, const char *pat, size_t plen,
		     const char *path, size_t n)
{
	if (!out)
		return 1;
	if (out->n >= HW_ROUTE_MAX_PARAMS)
		return 0;
	out->name[out->n] = keep(out, used, pat + 1, plen - 2);
	out->value[out->n] = keep(out, used, path, n);
	if (!out->name[out->n] || !out->value[out->n])
		return 0;
	out->n++;
	return 1;
}

int hw_route_match(const char *pattern, const char *path, struct hw_route_params *out)
{
	size_t used = 0, pl, sl;

	if (out)
		out->n = 0;
	if (*pattern != '/' || *path != '/')
		return 0;
	for (;;) {
		pattern++;
		path++;
		pl = seg_len(pattern);
		sl = seg_len(path);
		if (pl >= 2 && pattern[0] == '{' && pattern[pl - 1] == '}') {
			if (!sl || !add_param(out, &used, pattern, pl, path, sl))
				return 0;
		} else if (pl != sl || memcmp(pattern, path, pl)) {
			return 0;
		}
		pattern += pl;
		path += sl;
		if (!*pattern || !*path)
			return !*pattern && !*path;
	}
}

const char *hw_route_param(const struct hw_route_params *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (!strcmp(p->name[i], name))
			return p->value[i];
	return NULL;
}

const struct hw_route *hw_route_find(const char *method, const char *path,
				     struct hw_route_params *params, int *path_known,
				     char *allow, size_t allow_size)
{
	size_t i, n = sizeof(routes) / sizeof(routes[0]), used = 0;

	*path_known = 0;
	if (allow_size)
		allow[0] = '\0';
	for (i = 0; i < n; i++) {
		if (!hw_route_match(routes[i].pattern, path, NULL))
			continue;
		if (!strcmp(routes[i].method, method)) {
			hw_route_match(routes[i].pattern, path, params);
			return &routes[i];
		}
		*path_known = 1;
		if (used < allow_size)
			used += (size_t)snprintf(allow + used, allow_size - used, "%s%s",
						 used ? ", " : "", routes[i].method);
	}
	return NULL;
}
