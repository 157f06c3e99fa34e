# test_serve.sh - `homeward serve`, the real server on a free loopback
# port, exercised with curl: the health check and security headers,
# routing (404, 405 with Allow), logging in and out, throttling, sessions
# (Bearer and cookie with CSRF), every role against every endpoint of the
# persons API (allowed and refused, per the permission table), health
# hidden without person.read_health, ETags and If-Match, the limits and
# malformed requests, the audit trail, search and matching, and a clean
# stop on SIGTERM.
#
# Every server a case starts is killed when the case ends, whatever
# happens (trap), and its stderr is checked for sanitizer reports.

# shellcheck source=tests/e2e/serve_lib.sh
. "$E2E_DIR/serve_lib.sh"

# ---- cases ---------------------------------------------------------------

t_serve_health_routes_headers_and_stop()
{
	setup_users
	serve_start || return
	api GET /healthz
	expect_http 200
	expect_json_field 'j["status"]' ok
	expect_header "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'"
	expect_header 'X-Content-Type-Options: nosniff'
	expect_header 'Referrer-Policy: no-referrer'
	expect_header 'X-Frame-Options: DENY'
	expect_header 'Cache-Control: no-store'
	expect_header 'Content-Type: application/json; charset=utf-8'
	# errors carry the headers too
	api GET /nothing/here
	expect_error 404 not_found null
	expect_header 'X-Frame-Options: DENY'
	api DELETE /api/v1/persons/HW-000001
	expect_error 405 method_not_allowed null
	expect_header 'Allow: GET, PATCH'
	api GET /api/v1/login
	expect_http 405
	expect_header 'Allow: POST'
	# a session is needed everywhere else, before anything is revealed
	api GET /api/v1/me
	expect_error 401 unauthorized null
	expect_header 'WWW-Authenticate: Bearer'
	api GET /api/v1/persons
	expect_http 401
	TOKEN=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
	api GET /api/v1/persons
	expect_http 401
	TOKEN=short
	api GET /api/v1/persons/HW-000001
	expect_http 401
	TOKEN=
	api GET /api/v1/persons '' -H 'Authorization: Basic YWRtaW46YWRtaW4='
	expect_http 401
	# the OpenAPI document, for any session
	api GET /api/v1/openapi.json
	expect_http 401
	login_as analyst
	api GET /api/v1/openapi.json
	expect_http 200
	expect_json_field 'j["openapi"]' 3.0.3
	expect_json_field 'j["paths"]["/api/v1/persons/{ref}"]["patch"]["x-permission"]' person.write
	cmp -s "$RUN_OUT" "$E2E_DIR/../../docs/openapi.json" ||
		python3 -c 'import json,sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' \
			"$RUN_OUT" "$E2E_DIR/../../docs/openapi.json" ||
		fail "the server's OpenAPI document differs from docs/openapi.json"
	TOKEN=
	serve_stop
	expect_equal "$(cat serve.out)" "listening on $BASE" "the server's stdout"
	expect_equal "$(grep -c . serve.err)" 2 "lines on the server's stderr"
	grep -qE '^homeward serve: audit: [0-9]+ records of reads in [0-9]+ (transactions|syncs of the journal, imported in [0-9]+ transactions)$' serve.err ||
		fail "no line on the audit writer at stop" "$(cat serve.err)"
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'PRAGMA integrity_check')" ok "integrity"
	[ ! -s "$HOMEWARD_DB-wal" ] || fail "the WAL was not checkpointed at stop"
	[ ! -s "$HOMEWARD_DB-audit" ] || fail "the audit journal was not emptied at stop"
	hw audit verify
	expect_status 0
}

t_serve_refuses_public_address()
{
	setup_users
	hw serve --listen 0.0.0.0:0
	expect_status 2
	expect_stderr_contains "refusing to listen on '0.0.0.0', which is not a loopback address, without --secure-cookies"
	hw serve --listen nowhere
	expect_status 2
	expect_stderr_contains "--listen takes ADDRESS:PORT"
	hw serve --threads 0
	expect_status 2
	hw --db missing.db serve --listen 127.0.0.1:0
	expect_status 1
	expect_stdout_empty
}

