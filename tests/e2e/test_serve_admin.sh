# test_serve_admin.sh - `homeward serve`: reports, users, the audit trail
# and the lifetimes of sessions over HTTP, against the real server on a
# free loopback port (the helpers of serve_lib.sh).
#
# Every route of this part for every role, allowed or refused per the
# permission table; a report as the analyst in JSON, CSV and text, equal
# to the command line's and without any name of the registry; bad
# parameters named; users added (a generated password shown once), reset,
# disabled (their live sessions refused at once), a user changing their own
# password with the current one; the audit log with its filters and pages,
# reading it audited; the verdict of the chain after records were altered,
# removed and inserted behind the program's back; sessions that end after
# --session-idle and --session-max, and at logout.

# shellcheck source=tests/e2e/serve_lib.sh
. "$E2E_DIR/serve_lib.sh"

DROP_AUDIT_TRIGGERS="DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
DROP TRIGGER audit_in_order; DROP TRIGGER audit_advance; DROP TRIGGER audit_head_forward;
DROP TRIGGER audit_head_no_insert; DROP TRIGGER audit_head_no_delete;"

# setup_demo_users: the demo's registry and exchanges (synthetic names),
# and one user per role, named after the role, as setup_users makes them.
setup_demo_users()
{
	hw demo --persons 0
	expect_status 0
	hw user add admin --role admin
	expect_status 0
	add_role_users
}

# login_with USER PASSWORD: logs in; sets TOKEN (empty when refused).
login_with()
{
	TOKEN=
	api POST /api/v1/login "$(python3 -c 'import json,sys; print(json.dumps({"user": sys.argv[1], "password": sys.argv[2]}))' "$1" "$2")"
	if [ "$STATUS" = 200 ]; then
		TOKEN=$(jget 'j["token"]')
	fi
}

# json_of K V ...: a JSON object of string fields.
json_of()
{
	python3 -c 'import json,sys; a=sys.argv[1:]; print(json.dumps(dict(zip(a[::2], a[1::2]))))' "$@"
}

# shellcheck disable=SC2034 # read through role_holds (serve_lib.sh)
readonly -A ADMIN_HOLDERS=(
	[report.read]="admin coordinator registrar verifier medical analyst"
	[user.admin]="admin"
	[audit.read]="admin"
)

# may ROLE PERM WANT METHOD PATH [BODY [CURL_ARGS]]: as ROLE, WANT when
# ROLE holds PERM, else 403 forbidden.
may()
{
	expect_as ADMIN_HOLDERS "$1" "$2" "$3" api "${@:4}"
}

# ---- the permission table -------------------------------------------------

t_serve_admin_roles_against_routes()
{
	setup_demo_users
	hw user add spare --role analyst
	expect_status 0
	serve_start --no-web || return
	local role
	login_all
	for role in $ROLES; do
		may "$role" report.read 200 GET '/api/v1/reports?stage=EX-000002/1'
		may "$role" report.read 200 GET '/api/v1/reports?exchange=EX-000003&format=csv'
		may "$role" user.admin 200 GET /api/v1/users
		may "$role" user.admin 200 GET /api/v1/users/spare
		may "$role" user.admin 201 POST /api/v1/users "{\"name\":\"new-$role\",\"role\":\"analyst\"}"
		may "$role" user.admin 200 POST /api/v1/users/spare/password '{}'
		may "$role" audit.read 200 GET /api/v1/audit
		may "$role" audit.read 200 GET /api/v1/audit/verify
	done
	# disabling last, as it ends the user's sessions
	for role in $ROLES; do
		may "$role" user.admin 200 POST /api/v1/users/spare/disable
	done
	# nothing changes or deletes audit records: the known paths answer 405
	TOKEN=${TOK[admin]}
	local m p
	for p in /api/v1/audit /api/v1/audit/verify; do
		for m in POST PUT PATCH DELETE; do
			api "$m" "$p"
			expect_error 405 method_not_allowed null
			expect_header 'Allow: GET'
		done
	done
	api DELETE /api/v1/users/spare
	expect_error 405 method_not_allowed null
	api GET /api/v1/users/nobody
	expect_error 404 not_found null
	serve_stop
	# the refusals are audited, with the user and the address
	hw audit log --action 'user.*'
	expect_stdout_contains "analyst 127.0.0.1 user.list -:- denied"
	expect_stdout_contains "registrar 127.0.0.1 user.passwd user:spare denied"
	expect_stdout_contains "medical 127.0.0.1 user.disable -:- denied"
	expect_stdout_contains "admin 127.0.0.1 user.add user:new-admin ok"
	expect_stdout_contains "admin 127.0.0.1 user.disable user:spare ok"
	hw audit log --action 'audit.*'
	expect_stdout_contains "coordinator 127.0.0.1 audit.read -:- denied"
	expect_stdout_contains "verifier 127.0.0.1 audit.verify -:- denied"
	hw audit verify
	expect_status 0
}

