# serve_lib.sh - helpers of the end-to-end tests of `homeward serve`
# (test_serve*.sh source it after lib.sh): starting the real server on a
# free loopback port and stopping it, requests with curl (`api`) and their
# assertions (`expect_http`, `expect_error`, `expect_header`, `jget`,
# `header`, `read_as`), a database with one user per role (`setup_users`,
# `add_role_users`, `add_user`, `login_as`, `login_all`, `password_of`), and
# the check of a route against a table of permissions (`expect_as`).
#
# Every server a case starts is killed when the case ends, whatever
# happens (trap), and its stderr is checked for sanitizer reports.

SERVE_PID=
BASE=
TOKEN=
HDRS=
declare -A TOK

# ---- the server -----------------------------------------------------------

serve_kill()
{
	if [ -n "$SERVE_PID" ]; then
		kill -9 "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
	fi
	SERVE_PID=
}

# serve_start [ARGS]: starts the server on a free port; sets BASE.
serve_start()
{
	# emptied before the server starts: a server started before in the
	# same case left its "listening on" line there, which the wait below
	# would otherwise read before the new server's shell truncates the file
	: >serve.out
	"$HOMEWARD" serve --listen 127.0.0.1:0 "$@" >serve.out 2>serve.err </dev/null &
	SERVE_PID=$!
	trap serve_kill EXIT
	wait_listening BASE serve.out "$SERVE_PID" 300 && return 0
	fail "the server did not start" "$(cat serve.out serve.err)"
	serve_kill
	return 1
}

_serve_sanitizer_check()
{
	if grep -qE 'ERROR: AddressSanitizer|LeakSanitizer|runtime error:' serve.err; then
		fail "sanitizer report from the server" "$(head -c 3000 serve.err)"
	fi
}

# serve_stop: SIGTERM, and the server must exit 0 within 30 s.
serve_stop()
{
	local rc watchdog
	kill -TERM "$SERVE_PID"
	(sleep 30 && kill -9 "$SERVE_PID") 2>/dev/null &
	watchdog=$!
	wait "$SERVE_PID"
	rc=$?
	kill "$watchdog" 2>/dev/null
	wait "$watchdog" 2>/dev/null
	SERVE_PID=
	expect_equal "$rc" 0 "exit status of the server after SIGTERM"
	_serve_sanitizer_check
}

# ---- requests -------------------------------------------------------------

