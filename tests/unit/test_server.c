/*
 * test_server.c - the parts of the server that need no network: the
 * router's pattern matching and route lookup (404 and 405 with Allow),
 * the route table's own rules, the JSON depth limit and body parser, the
 * checks of fields, and persons, events and list lines from JSON.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "homeward/alloc.h"
#include "server/server_int.h"

/* ---- the router -------------------------------------------------------- */

static void test_route_match(void **state)
{
	struct hw_route_params p;

	(void)state;
	assert_int_equal(hw_route_match("/healthz", "/healthz", &p), 1);
	assert_int_equal(p.n, 0);
	assert_int_equal(hw_route_match("/healthz", "/healthz/", &p), 0);
	assert_int_equal(hw_route_match("/healthz", "/health", &p), 0);
	assert_int_equal(hw_route_match("/healthz", "/healthzz", &p), 0);
	assert_int_equal(hw_route_match("/healthz", "healthz", &p), 0);
	assert_int_equal(hw_route_match("/healthz", "", &p), 0);
	assert_int_equal(hw_route_match("/api/v1/persons/{ref}", "/api/v1/persons/HW-000001", &p),
			 1);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.name[0], "ref");
	assert_string_equal(hw_route_param(&p, "ref"), "HW-000001");
	assert_null(hw_route_param(&p, "other"));
	assert_int_equal(hw_route_match("/api/v1/persons/{ref}/events",
					"/api/v1/persons/ua:7/events", &p), 1);
	assert_string_equal(hw_route_param(&p, "ref"), "ua:7");
	/* a parameter is one non-empty segment */
	assert_int_equal(hw_route_match("/api/v1/persons/{ref}", "/api/v1/persons/", &p), 0);
	assert_int_equal(hw_route_match("/api/v1/persons/{ref}", "/api/v1/persons/a/b", &p), 0);
	assert_int_equal(hw_route_match("/api/v1/persons/{ref}", "/api/v1/persons//", &p), 0);
	assert_int_equal(hw_route_match("/a/{x}/{y}", "/a/1/2", &p), 1);
	assert_string_equal(hw_route_param(&p, "x"), "1");
	assert_string_equal(hw_route_param(&p, "y"), "2");
	assert_int_equal(hw_route_match("/a/{x}", "/a/1", NULL), 1);
}

static void test_route_match_long(void **state)
{
	char path[HW_ROUTE_PARAM_BUF + 64];
	struct hw_route_params p;

	(void)state;
	snprintf(path, sizeof(path), "/a/");
	memset(path + 3, 'x', HW_ROUTE_PARAM_BUF);
	path[3 + HW_ROUTE_PARAM_BUF] = '\0';
	/* too long for the parameter buffer: no match, not an overflow */
	assert_int_equal(hw_route_match("/a/{x}", path, &p), 0);
	assert_int_equal(hw_route_match("/a/{x}", path, NULL), 1);
}

static void test_route_find(void **state)
{
	struct hw_route_params p;
	const struct hw_route *r;
	char allow[64];
	int known;

	(void)state;
	r = hw_route_find("GET", "/api/v1/persons/HW-000002", &p, &known, allow, sizeof(allow));
	assert_non_null(r);
	assert_string_equal(r->pattern, "/api/v1/persons/{ref}");
	assert_int_equal(r->perm, HW_PERM_PERSON_READ);
	assert_string_equal(hw_route_param(&p, "ref"), "HW-000002");
	r = hw_route_find("DELETE", "/api/v1/persons/HW-000002", &p, &known, allow, sizeof(allow));
	assert_null(r);
	assert_int_equal(known, 1);
	assert_string_equal(allow, "GET, PATCH");
	r = hw_route_find("GET", "/api/v1/login", &p, &known, allow, sizeof(allow));
	assert_null(r);
	assert_int_equal(known, 1);
	assert_string_equal(allow, "POST");
	r = hw_route_find("GET", "/api/v1/nothing", &p, &known, allow, sizeof(allow));
	assert_null(r);
	assert_int_equal(known, 0);
	assert_string_equal(allow, "");
}

/* 1 for the routes of the web interface's files (static.c). */
static int is_web_route(const struct hw_route *r)
{
	return !strcmp(r->pattern, "/") || !strcmp(r->pattern, "/assets/{file}");
}

/* Every route: a path under /api/v1 (or /healthz, or the web interface's
 * files), one per method and pattern, an action, a handler; only login,
 * healthz and the web interface's files (which hold no data) are public. */