# ---- reports --------------------------------------------------------------

# expect_no_names FILE: no family name of the registry, nor any full name,
# is in FILE (as whole words).
expect_no_names()
{
	sqlite3 "$HOMEWARD_DB" "SELECT DISTINCT family FROM names WHERE length(family) >= 3
		UNION SELECT DISTINCT family || ' ' || given FROM names" >names.txt
	[ "$(wc -l <names.txt)" -gt 100 ] || fail "too few names to check against"
	if grep -qwF -f names.txt "$1"; then
		fail "a name in $1: $(grep -owF -f names.txt "$1" | head -n 3 | tr '\n' ' ')"
	fi
}

t_serve_admin_report_as_analyst()
{
	setup_demo_users
	serve_start --no-web || return
	login_as analyst
	# JSON: the command line's document
	api GET '/api/v1/reports?stage=EX-000002/1'
	expect_http 200
	expect_header 'Content-Type: application/json; charset=utf-8'
	expect_json_field 'j["returned"]' 75
	expect_json_field 'j["scope"]["exchange"]["national_number"]' 52
	expect_json_field 'j["cumulative"]["returned"]' 3210
	expect_no_names "$RUN_OUT"
	cp "$RUN_OUT" api.json
	hw report --stage EX-000002/1 --format json
	expect_status 0
	expect_equal "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])) == json.load(open(sys.argv[2])))' api.json "$RUN_OUT")" \
		True "the API's report is the command line's"
	# CSV, by format= and by Accept, as a download; the same bytes as the CLI
	TOKEN=${TOK[analyst]}
	api GET '/api/v1/reports?exchange=EX-000003&format=csv&lang=uk'
	expect_http 200
	expect_header 'Content-Type: text/csv; charset=utf-8'
	expect_header 'Content-Disposition: attachment; filename="report-EX-000003.csv"'
	expect_no_names "$RUN_OUT"
	cp "$RUN_OUT" api.csv
	hw report --exchange EX-000003 --format csv --lang uk
	expect_file_equals api.csv "$RUN_OUT"
	api GET '/api/v1/reports?from=2024-05&to=2024-06' '' -H 'Accept: text/csv'
	expect_http 200
	expect_header 'Content-Disposition: attachment; filename="report-2024-05_2024-06.csv"'
	head -n 1 "$RUN_OUT" >first.txt
	expect_equal "$(cat first.txt)" "section,key,label,count" "the CSV header"
	# text, in Ukrainian
	api GET '/api/v1/reports?stage=EX-000003/2&format=text&lang=uk'
	expect_http 200
	expect_header 'Content-Type: text/plain; charset=utf-8'
	expect_no_names "$RUN_OUT"
	cp "$RUN_OUT" api.txt
	hw report --stage EX-000003/2 --lang uk
	expect_file_equals api.txt "$RUN_OUT"
	# an Accept the report does not have: JSON
	api GET '/api/v1/reports?stage=EX-000002/1' '' -H 'Accept: text/html, */*'
	expect_header 'Content-Type: application/json; charset=utf-8'
	# bad parameters, named
	api GET '/api/v1/reports?stage=EX-000002/9'
	expect_error 404 not_found stage
	api GET '/api/v1/reports?stage=EX-000077/1'
	expect_error 404 not_found stage
	api GET '/api/v1/reports?exchange=no%20such%20agreement'
	expect_error 404 not_found exchange
	api GET '/api/v1/reports?stage=EX-000002/1&exchange=EX-000002'
	expect_error 400 invalid exchange
	api GET '/api/v1/reports?exchange=EX-000002&from=2024'
	expect_error 400 invalid from
	api GET '/api/v1/reports'
	expect_error 400 invalid null
	api GET '/api/v1/reports?from=31.02.2024'
	expect_error 400 invalid from
	api GET '/api/v1/reports?from=2024-06-01&to=2024-01'
	expect_error 400 invalid to
	api GET '/api/v1/reports?to=yesterday'
	expect_error 400 invalid to
	api GET '/api/v1/reports?stage=EX-000002/1&format=xml'
	expect_error 400 invalid format
	api GET '/api/v1/reports?stage=EX-000002/1&lang=fr'
	expect_error 400 invalid lang
	api GET '/api/v1/reports?stage=EX-000002/1&names=1'
	expect_error 400 invalid names
	api GET '/api/v1/reports?stage=EX-000002/1' '{}'
	expect_error 400 invalid body
	serve_stop
}