t_serve_login_logout_throttle()
{
	setup_users
	serve_start || return
	api POST /api/v1/login '{"user":"registrar","password":"registrar-password-1"}'
	expect_http 200
	expect_json_field 'len(j["token"])' 43
	expect_json_field 'j["role"]' registrar
	expect_json_field 'len(j["csrf_token"])' 43
	local token cookie
	token=$(jget 'j["token"]')
	cookie=$(header Set-Cookie)
	expect_equal "$cookie" "homeward_session=$token; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200" \
		"the session cookie"
	# unknown user and wrong password: the same answer
	api POST /api/v1/login '{"user":"registrar","password":"wrong-password-1"}'
	expect_error 401 unauthorized null
	local wrong
	wrong=$(cat "$RUN_OUT")
	api POST /api/v1/login '{"user":"nobody","password":"wrong-password-1"}'
	expect_http 401
	expect_equal "$(cat "$RUN_OUT")" "$wrong" "unknown user and wrong password answered alike"
	[ -z "$(header Set-Cookie)" ] || fail "a failed login set a cookie"
	# /me
	TOKEN=$token
	api GET /api/v1/me
	expect_http 200
	expect_json_field 'j["user"]' registrar
	expect_json_field '" ".join(j["permissions"])' \
		"person.read person.write event.write name.search list.match exchange.read list.read report.read"
	expect_json_field '"token" in j' False
	# logout revokes the token, and clears the cookie
	api POST /api/v1/logout
	expect_http 204
	expect_equal "$(header Set-Cookie)" "homeward_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0" \
		"the cookie after logout"
	api GET /api/v1/me
	expect_http 401
	# five failures lock the name out, the right password too, with Retry-After
	TOKEN=
	local i
	for i in 1 2 3 4 5; do
		api POST /api/v1/login '{"user":"medical","password":"wrong-password-1"}'
		expect_http 401
	done
	api POST /api/v1/login '{"user":"medical","password":"medical-password-1"}'
	expect_error 429 too_many_requests null
	expect_header 'Retry-After: 900'
	api POST /api/v1/login '{"user":"medical","password":"wrong-password-1"}'
	expect_http 429
	# a disabled user's session stops working at once
	login_as verifier
	api GET /api/v1/me
	expect_http 200
	hw user disable verifier
	expect_status 0
	TOKEN=${TOK[verifier]}
	api GET /api/v1/me
	expect_http 401
	# login takes exactly user and password
	TOKEN=
	api POST /api/v1/login '{"user":"admin"}'
	expect_error 400 invalid password
	api POST /api/v1/login '{"user":"admin","password":"x","remember":true}'
	expect_error 400 invalid remember
	serve_stop
	hw audit log --action 'session.*'
	expect_stdout_contains "session.login"
	expect_stdout_contains "session.logout"
	hw audit verify
	expect_status 0
}

# The permission of each endpoint and the roles holding it (the table of
# docs/security.md, written out here independently of the code).
# shellcheck disable=SC2034 # read through role_holds (serve_lib.sh)
readonly -A HOLDERS=(
	[person.read]="admin coordinator registrar verifier medical"
	[name.search]="admin coordinator registrar verifier medical"
	[list.match]="coordinator registrar verifier"
	[person.write]="registrar"
	[event.write]="registrar"
	[health.write]="medical"
)

# holds ROLE PERM
holds()
{
	role_holds HOLDERS "$1" "$2"
}

# try ROLE PERM WANT METHOD PATH [BODY [CURL_ARGS]]: as ROLE, the request
# answers WANT when ROLE holds PERM, else 403.
try()
{
	expect_as HOLDERS "$1" "$2" "$3" api "${@:4}"
	if [ "$1" = analyst ] && grep -qF 'Коваленко' "$RUN_OUT"; then
		fail "the analyst saw a name: $4 $5"
	fi
}