/* The exchange ledger's routes: a stage by its agreement and number, an
 * entry by its id, the list import taking CSV, each with its permission. */
static void test_route_find_ledger(void **state)
{
	struct hw_route_params p;
	const struct hw_route *r;
	char allow[64];
	int known;

	(void)state;
	r = hw_route_find("GET", "/api/v1/exchanges/EX-000052/stages/2/entries", &p, &known,
			  allow, sizeof(allow));
	assert_non_null(r);
	assert_string_equal(r->pattern, "/api/v1/exchanges/{exchange}/stages/{stage}/entries");
	assert_int_equal(r->perm, HW_PERM_LIST_READ);
	assert_string_equal(hw_route_param(&p, "exchange"), "EX-000052");
	assert_string_equal(hw_route_param(&p, "stage"), "2");
	r = hw_route_find("POST", "/api/v1/exchanges/52/stages/1/incoming", &p, &known, allow,
			  sizeof(allow));
	assert_non_null(r);
	assert_int_equal(r->body, HW_BODY_CSV);
	assert_int_equal(r->perm, HW_PERM_EXCHANGE_WRITE);
	r = hw_route_find("POST", "/api/v1/entries/17/confirm", &p, &known, allow, sizeof(allow));
	assert_non_null(r);
	assert_int_equal(r->body, HW_BODY_JSON);
	assert_int_equal(r->perm, HW_PERM_LIST_VERIFY);
	assert_string_equal(hw_route_param(&p, "entry"), "17");
	/* a stage's own reference is two segments: no route */
	r = hw_route_find("GET", "/api/v1/stages/EX-000052/2", &p, &known, allow, sizeof(allow));
	assert_null(r);
	r = hw_route_find("DELETE", "/api/v1/exchanges/EX-000052/stages/2", &p, &known, allow,
			  sizeof(allow));
	assert_null(r);
	assert_int_equal(known, 1);
	assert_string_equal(allow, "GET");
}

static void test_route_table(void **state)
{
	const struct hw_route *routes;
	size_t n, i, j;

	(void)state;
	routes = hw_server_routes(&n);
	assert_true(n >= 14);
	for (i = 0; i < n; i++) {
		assert_non_null(routes[i].handler);
		assert_non_null(routes[i].action);
		assert_non_null(routes[i].summary);
		assert_true(!strncmp(routes[i].pattern, "/api/v1/", 8) ||
			    !strcmp(routes[i].pattern, "/healthz") || is_web_route(&routes[i]));
		if (routes[i].access == HW_ACCESS_PUBLIC)
			assert_true(!strcmp(routes[i].pattern, "/healthz") ||
				    !strcmp(routes[i].pattern, "/api/v1/login") ||
				    (is_web_route(&routes[i]) && !strcmp(routes[i].method, "GET")));
		if (routes[i].access == HW_ACCESS_PERM) {
			assert_non_null(routes[i].action);
			assert_true(routes[i].perm < HW_PERM__COUNT);
		}
		if (!strcmp(routes[i].method, "GET"))
			assert_int_equal(routes[i].body, HW_BODY_NONE);
		for (j = 0; j < i; j++)
			assert_false(!strcmp(routes[i].method, routes[j].method) &&
				     !strcmp(routes[i].pattern, routes[j].pattern));
	}
}

/* The web interface serves plain file names of its directory only, and
 * caches only the names that carry a content hash. */
static void test_web_names(void **state)
{
	(void)state;
	assert_true(hw_web_name_ok("index.html"));
	assert_true(hw_web_name_ok("app-5ZQ3KX7M.js"));
	assert_true(hw_web_name_ok("app-5ZQ3KX7M.css"));
	assert_false(hw_web_name_ok(""));
	assert_false(hw_web_name_ok(".."));
	assert_false(hw_web_name_ok(".htaccess.txt"));
	assert_false(hw_web_name_ok("../index.html"));
	assert_false(hw_web_name_ok("a/b.js"));
	assert_false(hw_web_name_ok("a%2fb.js"));
	assert_false(hw_web_name_ok("app.js\\x"));
	assert_false(hw_web_name_ok("homeward.db"));
	assert_false(hw_web_name_ok("app.js.map"));
	assert_false(hw_web_name_ok("noext"));
	assert_true(hw_web_name_hashed("app-5ZQ3KX7M.js"));
	assert_true(hw_web_name_hashed("vendor-chunk-ABCDEFGH.css"));
	assert_false(hw_web_name_hashed("index.html"));
	assert_false(hw_web_name_hashed("app-short.js"));
	assert_false(hw_web_name_hashed("app-abcdefgh.js"));
	assert_false(hw_web_name_hashed("-ABCDEFGH.js"));
	assert_false(hw_web_name_hashed("ABCDEFGH.js"));
}