# ---- users ----------------------------------------------------------------

t_serve_admin_users()
{
	setup_users
	serve_start --no-web || return
	login_as admin
	local admin_tok=$TOKEN pw
	# added with a generated password, shown once, that logs in
	api POST /api/v1/users '{"name":"olena","role":"registrar"}'
	expect_http 201
	expect_header 'Location: /api/v1/users/olena'
	expect_json_field 'j["name"], j["role"], j["disabled"], j["disabled_at"]' \
		"('olena', 'registrar', False, None)"
	pw=$(jget 'j["password"]')
	expect_equal "${#pw}" 24 "length of the generated password"
	api GET /api/v1/users/olena
	expect_http 200
	expect_json_field '"password" in j' False
	api GET /api/v1/users
	expect_http 200
	expect_json_field '[u["name"] for u in j["users"]]' \
		"['admin', 'analyst', 'coordinator', 'medical', 'olena', 'registrar', 'verifier']"
	expect_stdout_not_contains '"password"'
	expect_stdout_not_contains 'argon2'
	expect_stdout_not_contains "$pw"
	login_with olena "$pw"
	expect_http 200
	local olena_tok=$TOKEN
	api GET /api/v1/me
	expect_json_field 'j["role"]' registrar
	# with a password of one's choosing: none in the answer
	TOKEN=$admin_tok
	api POST /api/v1/users '{"name":"taras","role":"verifier","password":"taras-password-1"}'
	expect_http 201
	expect_json_field '"password" in j' False
	login_with taras taras-password-1
	expect_http 200
	local taras_tok=$TOKEN
	# refused, naming the field
	TOKEN=$admin_tok
	api POST /api/v1/users '{"name":"olena","role":"analyst"}'
	expect_error 409 conflict name
	api POST /api/v1/users '{"name":"ivan","role":"general"}'
	expect_error 400 invalid role
	api POST /api/v1/users '{"name":"Ivan","role":"analyst"}'
	expect_error 400 invalid name
	api POST /api/v1/users '{"name":"ivan"}'
	expect_error 400 invalid role
	api POST /api/v1/users '{"name":"ivan","role":"analyst","password":"short"}'
	expect_error 400 invalid password
	api POST /api/v1/users '{"name":"ivan","role":"analyst","admin":true}'
	expect_error 400 invalid admin
	api POST /api/v1/users '{"name":"ivan","role":["analyst"]}'
	expect_error 400 invalid role
	api POST /api/v1/users/olena/password '{"password":"olena-password-2","current_password":"x"}'
	expect_error 400 invalid current_password
	# disabled: its live session is refused at once
	api POST /api/v1/users/taras/disable
	expect_http 200
	expect_json_field 'j["disabled"]' True
	TOKEN=$taras_tok
	api GET /api/v1/me
	expect_error 401 unauthorized null
	login_with taras taras-password-1
	expect_http 401
	TOKEN=$admin_tok
	api POST /api/v1/users/taras/disable
	expect_http 200
	api POST /api/v1/users/admin/disable
	expect_error 422 refused null
	api POST /api/v1/users/nobody/disable
	expect_error 404 not_found null
	# an admin's reset: a generated password, the user's sessions end
	api POST /api/v1/users/olena/password '{}'
	expect_http 200
	pw=$(jget 'j["password"]')
	TOKEN=$olena_tok
	api GET /api/v1/me
	expect_http 401
	login_with olena "$pw"
	expect_http 200
	olena_tok=$TOKEN
	# a user changes their own password with the current one
	api POST /api/v1/users/olena/password '{"password":"olena-password-3"}'
	expect_error 400 invalid current_password
	api POST /api/v1/users/olena/password '{"current_password":"wrong-password-1","password":"olena-password-3"}'
	expect_error 403 forbidden current_password
	api GET /api/v1/me
	expect_http 200
	api POST /api/v1/users/olena/password "$(json_of current_password "$pw" password "$pw")"
	expect_error 400 invalid password
	api POST /api/v1/users/olena/password "$(json_of current_password "$pw" password olena-password-3)"
	expect_http 200
	expect_json_field '"password" in j' False
	api GET /api/v1/me
	expect_http 401
	login_with olena "$pw"
	expect_http 401
	login_with olena olena-password-3
	expect_http 200
	# ... but not another's
	api POST /api/v1/users/admin/password '{"password":"mine-now-password"}'
	expect_error 403 forbidden null
	api POST /api/v1/users/admin/password "$(json_of current_password "$ADMIN_PW" password mine-now-password)"
	expect_error 403 forbidden null
	# an admin's own password needs the current one too
	TOKEN=$admin_tok
	api POST /api/v1/users/admin/password '{"password":"admin-password-9"}'
	expect_error 400 invalid current_password
	# by cookie, a change needs the CSRF token; the cookie is cleared
	login_with analyst analyst-password-1
	local csrf cookie
	cookie=$(header Set-Cookie | sed 's/;.*//')
	csrf=$(jget 'j["csrf_token"]')
	TOKEN=
	api POST /api/v1/users/analyst/password '{"current_password":"analyst-password-1","password":"analyst-password-2"}' \
		-H "Cookie: $cookie"
	expect_error 403 forbidden X-CSRF-Token
	api POST /api/v1/users/analyst/password '{"current_password":"analyst-password-1","password":"analyst-password-2"}' \
		-H "Cookie: $cookie" -H "X-CSRF-Token: $csrf"
	expect_http 200
	expect_header 'Set-Cookie: homeward_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0'
	serve_stop
	# audited by the library, on behalf of the session's user and address
	hw audit log --action 'user.*'
	expect_stdout_contains "admin 127.0.0.1 user.add user:olena ok"
	expect_stdout_contains "admin 127.0.0.1 user.disable user:taras ok"
	expect_stdout_contains "admin 127.0.0.1 user.passwd user:olena ok"
	expect_stdout_contains "olena 127.0.0.1 user.passwd user:olena denied"
	expect_stdout_contains "olena 127.0.0.1 user.passwd user:olena ok"
	expect_stdout_contains "olena 127.0.0.1 user.passwd user:admin denied"
	# no password anywhere in the trail, the database or the server's output
	hw audit log --format json
	expect_stdout_not_contains olena-password-3
	expect_stdout_not_contains taras-password-1
	expect_stdout_not_contains "$pw"
	if grep -qF -e olena-password-3 -e "$pw" serve.out serve.err; then
		fail "a password in the server's output"
	fi
	hw audit verify
	expect_status 0
}