t_serve_roles_against_endpoints()
{
	setup_users
	serve_start || return
	local role
	login_all
	add_person
	# medical records health
	TOKEN=${TOK[medical]}
	api PUT "/api/v1/persons/$REF/health" '{"health":["wounded"],"next_of_kin":"mother, Kyiv"}' \
		-H "If-Match: $(etag_of "$REF")"
	expect_http 200
	for role in $ROLES; do
		try "$role" person.read 200 GET /api/v1/persons
		try "$role" person.read 200 GET "/api/v1/persons/$REF"
		if holds "$role" person.read; then
			case $role in
			admin | coordinator | medical)
				expect_json_field 'j["health"]' "['wounded']"
				expect_json_field 'j["next_of_kin"]' "mother, Kyiv"
				;;
			*)
				expect_json_field '"health" in j or "next_of_kin" in j' False
				;;
			esac
		fi
		try "$role" person.read 200 GET /api/v1/persons
		if holds "$role" person.read; then
			case $role in
			admin | coordinator | medical) expect_json_field '"health" in j["persons"][0]' True ;;
			*) expect_json_field '"health" in j["persons"][0]' False ;;
			esac
		fi
		try "$role" person.read 200 GET "/api/v1/persons/$REF/events"
		try "$role" name.search 200 GET '/api/v1/search?q=Kovalenko%20Oleksandr'
		try "$role" list.match 200 POST /api/v1/match '{"lines":[{"full_name":"Коваленко Олександр"}]}'
		try "$role" person.write 201 POST /api/v1/persons \
			'{"family_name":"Шевченко","given_name":"Тарас","held_by":"us"}'
		try "$role" person.write 200 PATCH "/api/v1/persons/$REF" '{"notes":"seen in Olenivka"}' \
			-H "If-Match: $(etag_of "$REF")"
		try "$role" person.write 201 POST "/api/v1/persons/$REF/names" \
			'{"family_name":"Kovalenko","given_name":"Oleksandr","script":"latn"}'
		try "$role" event.write 201 POST "/api/v1/persons/$REF/events" \
			'{"type":"captivity_confirmed","date":"2024-05"}'
		try "$role" health.write 200 PUT "/api/v1/persons/$REF/health" '{"health":["wounded"]}' \
			-H "If-Match: $(etag_of "$REF")"
	done
	# the analyst: no permission that reveals a name
	TOKEN=${TOK[analyst]}
	api GET /api/v1/me
	expect_json_field '" ".join(j["permissions"])' "exchange.read report.read"
	# the registrar may not record health, neither on creation nor in an edit
	TOKEN=${TOK[registrar]}
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","health":["wounded"]}'
	expect_error 403 forbidden health
	api PATCH "/api/v1/persons/$REF" '{"next_of_kin":"x"}' -H "If-Match: $(etag_of "$REF")"
	expect_error 403 forbidden next_of_kin
	serve_stop
	# refusals are audited as denied, with the user and the address
	hw audit log --user analyst
	expect_stdout_contains "analyst 127.0.0.1 person.read person:$REF person=$REF denied"
	expect_stdout_contains "analyst 127.0.0.1 person.update person:$REF person=$REF denied"
	hw audit verify
	expect_status 0
}

t_serve_etag_if_match()
{
	setup_users
	serve_start || return
	login_as registrar
	add_person
	expect_header 'ETag: "v1"'
	expect_header "Location: /api/v1/persons/$REF"
	api GET "/api/v1/persons/$REF"
	expect_header 'ETag: "v1"'
	# two writers read v1; the first wins, the second gets 412
	api PATCH "/api/v1/persons/$REF" '{"unit":"A0001"}' -H 'If-Match: "v1"'
	expect_http 200
	expect_header 'ETag: "v2"'
	expect_json_field 'j["unit"]' A0001
	api PATCH "/api/v1/persons/$REF" '{"unit":"A0002"}' -H 'If-Match: "v1"'
	expect_error 412 precondition_failed If-Match
	api PATCH "/api/v1/persons/$REF" '{"unit":"A0002"}'
	expect_error 428 precondition_required If-Match
	api PATCH "/api/v1/persons/$REF" '{"unit":"A0002"}' -H 'If-Match: *'
	expect_error 400 invalid If-Match
	api GET "/api/v1/persons/$REF"
	expect_json_field 'j["unit"]' A0001
	expect_json_field 'j["version"]' 2
	# a new primary name keeps the old one as former
	api PATCH "/api/v1/persons/$REF" '{"family_name":"Коваленко-Бондар"}' -H 'If-Match: "v2"'
	expect_http 200
	expect_json_field 'j["family_name"]' Коваленко-Бондар
	expect_json_field '[n["kind"] for n in j["names"]]' "['primary', 'former']"
	serve_stop
}