/* The OpenAPI document describes every route, with its permission, and
 * nothing else. */
static void test_openapi_covers_routes(void **state)
{
	const struct hw_route *routes;
	json_t *doc, *paths, *path, *op;
	const char *key, *method;
	char lower[8];
	size_t n, i, j, ops = 0;

	(void)state;
	doc = json_loadb((const char *)hw_openapi_json, hw_openapi_json_len, 0, NULL);
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
	paths = json_object_get(doc, "paths");
	routes = hw_server_routes(&n);
	for (i = 0; i < n; i++) {
		for (j = 0; routes[i].method[j] && j + 1 < sizeof(lower); j++)
			lower[j] = (char)(routes[i].method[j] | 0x20);
		lower[j] = '\0';
		op = json_object_get(json_object_get(paths, routes[i].pattern), lower);
		if (!op)
			fail_msg("%s %s is not in docs/openapi.json", routes[i].method,
				 routes[i].pattern);
		assert_string_equal(json_string_value(json_object_get(op, "x-permission")),
				    routes[i].access == HW_ACCESS_PUBLIC    ? "none"
				    : routes[i].access == HW_ACCESS_SESSION ? "session"
									    : hw_perm_name(routes[i].perm));
	}
	json_object_foreach(paths, key, path) {
		void *tmp;

		json_object_foreach_safe(path, tmp, method, op) {
			if (strcmp(method, "parameters"))
				ops++;
		}
	}
	assert_int_equal(ops, n);
	json_decref(doc);
}

/* ---- bodies ------------------------------------------------------------ */

static enum hw_err depth(const char *s, int max)
{
	return hw_json_check_depth(s, strlen(s), max, NULL);
}

static void test_json_depth(void **state)
{
	char deep[200];
	struct hw_error err;

	(void)state;
	assert_int_equal(depth("{}", 1), HW_OK);
	assert_int_equal(depth("{\"a\":[1]}", 1), HW_INVALID);
	assert_int_equal(depth("{\"a\":[1]}", 2), HW_OK);
	assert_int_equal(depth("[[]][[]]", 2), HW_OK); /* depth, not count */
	/* brackets in strings do not count, also after escaped quotes */
	assert_int_equal(depth("{\"a\":\"[[[[{{{{\"}", 1), HW_OK);
	assert_int_equal(depth("{\"a\":\"\\\"[[[[\"}", 1), HW_OK);
	assert_int_equal(depth("{\"a\":\"\\\\\",\"b\":[[1]]}", 2), HW_INVALID);
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	hw_error_clear(&err);
	assert_int_equal(hw_json_check_depth(deep, strlen(deep), HW_SERVER_JSON_DEPTH, &err),
			 HW_INVALID);
	assert_string_equal(err.field, "body");
	assert_non_null(strstr(err.message, "deeper than 32"));
}

static enum hw_err parse(const char *s, json_t **out, struct hw_error *err)
{
	hw_error_clear(err);
	return hw_json_parse_body(s, strlen(s), HW_SERVER_JSON_DEPTH, out, err);
}

static void test_parse_body(void **state)
{
	struct hw_error err;
	json_t *j = NULL;

	(void)state;
	assert_int_equal(parse("{\"a\":1}", &j, &err), HW_OK);
	assert_non_null(j);
	json_decref(j);
	assert_int_equal(parse("[1]", &j, &err), HW_INVALID);
	assert_null(j);
	assert_string_equal(err.field, "body");
	assert_int_equal(parse("", &j, &err), HW_INVALID);
	assert_int_equal(parse("{\"a\":1} x", &j, &err), HW_INVALID);
	assert_int_equal(parse("{\"a\":1,\"a\":2}", &j, &err), HW_INVALID);
	assert_int_equal(parse("{\"a\":\"\xff\"}", &j, &err), HW_INVALID);
	assert_int_equal(parse("{\"a\":\"\\u0000\"}", &j, &err), HW_INVALID);
	assert_int_equal(parse("{\"a\":\"\xd0\x9a\"}", &j, &err), HW_OK);
	json_decref(j);
}

static const struct hw_jfield fields[] = {
	{ "name", HW_J_STRING, 1 }, { "note", HW_J_STRING | HW_J_NULL, 0 },
	{ "n", HW_J_INT, 0 }, { NULL, 0, 0 },
};