# Guessing one's current password is throttled as logins are.
t_serve_admin_own_password_throttled()
{
	setup_users
	serve_start --no-web || return
	login_as registrar
	local i
	for i in 1 2 3 4 5; do
		api POST /api/v1/users/registrar/password '{"current_password":"guess-password-1"}'
		expect_error 403 forbidden current_password
	done
	api POST /api/v1/users/registrar/password '{"current_password":"registrar-password-1"}'
	expect_error 429 too_many_requests null
	[ -n "$(header Retry-After)" ] || fail "no Retry-After"
	serve_stop
}

# ---- the audit trail ------------------------------------------------------

t_serve_admin_audit_log()
{
	setup_users
	serve_start --no-web || return
	login_as registrar
	add_person
	local ref=$REF
	api GET "/api/v1/persons/$ref"
	api PATCH "/api/v1/persons/$ref" '{"unit":"A0001"}' -H 'If-Match: "v1"'
	expect_http 200
	login_as admin
	# the whole log, page by page, is the command line's
	local url='/api/v1/audit?limit=3' ids='' pages=0
	while [ "$url" != null ] && [ $pages -lt 50 ]; do
		api GET "$url"
		expect_http 200
		ids="$ids$(jget '" ".join(str(r["id"]) for r in j["records"])') "
		expect_json_field 'len(j["records"]) <= 3' True
		url=$(jget 'j["next"]')
		pages=$((pages + 1))
	done
	api GET /api/v1/audit/verify
	local count
	count=$(jget 'j["records"]')
	# every record, in order, up to the reading of the last page (each
	# page's reading is audited after it is listed)
	expect_equal "$(echo $ids)" "$(seq -s ' ' 1 $((count - 1)))" "the ids of the pages"
	[ "$pages" -gt 3 ] || fail "only $pages pages"
	# filters
	api GET '/api/v1/audit?user=registrar&action=person.update'
	expect_http 200
	expect_json_field '[(r["actor"], r["action"], r["person"]) for r in j["records"]]' \
		"[('registrar', 'person.update', '$ref')]"
	expect_json_field 'j["records"][0]["before"]["unit"], j["records"][0]["after"]["unit"]' \
		"('A1234', 'A0001')"
	expect_json_field 'j["next"]' null
	api GET "/api/v1/audit?person=$ref"
	expect_json_field '[r["action"] for r in j["records"]]' \
		"['person.create', 'person.read', 'person.update']"
	api GET "/api/v1/audit?person=ua-hq:K-7&action=person.*&limit=1"
	expect_json_field '[r["action"] for r in j["records"]]' "['person.create']"
	expect_json_field 'j["next"].startswith("/api/v1/audit?person=ua-hq%3AK-7&action=person.%2A&limit=1&after=")' True
	api GET "$(jget 'j["next"]')"
	expect_json_field '[r["action"] for r in j["records"]]' "['person.read']"
	api GET '/api/v1/audit?action=session.*'
	expect_json_field 'sorted(set(r["action"] for r in j["records"]))' "['session.login']"
	local today
	today=$(date -u +%Y-%m-%d)
	api GET "/api/v1/audit?from=$today&to=$today&user=registrar"
	expect_json_field 'len(j["records"]) >= 4' True
	api GET '/api/v1/audit?to=2000-01-01'
	expect_json_field 'j["records"]' '[]'
	api GET '/api/v1/audit?from=2000-01-01T00:00:00Z&user=nobody'
	expect_json_field 'j["records"]' '[]'
	# refused, naming the parameter
	api GET '/api/v1/audit?from=yesterday'
	expect_error 400 invalid from
	api GET '/api/v1/audit?to=2025-02-30'
	expect_error 400 invalid to
	api GET '/api/v1/audit?limit=0'
	expect_error 400 invalid limit
	api GET '/api/v1/audit?limit=1001'
	expect_error 400 invalid limit
	api GET '/api/v1/audit?after=-1'
	expect_error 400 invalid after
	api GET '/api/v1/audit?person=HW-999999'
	expect_error 404 not_found person
	api GET '/api/v1/audit?actor=admin'
	expect_error 400 invalid actor
	serve_stop
	# reading the log is audited, with its filters
	hw audit log --action audit.read --format json
	expect_json_field 'j[-1]["actor"], j[-1]["address"], j[-1]["object_type"]' \
		"('admin', '127.0.0.1', 'audit')"
	expect_json_field '[r["after"] for r in j if r["after"]["user"] == "registrar" and r["after"]["action"] == "person.update"][0]["limit"]' 100
	expect_json_field '[r["person"] for r in j if r["after"]["person"] == "ua-hq:K-7"][0]' "$ref"
	hw audit verify
	expect_status 0
}