# api METHOD PATH [BODY [CURL_ARGS...]]: a request with the session of
# $TOKEN (Bearer) when set; BODY is JSON text, or @FILE.  Sets STATUS (the
# HTTP status), RUN_OUT (the body) and HDRS (the headers).
api()
{
	local method=$1 path=$2 body=${3-}
	shift 2
	[ $# -gt 0 ] && shift
	mkdir -p "$E2E_RUN_DIR"
	RUN_OUT=$E2E_RUN_DIR/body
	HDRS=$E2E_RUN_DIR/headers
	RUN_DESC="$method $path ${body:0:200}"
	RUN_SANITIZER=0
	local args=(-s -S -X "$method" -o "$RUN_OUT" -D "$HDRS" -w '%{http_code}' --max-time 60)
	[ -n "$TOKEN" ] && args+=(-H "Authorization: Bearer $TOKEN")
	[ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
	STATUS=$(curl "${args[@]}" "$@" "$BASE$path")
	tr -d '\r' <"$HDRS" >"$HDRS.lf" && mv "$HDRS.lf" "$HDRS"
}

expect_http()
{
	if [ "$STATUS" != "$1" ]; then
		fail "HTTP status $STATUS, expected $1" "body:" "$(_e2e_show "$RUN_OUT")"
	fi
}

# expect_error STATUS CODE FIELD: the JSON error of the last answer.
expect_error()
{
	expect_http "$1"
	expect_json_field 'j["error"]["code"]' "$2"
	expect_json_field 'j["error"]["field"]' "$3"
}

expect_header()
{
	grep -qixF -- "$1" "$HDRS" || fail "header missing: $1" "headers:" "$(cat "$HDRS")"
}

# jget EXPR: str(EXPR) over j, the JSON of the last answer.
jget()
{
	python3 -c '
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
v = eval(sys.argv[2])
print("null" if v is None else v)' "$RUN_OUT" "$1"
}

# header NAME: the value of a header of the last answer.
header()
{
	sed -n "s/^$1: //Ip" "$HDRS" | head -n 1
}

# read_as USER PATH CMD [ARGS...]: GET PATH with USER's session, then CMD
# ARGS (header, jget...) on the answer; the session of TOKEN is kept.
read_as()
{
	local saved=$TOKEN
	TOKEN=${TOK[$1]}
	api GET "$2"
	"${@:3}"
	TOKEN=$saved
}

# ---- users and data -------------------------------------------------------

ROLES="admin coordinator registrar verifier medical analyst"

password_of()
{
	if [ "$1" = admin ]; then
		printf '%s' "$ADMIN_PW"
	else
		printf '%s-password-1' "$1"
	fi
}

# add_user NAME ROLE: adds user NAME with ROLE and the password password_of NAME.
add_user()
{
	run sh -c 'printf "%s\n" "$0" | "$HOMEWARD" user add "$1" --role "$2" --password-stdin' \
		"$(password_of "$1")" "$1" "$2"
	expect_status 0
}

# add_role_users: right after the admin was added (its generated password
# in the output of the last hw), one user per other role, named after it.
add_role_users()
{
	local role
	ADMIN_PW=$(sed -n "s/^password of 'admin': //p" "$RUN_OUT")
	for role in coordinator registrar verifier medical analyst; do
		add_user "$role" "$role"
	done
}

# setup_users: a database with one user per role, named after the role.
setup_users()
{
	hw init
	expect_status 0
	add_role_users
}

# login_as USER: logs in; TOKEN and TOK[USER] get the token.
login_as()
{
	TOKEN=
	api POST /api/v1/login "{\"user\":\"$1\",\"password\":\"$(password_of "$1")\"}"
	expect_http 200
	TOKEN=$(jget 'j["token"]')
	TOK[$1]=$TOKEN
}

# login_all [USER...]: a session for every role, and for each USER.
login_all()
{
	local user
	for user in $ROLES "$@"; do
		login_as "$user"
	done
}

# ---- permissions ----------------------------------------------------------

# role_holds TABLE ROLE PERM: whether ROLE holds PERM in TABLE, the name of
# an associative array of the roles holding each permission ("role role").
role_holds()
{
	local -n _holders=$1
	[[ " ${_holders[$3]} " == *" $2 "* ]]
}

# expect_as TABLE ROLE PERM WANT CMD [ARGS...]: as ROLE, CMD (api or a
# request like it) answers WANT when ROLE holds PERM in TABLE, else 403
# forbidden.
expect_as()
{
	local table=$1 role=$2 perm=$3 want=$4
	shift 4
	TOKEN=${TOK[$role]}
	"$@"
	role_holds "$table" "$role" "$perm" || want=403
	if [ "$STATUS" != "$want" ]; then
		fail "$role: $2 $3 ($perm): HTTP $STATUS, expected $want" "$(_e2e_show "$RUN_OUT")"
	fi
	if [ "$want" = 403 ]; then
		expect_json_field 'j["error"]["code"]' forbidden
	fi
}

PERSON_JSON='{"family_name":"Коваленко","given_name":"Олександр","patronymic":"Петрович","sex":"M","birth_date":"1990-03-02","category":"military","branch":"army","unit":"A1234","held_by":"adversary","tags":["mariupol"],"refs":[{"source":"ua-hq","ref":"K-7"}]}'

# add_person: the registrar registers PERSON_JSON; REF is its reference.
add_person()
{
	TOKEN=${TOK[registrar]}
	api POST /api/v1/persons "$PERSON_JSON"
	expect_http 201
	REF=$(jget 'j["ref"]')
}

# etag_of REF: the current ETag, read as the registrar.
etag_of()
{
	read_as registrar "/api/v1/persons/$1" header ETag
}