t_serve_bad_input()
{
	setup_users
	serve_start --max-body 4096 || return
	login_as registrar
	add_person
	local sum
	sum=$(sqlite3 "$HOMEWARD_DB" 'SELECT count(*) FROM persons; SELECT count(*) FROM names;
		SELECT max(version) FROM persons; SELECT count(*) FROM events')
	# the limits
	head -c 5000 /dev/zero | tr '\0' ' ' >big.json
	api POST /api/v1/persons @big.json
	expect_error 413 too_large body
	api POST /api/v1/persons @big.json -H 'Transfer-Encoding: chunked'
	expect_error 413 too_large body
	python3 -c 'print("{\"family_name\":" + "[" * 40 + "]" * 40 + "}")' >deep.json
	api POST /api/v1/persons @deep.json
	expect_error 400 invalid body
	expect_json_field 'j["error"]["message"]' "the JSON nests deeper than 32 levels"
	# malformed bodies
	api POST /api/v1/persons '{"family_name": "Коваленко",'
	expect_error 400 invalid body
	printf '{"family_name":"\xff\xfe","given_name":"x"}' >bad.json
	api POST /api/v1/persons @bad.json
	expect_error 400 invalid body
	api POST /api/v1/persons '[1, 2]'
	expect_error 400 invalid body
	api POST /api/v1/persons '{"family_name":"a","given_name":"b","family_name":"c"}'
	expect_error 400 invalid body
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","nickname":"x"}'
	expect_error 400 invalid nickname
	expect_json_field 'j["error"]["message"]' "unknown field 'nickname'"
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":7}'
	expect_error 400 invalid given_name
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","tags":"mariupol"}'
	expect_error 400 invalid tags
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","refs":[{"source":"a","ref":1}]}'
	expect_error 400 invalid 'refs[0].ref'
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","branch":"cavalry"}'
	expect_error 400 invalid branch
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","birth_date":"2090-01-01"}'
	expect_error 400 invalid birth_date
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","category":"civilian","rank":"major"}'
	expect_http 400
	api POST /api/v1/persons '{"given_name":"Ігор"}'
	expect_error 400 invalid family_name
	api PATCH "/api/v1/persons/$REF" '{"status":"returned"}' -H 'If-Match: "v1"'
	expect_error 400 invalid status
	api PATCH "/api/v1/persons/$REF" '{"version":9}' -H 'If-Match: "v1"'
	expect_error 400 invalid version
	api POST "/api/v1/persons/$REF/events" '{"type":"registered"}'
	expect_error 422 refused type
	api POST "/api/v1/persons/$REF/events" '{"type":"teleported"}'
	expect_error 400 invalid type
	api POST "/api/v1/persons/$REF/names" '{"family_name":"","given_name":"x"}'
	expect_http 400
	# content types
	api POST /api/v1/persons '' -H 'Content-Type: text/plain' --data-binary "$PERSON_JSON"
	expect_error 415 unsupported_media_type Content-Type
	api POST /api/v1/persons '' -H 'Content-Type: application/json; charset=latin1' \
		--data-binary "$PERSON_JSON"
	expect_http 415
	api POST /api/v1/persons '' --data-binary "$PERSON_JSON"
	expect_http 415
	api POST /api/v1/logout '{"a":1}'
	expect_error 400 invalid body
	# query parameters and references
	api GET '/api/v1/persons?colour=red'
	expect_error 400 invalid colour
	api GET '/api/v1/persons?status=lost'
	expect_error 400 invalid status
	api GET '/api/v1/persons?limit=0'
	expect_error 400 invalid limit
	api GET '/api/v1/persons?after=nobody'
	expect_error 400 invalid after
	api GET '/api/v1/search'
	expect_error 400 invalid q
	api GET '/api/v1/search?q=%FF%FE'
	expect_error 400 invalid q
	api GET '/api/v1/search?q=Kovalenko&limit=99'
	expect_error 400 invalid limit
	api GET /api/v1/persons/HW-999999
	expect_error 404 not_found null
	api GET /api/v1/persons/%FF%FE
	expect_http 404
	api POST /api/v1/match '{"lines":[{"full_name":"a","family_name":"b"}]}'
	expect_error 400 invalid 'lines[0].full_name'
	api POST /api/v1/match '{"lines":[{"full_name":"Коваленко"}],"explain":"yes"}'
	expect_error 400 invalid explain
	# nothing was written by any of these
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'SELECT count(*) FROM persons; SELECT count(*) FROM names;
		SELECT max(version) FROM persons; SELECT count(*) FROM events')" "$sum" "the registry"
	grep -q 'internal' serve.err && fail "an internal error was logged" "$(cat serve.err)"
	serve_stop
}

t_serve_cookie_needs_csrf()
{
	setup_users
	serve_start || return
	local token csrf
	api POST /api/v1/login '{"user":"registrar","password":"registrar-password-1"}' -c jar.txt
	csrf=$(jget 'j["csrf_token"]')
	token=$(jget 'j["token"]')
	# reads by cookie alone
	api GET /api/v1/me '' -b jar.txt
	expect_http 200
	expect_json_field 'j["csrf_token"]' "$csrf"
	# writes by cookie need the session's CSRF token
	api POST /api/v1/persons "$PERSON_JSON" -b jar.txt
	expect_error 403 forbidden X-CSRF-Token
	api POST /api/v1/persons "$PERSON_JSON" -b jar.txt -H 'X-CSRF-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
	expect_error 403 forbidden X-CSRF-Token
	api POST /api/v1/persons "$PERSON_JSON" -b jar.txt -H "X-CSRF-Token: $csrf"
	expect_http 201
	# the CSRF token of another session does not do
	local other
	api POST /api/v1/login '{"user":"registrar","password":"registrar-password-1"}'
	other=$(jget 'j["csrf_token"]')
	[ "$other" != "$csrf" ] || fail "two sessions have the same CSRF token"
	api POST /api/v1/persons "$PERSON_JSON" -b jar.txt -H "X-CSRF-Token: $other"
	expect_http 403
	# Bearer needs none
	TOKEN=$token
	api POST /api/v1/persons '{"family_name":"Шевченко","given_name":"Тарас"}'
	expect_http 201
	# logout by cookie needs it too
	TOKEN=
	api POST /api/v1/logout '' -b jar.txt
	expect_http 403
	api POST /api/v1/logout '' -b jar.txt -H "X-CSRF-Token: $csrf"
	expect_http 204
	api GET /api/v1/me '' -b jar.txt
	expect_http 401
	serve_stop
	hw audit log --action 'person.create'
	expect_stdout_contains "registrar 127.0.0.1 person.create -:- denied"
}

t_serve_audit_trail()
{
	setup_users
	serve_start || return
	login_as registrar
	add_person
	api GET "/api/v1/persons/$REF"
	api PATCH "/api/v1/persons/$REF" '{"unit":"A0001"}' -H 'If-Match: "v1"'
	expect_http 200
	api POST "/api/v1/persons/$REF/events" '{"type":"captivity_confirmed"}'
	expect_http 201
	api POST "/api/v1/persons/$REF/names" '{"family_name":"Kovalenko","given_name":"Oleksandr"}'
	expect_http 201
	api GET "/api/v1/persons/$REF/events"
	expect_http 200
	expect_json_field '[e["type"] for e in j["events"]]' "['registered', 'captivity_confirmed']"
	expect_json_field 'j["status"]' captive
	serve_stop
	hw audit log --person "$REF"
	expect_status 0
	expect_equal "$(awk '{print $3, $4, $5, $6, $NF}' "$RUN_OUT" | grep -v audit.read)" \
		"registrar 127.0.0.1 person.create person:$REF ok
registrar 127.0.0.1 person.read person:$REF ok
registrar 127.0.0.1 person.update person:$REF ok
registrar 127.0.0.1 event.add person:$REF ok
registrar 127.0.0.1 person.name_add person:$REF ok
registrar 127.0.0.1 person.history person:$REF ok" "the audit records of the person"
	# a write's record holds the person before and after
	hw audit log --person "$REF" --action person.update --format json
	expect_json_field 'j[0]["before"]["unit"]' A1234
	expect_json_field 'j[0]["after"]["unit"]' A0001
	hw audit verify
	expect_status 0
	expect_stdout_contains "audit trail intact"
}

# A read's record is journaled (DB-audit) before the answer and enters the
# chain after it: a server killed (SIGKILL) right after answering loses
# none of them; the next command brings any still in the journal into the
# chain, leaves the journal empty, and the chain verifies.
t_serve_audit_journal_after_kill()
{
	local i
	setup_users
	serve_start || return
	login_as registrar
	add_person
	for i in 1 2 3 4 5 6; do
		api GET "/api/v1/persons/$REF"
		expect_http 200
	done
	serve_kill
	[ -f "$HOMEWARD_DB-audit" ] || fail "no audit journal beside the database"
	hw audit log --person "$REF" --action person.read
	expect_status 0
	expect_equal "$(grep -c ' person.read ' "$RUN_OUT")" 6 "the reads in the trail"
	expect_equal "$(stat -c %s "$HOMEWARD_DB-audit")" 0 "the size of the journal"
	hw audit verify
	expect_status 0
	expect_stdout_contains "audit trail intact"
	# a server started over the emptied journal lists them all
	serve_start || return
	login_as admin
	api GET "/api/v1/audit?person=$REF&action=person.read"
	expect_http 200
	expect_json_field 'len(j["records"])' 6
	serve_stop
}

t_serve_search_and_match()
{
	setup_users
	serve_start --threads 2 || return
	login_as registrar
	# found at once after registration: the index follows the writes
	add_person
	api GET '/api/v1/search?q=Kovalenko%20Oleksandr%20Petrovych&dob=1990-03-02&explain=true'
	expect_http 200
	expect_json_field 'j["candidates"][0]["person"]' "$REF"
	expect_json_field 'j["candidates"][0]["ref"]' ua-hq:K-7
	expect_json_field '"evidence" in j["candidates"][0]' True
	expect_json_field 'j["decision"]' match
	api POST "/api/v1/persons/$REF/names" '{"family_name":"Ковальчук","given_name":"Олександр"}'
	expect_http 201
	api GET '/api/v1/search?q=Kovalchuk%20Oleksandr'
	expect_json_field 'j["candidates"][0]["person"]' "$REF"
	api POST /api/v1/match '{"lines":[{"line":"17","full_name":"КОВАЛЕНКО Олександр Петрович","birth_date":"02.03.1990"},{"family_name":"Петренко","given_name":"Іван"}]}'
	expect_http 200
	expect_json_field 'j["results"][0]["line"]' 17
	expect_json_field 'j["results"][0]["decision"]' match
	expect_json_field 'j["results"][0]["ref"]' ua-hq:K-7
	expect_json_field 'j["results"][1]["line"]' 2
	expect_json_field 'j["results"][1]["decision"]' none
	# pagination: limit and the next link
	api POST /api/v1/persons '{"family_name":"Шевченко","given_name":"Тарас","held_by":"us"}'
	api POST /api/v1/persons '{"family_name":"Бондар","given_name":"Ігор","tags":["mariupol"]}'
	api GET '/api/v1/persons?limit=2'
	expect_json_field 'len(j["persons"])' 2
	expect_json_field 'j["next"]' '/api/v1/persons?limit=2&after=HW-000002'
	api GET "$(jget 'j["next"]')"
	expect_json_field '[p["family_name"] for p in j["persons"]]' "['Бондар']"
	expect_json_field 'j["next"]' null
	api GET '/api/v1/persons?tag=mariupol&held_by=adversary&limit=1'
	expect_json_field 'j["next"]' '/api/v1/persons?limit=1&held_by=adversary&tag=mariupol&after=HW-000001'
	api GET '/api/v1/persons?held_by=us'
	expect_json_field '[p["family_name"] for p in j["persons"]]' "['Шевченко']"
	serve_stop
}

# writer N: 20 edits of REF as the registrar, each reading the ETag first;
# prints one HTTP status per edit.
_writer()
{
	local i etag
	for ((i = 0; i < 20; i++)); do
		etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/persons/$REF" |
			tr -d '\r' | sed -n 's/^ETag: //Ip')
		curl -s -o /dev/null -w '%{http_code}\n' -X PATCH -H "Authorization: Bearer $TOKEN" \
			-H 'Content-Type: application/json' -H "If-Match: $etag" \
			--data-binary "{\"notes\":\"writer $1 edit $i\"}" "$BASE/api/v1/persons/$REF"
	done
}