static enum hw_err check(const char *s, struct hw_error *err)
{
	json_t *j = json_loads(s, 0, NULL);
	enum hw_err rc;

	assert_non_null(j);
	hw_error_clear(err);
	rc = hw_json_check_fields(j, fields, "x.", err);
	json_decref(j);
	return rc;
}

static void test_check_fields(void **state)
{
	struct hw_error err;

	(void)state;
	assert_int_equal(check("{\"name\":\"a\",\"note\":null,\"n\":3}", &err), HW_OK);
	assert_int_equal(check("{\"name\":\"a\",\"extra\":1}", &err), HW_INVALID);
	assert_string_equal(err.field, "x.extra");
	assert_string_equal(err.message, "unknown field 'extra'");
	assert_int_equal(check("{\"name\":5}", &err), HW_INVALID);
	assert_string_equal(err.field, "x.name");
	assert_string_equal(err.message, "'x.name' must be a string");
	assert_int_equal(check("{\"name\":\"a\",\"note\":1}", &err), HW_INVALID);
	assert_string_equal(err.message, "'x.note' must be a string or null");
	assert_int_equal(check("{\"name\":\"a\",\"n\":1.5}", &err), HW_INVALID);
	assert_string_equal(err.field, "x.n");
	assert_int_equal(check("{\"note\":\"b\"}", &err), HW_INVALID);
	assert_string_equal(err.field, "x.name");
	assert_string_equal(err.message, "'x.name' is required");
	assert_int_equal(check("{\"name\":null}", &err), HW_INVALID);
}

/* ---- persons, events, lines --------------------------------------------- */

static enum hw_err person(const char *s, enum hw_person_in_mode mode, int may_health,
			  struct hw_person *p, struct hw_error *err)
{
	json_t *j = json_loads(s, 0, NULL);
	enum hw_status status;
	enum hw_err rc;

	assert_non_null(j);
	hw_error_clear(err);
	rc = hw_person_from_json(p, j, mode, may_health, &status, err);
	json_decref(j);
	return rc;
}

static void test_person_from_json(void **state)
{
	struct hw_person p;
	struct hw_error err;

	(void)state;
	hw_person_init(&p);
	assert_int_equal(person("{\"family_name\":\"Коваленко\",\"given_name\":\"Олег\","
				"\"category\":\"military\",\"branch\":\"army\",\"tags\":[\"mariupol\"],"
				"\"refs\":[{\"source\":\"ua\",\"ref\":\"7\"}],\"birth_date\":\"1990-02\"}",
				HW_PERSON_IN_CREATE, 0, &p, &err), HW_OK);
	assert_string_equal(hw_person_primary(&p)->family, "Коваленко");
	assert_int_equal(p.branch, HW_BRANCH_ARMY);
	assert_int_equal(p.ntags, 1);
	assert_int_equal(p.nrefs, 1);
	assert_int_equal(p.birth_date.month, 2);
	assert_int_equal(hw_person_validate(&p, &err), HW_OK);
	/* a patch replaces what it names, null clears */
	assert_int_equal(person("{\"branch\":null,\"category\":\"civilian\",\"tags\":[]}",
				HW_PERSON_IN_PATCH, 0, &p, &err), HW_OK);
	assert_int_equal(p.branch, HW_BRANCH_NONE);
	assert_int_equal(p.ntags, 0);
	assert_int_equal(person("{\"given_name\":\"Олексій\"}", HW_PERSON_IN_PATCH, 0, &p, &err),
			 HW_OK);
	assert_string_equal(hw_person_primary(&p)->given, "Олексій");
	assert_string_equal(hw_person_primary(&p)->family, "Коваленко");
	/* health needs health.write; read-only and unknown fields are refused */
	assert_int_equal(person("{\"health\":[\"wounded\"]}", HW_PERSON_IN_PATCH, 0, &p, &err),
			 HW_FORBIDDEN);
	assert_string_equal(err.field, "health");
	assert_int_equal(person("{\"health\":[\"wounded\"],\"next_of_kin\":\"mother\"}",
				HW_PERSON_IN_HEALTH, 1, &p, &err), HW_OK);
	assert_int_equal(p.health, 1u << HW_HEALTH_BIT_WOUNDED);
	assert_int_equal(person("{\"notes\":\"x\"}", HW_PERSON_IN_HEALTH, 1, &p, &err),
			 HW_INVALID);
	assert_string_equal(err.field, "notes");
	assert_int_equal(person("{\"status\":\"captive\"}", HW_PERSON_IN_PATCH, 0, &p, &err),
			 HW_INVALID);
	assert_string_equal(err.field, "status");
	assert_int_equal(person("{\"version\":3}", HW_PERSON_IN_PATCH, 0, &p, &err), HW_INVALID);
	assert_string_equal(err.field, "version");
	assert_int_equal(person("{\"sex\":\"X\"}", HW_PERSON_IN_PATCH, 0, &p, &err), HW_INVALID);
	assert_string_equal(err.field, "sex");
	assert_int_equal(person("{\"birth_date\":\"1990-02-30\"}", HW_PERSON_IN_PATCH, 0, &p, &err),
			 HW_INVALID);
	assert_string_equal(err.field, "birth_date");
	assert_int_equal(person("{\"tags\":[1]}", HW_PERSON_IN_PATCH, 0, &p, &err), HW_INVALID);
	assert_string_equal(err.field, "tags");
	assert_int_equal(person("{\"refs\":[{\"source\":\"a\"}]}", HW_PERSON_IN_PATCH, 0, &p, &err),
			 HW_INVALID);
	assert_string_equal(err.field, "refs[0].ref");
	assert_int_equal(person("{\"unit\":7}", HW_PERSON_IN_PATCH, 0, &p, &err), HW_INVALID);
	assert_string_equal(err.field, "unit");
	hw_person_release(&p);
	/* creation needs both names */
	assert_int_equal(person("{\"family_name\":\"Коваленко\"}", HW_PERSON_IN_CREATE, 0, &p, &err),
			 HW_INVALID);
	assert_string_equal(err.field, "given_name");
	hw_person_release(&p);
}