# verify_says FLAW ID MESSAGE: the verdict of GET /api/v1/audit/verify, by
# the session of chain_and_verify (a record inserted beyond the head stops
# every new record, a login's too), then the command line's.
verify_says()
{
	api GET /api/v1/audit/verify
	expect_http 200
	expect_json_field 'j["intact"], j["flaw"], j["bad_id"]' "(False, '$1', $2)"
	expect_json_field 'j["message"]' "$3"
	serve_stop
	hw audit verify
	expect_status 1
	expect_stderr_line "homeward: the audit trail is broken: $3"
}

# some records and a clean verdict, from the running server, with the
# admin's session in TOKEN
chain_and_verify()
{
	setup_users
	hw user disable medical
	expect_status 0
	serve_start --no-web || return
	login_with admin "$ADMIN_PW"
	api GET /api/v1/audit/verify
	expect_http 200
	expect_json_field 'j["intact"], j["flaw"], j["bad_id"]' "(True, 'intact', None)"
	expect_json_field 'j["head"]["present"], j["head"]["last_id"] == j["records"] == j["head"]["count"]' \
		'(True, True)'
	expect_json_field 'len(j["head"]["hash"])' 64
	HEAD=$(jget 'j["head"]["hash"]')
	hw audit verify
	expect_stdout_contains "head $HEAD"
}