t_serve_concurrent_writers()
{
	setup_users
	serve_start --threads 4 || return
	login_as registrar
	add_person
	local n
	for n in 1 2 3 4; do
		_writer "$n" >"writer$n.txt" &
	done
	for n in 1 2 3 4; do
		curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" \
			"$BASE/api/v1/search?q=Kovalenko" >>reads.txt &
	done
	wait $(jobs -p | grep -vx "$SERVE_PID")
	# every edit either won or was told it came second; nothing else
	expect_equal "$(sort -u writer*.txt | grep -cvxE '200|412')" 0 "edits neither 200 nor 412"
	expect_equal "$(sort -u reads.txt)" 200 "statuses of the searches"
	local ok
	ok=$(cat writer*.txt | grep -c 200)
	[ "$ok" -gt 0 ] || fail "no edit succeeded"
	api GET "/api/v1/persons/$REF"
	expect_json_field 'j["version"]' $((ok + 1))
	serve_stop
	hw audit log --person "$REF" --action person.update
	expect_equal "$(grep -c person.update "$RUN_OUT")" "$ok" "audit records of the edits"
	hw audit verify
	expect_status 0
}

t_serve_sigterm_lets_request_finish()
{
	setup_users
	serve_start || return
	login_as registrar
	# a body sent slowly (about 3 s) is in flight when SIGTERM comes
	local body='{"family_name":"Шевченко","given_name":"Тарас","held_by":"us","notes":"slow"}'
	curl -s -o slow.json -w '%{http_code}' --limit-rate 30 -X POST \
		-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
		--data-binary "$body" "$BASE/api/v1/persons" >slow.status &
	local client=$!
	sleep 1
	serve_stop
	wait "$client"
	expect_equal "$(cat slow.status)" 201 "the request in flight at SIGTERM"
	expect_equal "$(sqlite3 "$HOMEWARD_DB" "SELECT count(*) FROM persons")" 1 "persons"
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'PRAGMA integrity_check')" ok "integrity"
	hw audit verify
	expect_status 0
}