static void test_event_and_line(void **state)
{
	json_t *j = json_loads("{\"type\":\"died\",\"date\":\"2024\",\"note\":\"n\"}", 0, NULL);
	struct hw_match_query q;
	enum hw_status target;
	struct hw_event e;
	struct hw_error err;

	(void)state;
	hw_event_init(&e);
	hw_error_clear(&err);
	assert_int_equal(hw_event_from_json(&e, j, &target, &err), HW_OK);
	assert_int_equal(e.type, HW_EVENT_DIED);
	assert_string_equal(e.note, "n");
	json_decref(j);
	j = json_loads("{\"type\":\"flew\"}", 0, NULL);
	assert_int_equal(hw_event_from_json(&e, j, &target, &err), HW_INVALID);
	assert_string_equal(err.field, "type");
	json_decref(j);
	hw_event_release(&e);

	memset(&q, 0, sizeof(q));
	j = json_loads("{\"full_name\":\"Kovalenko Oleh\",\"birth_date\":\"02.03.1990\"}", 0, NULL);
	assert_int_equal(hw_match_line_from_json(j, 4, &q, &err), HW_OK);
	assert_string_equal(q.full_name, "Kovalenko Oleh");
	assert_int_equal(q.birth_date.year, 1990);
	json_decref(j);
	j = json_loads("{\"full_name\":\"a\",\"family_name\":\"b\"}", 0, NULL);
	assert_int_equal(hw_match_line_from_json(j, 4, &q, &err), HW_INVALID);
	assert_string_equal(err.field, "lines[4].full_name");
	json_decref(j);
	j = json_loads("{\"family_name\":\"b\",\"sex\":\"Q\"}", 0, NULL);
	assert_int_equal(hw_match_line_from_json(j, 0, &q, &err), HW_INVALID);
	assert_string_equal(err.field, "lines[0].sex");
	json_decref(j);
}

static void test_loopback(void **state)
{
	(void)state;
	assert_true(hw_server_address_is_loopback("127.0.0.1"));
	assert_true(hw_server_address_is_loopback("127.1.2.3"));
	assert_true(hw_server_address_is_loopback("::1"));
	assert_false(hw_server_address_is_loopback("0.0.0.0"));
	assert_false(hw_server_address_is_loopback("10.0.0.1"));
	assert_false(hw_server_address_is_loopback("::"));
	assert_false(hw_server_address_is_loopback("localhost"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_match),
		cmocka_unit_test(test_route_match_long),
		cmocka_unit_test(test_route_find),
		cmocka_unit_test(test_route_find_ledger),
		cmocka_unit_test(test_route_table),
		cmocka_unit_test(test_web_names),
		cmocka_unit_test(test_openapi_covers_routes),
		cmocka_unit_test(test_json_depth),
		cmocka_unit_test(test_parse_body),
		cmocka_unit_test(test_check_fields),
		cmocka_unit_test(test_person_from_json),
		cmocka_unit_test(test_event_and_line),
		cmocka_unit_test(test_loopback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