t_serve_admin_audit_verify_altered()
{
	chain_and_verify
	sqlite3 "$HOMEWARD_DB" "$DROP_AUDIT_TRIGGERS UPDATE audit SET after = replace(after, 'analyst', 'admin') WHERE id = 6"
	verify_says altered 6 "record 6 was altered: its fields do not give its hash"
}

t_serve_admin_audit_verify_removed()
{
	chain_and_verify
	sqlite3 "$HOMEWARD_DB" "$DROP_AUDIT_TRIGGERS DELETE FROM audit WHERE id = 3"
	verify_says removed 3 "record 3 was removed (the next record is 4)"
}

t_serve_admin_audit_verify_inserted()
{
	chain_and_verify
	local last
	last=$(sqlite3 "$HOMEWARD_DB" "SELECT max(id) FROM audit")
	sqlite3 "$HOMEWARD_DB" "$DROP_AUDIT_TRIGGERS INSERT INTO audit SELECT id + 1, at, actor, address, action, object_type, 'mallory', person_id, before, after, outcome, hash, hash FROM audit WHERE id = $last"
	verify_says inserted $((last + 1)) \
		"record $((last + 1)) was inserted: it lies beyond the head of the chain (record $last)"
}

# ---- sessions -------------------------------------------------------------

t_serve_admin_session_options()
{
	setup_users
	local bad
	for bad in '--session-idle 0' '--session-idle 604801' '--session-idle 10s' \
		'--session-max 0' '--session-max -5' '--session-max 2592001'; do
		# shellcheck disable=SC2086
		hw serve --listen 127.0.0.1:0 $bad
		expect_status 2
		expect_stderr_contains "homeward: ${bad%% *} takes a number of seconds from 1 to "
	done
	hw serve --help
	expect_stdout_contains '--session-idle SECONDS'
	expect_stdout_contains '--session-max SECONDS'
}

t_serve_admin_session_idle()
{
	setup_users
	# 3 s, not less: the clock of sessions counts whole seconds
	serve_start --no-web --session-idle 3 || return
	login_as registrar
	expect_json_field 'j["idle_expires_at"] < j["expires_at"]' True
	local i
	# in use, it lives on past its idle timeout
	for i in 1 2 3 4 5 6; do
		sleep 1
		api GET /api/v1/me
		expect_http 200
	done
	# unused for longer, it ends
	sleep 5
	api GET /api/v1/me
	expect_error 401 unauthorized null
	expect_header 'WWW-Authenticate: Bearer'
	api GET /api/v1/persons
	expect_http 401
	# a new login works; logout ends it at once
	login_as registrar
	api POST /api/v1/logout
	expect_http 204
	api GET /api/v1/me
	expect_http 401
	serve_stop
}

t_serve_admin_session_max()
{
	setup_users
	serve_start --no-web --session-max 4 || return
	login_as analyst
	local expires idle
	expires=$(jget 'j["expires_at"]')
	idle=$(jget 'j["idle_expires_at"]')
	expect_equal "$idle" "$expires" "the idle expiry, bounded by the absolute one"
	api GET /api/v1/me
	expect_http 200
	sleep 2
	api GET /api/v1/me
	expect_http 200
	# used all along, it still ends 4 seconds after the login
	sleep 3
	api GET /api/v1/me
	expect_error 401 unauthorized null
	serve_stop
}