# --request-timeout: a body still arriving after the limit gets its
# connection closed without an answer, nothing is written, and requests
# that arrive in time are served as before.
t_serve_request_time_limit()
{
	setup_users
	serve_start --request-timeout 1 || return
	login_as registrar
	add_person
	expect_equal "$(sqlite3 "$HOMEWARD_DB" "SELECT count(*) FROM persons")" 1 "persons"
	cat >slow.py <<'PY'
import socket, sys, time, urllib.parse
base, token = sys.argv[1], sys.argv[2]
u = urllib.parse.urlsplit(base)
body = b'{"family_name":"\xd0\x93\xd1\x80\xd0\xb5\xd0\xb1\xd1\x96\xd0\xbd\xd1\x8c","given_name":"Ostap","held_by":"us"}'
s = socket.create_connection((u.hostname, u.port))
s.sendall(b"POST /api/v1/persons HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
          token.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: " +
          str(len(body)).encode() + b"\r\n\r\n")
s.sendall(body[:8])       # a first part, then nothing for longer than the limit
time.sleep(1.5)
s.sendall(body[8:16])     # the next part arrives too late: the answer
s.settimeout(5)
answer = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        answer += chunk
except OSError:
    pass
print("answer:", answer.split(b"\r\n", 1)[0].decode() or "none")
PY
	run python3 slow.py "$BASE" "$TOKEN"
	expect_stdout_equals "answer: none"
	expect_equal "$(sqlite3 "$HOMEWARD_DB" "SELECT count(*) FROM persons")" 1 "persons after"
	# in time: served
	api GET "/api/v1/persons/$REF"
	expect_http 200
	serve_stop
	hw serve --request-timeout 0
	expect_status 2
	expect_stderr_contains "--request-timeout takes a number of seconds from 1 to 3600"
}

# Mutated requests (a fixed seed): bodies cut, bytes flipped, values of
# the wrong type, strange paths and headers.  None may get a 5xx, and the
# server must stay up and stop cleanly.
t_serve_no_5xx_on_garbage()
{
	setup_users
	serve_start --threads 2 --max-body 8192 || return
	login_as registrar
	add_person
	cat >garbage.py <<'PY'
import http.client, json, random, sys, urllib.parse
base, token, ref = sys.argv[1], sys.argv[2], sys.argv[3]
host = urllib.parse.urlsplit(base)
rnd = random.Random(20250101)
person = {"family_name": "Бондар", "given_name": "Ігор", "patronymic": None, "sex": "M",
          "birth_date": "1990-01", "category": "military", "branch": "army", "unit": "A1",
          "rank": "major", "held_by": "adversary", "tags": ["mariupol"],
          "refs": [{"source": "s", "ref": "1"}], "aliases": [{"family_name": "B", "given_name": "I"}]}
seeds = [("POST", "/api/v1/persons", person),
         ("PATCH", "/api/v1/persons/" + ref, {"unit": "A2", "tags": [], "notes": None}),
         ("POST", "/api/v1/persons/" + ref + "/names", {"family_name": "X", "given_name": "Y", "kind": "alias"}),
         ("POST", "/api/v1/persons/" + ref + "/events", {"type": "captivity_confirmed", "date": "2024"}),
         ("POST", "/api/v1/match", {"lines": [{"full_name": "Бондар Ігор", "birth_date": "01.02.1990"}], "explain": True}),
         ("POST", "/api/v1/login", {"user": "x", "password": "y"}),
         ("GET", "/api/v1/search?q=Bondar&explain=1", None),
         ("GET", "/api/v1/persons?limit=2&status=captive", None)]
values = [None, True, 0, -1, 2**63, 1.5, "", "\u0000x", "x" * 5000, [], {}, [[[]]], {"a": {}}, "HW-000001", "1990-02-30"]
def mutate(body):
    if not isinstance(body, dict):
        return body
    b = dict(body)
    for _ in range(rnd.randint(1, 3)):
        k = rnd.choice(list(b) + ["zz", "id"])
        b[k] = rnd.choice(values)
    return b
def raw(body):
    text = json.dumps(body, ensure_ascii=rnd.random() < 0.5).encode()
    r = rnd.random()
    if r < 0.15:
        text = text[:rnd.randint(0, len(text))]
    elif r < 0.3 and text:
        i = rnd.randrange(len(text)); text = text[:i] + bytes([rnd.randrange(256)]) + text[i + 1:]
    return text
bad = 0
for n in range(400):
    method, path, body = rnd.choice(seeds)
    headers = {"Authorization": "Bearer " + token}
    data = None
    if body is not None:
        data = raw(mutate(body)); headers["Content-Type"] = "application/json"
    if rnd.random() < 0.1:
        path = path + rnd.choice(["/", "%00", "/../x", "?after=%FF", "?limit=-1", "?q=%C0%80"])
    if rnd.random() < 0.05:
        method = rnd.choice(["PUT", "DELETE", "OPTIONS", "GET"])
    if method == "PATCH":
        headers["If-Match"] = rnd.choice(['"v1"', '"v999"', 'v1', '"v-1"', '""'])
    c = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    c.request(method, path, body=data, headers=headers)
    resp = c.getresponse(); text = resp.read(); c.close()
    if resp.status >= 500:
        bad += 1; print("5xx:", method, path, data[:200] if data else None, text[:200])
    elif resp.status >= 400:
        e = json.loads(text)["error"]
        assert set(e) == {"code", "message", "field"}, e
print("requests with 5xx:", bad)
PY
	run python3 garbage.py "$BASE" "$TOKEN" "$REF"
	expect_status 0
	expect_stdout_line "requests with 5xx: 0"
	api GET /healthz
	expect_http 200
	serve_stop
	hw audit verify
	expect_status 0
}
