# test_serve_exchange.sh - the exchange ledger over HTTP (docs/api.md, "The
# exchange ledger"), against the real server on a free loopback port: every
# route for every role (allowed or refused, per the permission table of
# docs/security.md, written out again below), the analyst never given a
# name, a whole exchange (agreement, stage, the other side's list as CSV,
# entries, decisions with ETags between two verifiers, the outgoing list,
# completion refused then forced, the reconciled counts, the report), bad
# lists and bad requests, cancellation, proposals, and the audit trail.
#
# The registry is synthetic (`homeward generate`); the other side's list is
# written from it as another side writes names (upper-case family names,
# dates as DD.MM.YYYY) with one stranger.

# shellcheck source=tests/e2e/serve_lib.sh
. "$E2E_DIR/serve_lib.sh"

# ---- data ------------------------------------------------------------------

# ledger_setup: the users of serve_lib.sh and a second verifier, 200
# synthetic persons, and files written from them:
#   list.csv   five of ours held by the other side, as they write them, and
#              a stranger (line 6)
#   names.txt  every family name of the registry and of the list
#   OUT1, OUT2 two detainees in our custody (external references)
ledger_setup()
{
	setup_users
	add_user verifier2 verifier
	hw generate persons 200 --seed 7 --output persons.csv
	expect_status 0
	hw import persons persons.csv
	expect_status 0
	python3 - <<'EOF'
import csv
rows = list(csv.DictReader(open("persons.csv", encoding="utf-8")))
ours = [r for r in rows if r["held_by"] == "adversary" and r["status"] == "captive"][:5]
theirs = [r for r in rows if r["held_by"] == "us" and r["status"] == "captive"][:2]
assert len(ours) == 5 and len(theirs) == 2
with open("list.csv", "w", encoding="utf-8") as f:
    f.write("line,full_name,birth_date,unit\n")
    for i, r in enumerate(ours, 1):
        y, m, d = r["birth_date"].split("-")
        f.write(f'{i},{r["family_name"].upper()} {r["given_name"]} {r["patronymic"]},'
                f'{d}.{m}.{y},{r["unit"]}\n')
    f.write("6,Невідомий Йосип Карлович,01.01.1950,\n")
with open("names.txt", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(r["family_name"] + "\n")
    f.write("Невідомий\n")
with open("out.txt", "w") as f:
    f.write(" ".join(r["ref"] if ":" in r["ref"] else "gen:" + r["ref"] for r in theirs))
EOF
	read -r OUT1 OUT2 <out.txt
}

# api_csv PATH FILE [CURL_ARGS...]: POSTs FILE as $CSV_TYPE (default
# text/csv), as api does.
api_csv()
{
	local path=$1 file=$2
	shift 2
	mkdir -p "$E2E_RUN_DIR"
	RUN_OUT=$E2E_RUN_DIR/body
	HDRS=$E2E_RUN_DIR/headers
	# shellcheck disable=SC2034 # read by lib.sh's assertions
	RUN_DESC="POST $path (CSV $file)"
	# shellcheck disable=SC2034
	RUN_SANITIZER=0
	local args=(-s -S -X POST -o "$RUN_OUT" -D "$HDRS" -w '%{http_code}' --max-time 60)
	[ -n "$TOKEN" ] && args+=(-H "Authorization: Bearer $TOKEN")
	STATUS=$(curl "${args[@]}" -H "Content-Type: ${CSV_TYPE:-text/csv}" --data-binary "@$file" "$@" \
		"$BASE$path")
	tr -d '\r' <"$HDRS" >"$HDRS.lf" && mv "$HDRS.lf" "$HDRS"
}

# no_names: the last answer names nobody of names.txt (any case).
no_names()
{
	python3 - "$RUN_OUT" <<'EOF' || fail "a name in an answer to the analyst" "$(_e2e_show "$RUN_OUT")"
import sys
text = open(sys.argv[1], encoding="utf-8").read().lower()
names = [n.strip().lower() for n in open("names.txt", encoding="utf-8") if n.strip()]
hit = [n for n in names if n in text]
if hit:
    print("names:", hit[:5])
    sys.exit(1)
EOF
}

# as_user USER: the requests that follow use USER's session.
as_user()
{
	TOKEN=${TOK[$1]}
}

# etag_entry ID: the entry's ETag, read as the coordinator.
etag_entry()
{
	read_as coordinator "/api/v1/entries/$1" header ETag
}

# entry_id STAGE_PATH LINE [DIRECTION]: the id of the entry with that line.
entry_id()
{
	read_as coordinator "$1/entries?line=$2${3:+&direction=$3}" jget 'j["entries"][0]["id"]'
}

X1=/api/v1/exchanges/EX-000001
S1=$X1/stages/1

# new_exchange: as the coordinator, agreement EX-000001 "1000 for 1000" with
# stage 1 (5 in planned, 2 out) and list.csv imported.
new_exchange()
{
	as_user coordinator
	api POST /api/v1/exchanges '{"name":"1000 for 1000","agreed_on":"2025-05-16","place":"Istanbul","mediators":"United Arab Emirates","quota_in":1000,"quota_out":1000,"national_number":65}'
	expect_http 201
	api POST $X1/stages '{"date":"2025-05-23","planned_in":5,"planned_out":2}'
	expect_http 201
	api_csv $S1/incoming list.csv
	expect_http 201
}

# ---- every route, every role -------------------------------------------------

# The permission of each route and the roles holding it (docs/security.md).
# shellcheck disable=SC2034 # read through role_holds (serve_lib.sh)
readonly -A XHOLDERS=(
	[exchange.read]="admin coordinator registrar verifier medical analyst"
	[list.read]="admin coordinator registrar verifier medical"
	[exchange.write]="coordinator"
	[list.verify]="verifier"
)

# xtry ROLE PERM WANT CMD ARGS...: as ROLE, CMD (api or api_csv) answers WANT
# when ROLE holds PERM, else 403; the analyst is never given a name.
xtry()
{
	expect_as XHOLDERS "$@"
	if [ "$1" = analyst ]; then
		no_names
	fi
}

t_serve_exchange_roles()
{
	ledger_setup
	serve_start || return
	login_all verifier2
	new_exchange
	local role id1 id2 out
	# reads: every holder; the others are refused
	for role in $ROLES; do
		xtry "$role" exchange.read 200 api GET /api/v1/exchanges
		xtry "$role" exchange.read 200 api GET $X1
		xtry "$role" exchange.read 200 api GET $S1
		xtry "$role" exchange.read 200 api GET $S1/completion
		xtry "$role" list.read 200 api GET $S1/entries
		xtry "$role" list.read 200 api GET /api/v1/entries/1
		xtry "$role" exchange.write 200 api GET "$X1/proposal?count=2"
	done
	# writes: one holder each (coordinator, or verifier), every other role refused
	id1=$(entry_id $S1 1)
	id2=$(entry_id $S1 2)
	as_user coordinator
	api GET "/api/v1/entries/$id1"
	local p1
	p1=$(jget 'j["matcher"]["candidates"][0]["person"]')
	for role in admin registrar verifier medical analyst coordinator; do
		xtry "$role" exchange.write 201 api POST /api/v1/exchanges '{"name":"Role test"}'
		xtry "$role" exchange.write 201 api POST /api/v1/exchanges/EX-000002/stages '{}'
		xtry "$role" exchange.write 200 api POST /api/v1/exchanges/EX-000002/stages/1/state \
			'{"state":"in_progress"}'
		xtry "$role" exchange.write 200 api POST /api/v1/exchanges/EX-000002/state \
			'{"state":"cancelled","reason":"a test"}'
		xtry "$role" exchange.write 201 api POST $X1/stages '{"planned_in":1}'
		xtry "$role" exchange.write 201 api_csv $X1/stages/2/incoming list.csv
		xtry "$role" exchange.write 201 api POST $S1/outgoing "{\"persons\":[\"$OUT1\"]}"
	done
	out=$(jget 'j["entries"][0]["id"]')
	for role in admin registrar verifier medical analyst coordinator; do
		xtry "$role" exchange.write 200 api POST "/api/v1/entries/$out/remove" \
			'{"reason":"not this time"}' -H "If-Match: $(etag_entry "$out")"
	done
	for role in admin coordinator registrar medical analyst verifier; do
		xtry "$role" list.verify 200 api POST "/api/v1/entries/$id1/confirm" \
			"{\"person\":\"$p1\"}" \
			-H "If-Match: $(etag_entry "$id1")"
		xtry "$role" list.verify 200 api POST "/api/v1/entries/$id2/reject" \
			'{"reason":"not ours"}' -H "If-Match: $(etag_entry "$id2")"
		xtry "$role" list.verify 200 api POST $S1/verify-proposed '{"reason":"dates checked"}'
	done
	for role in admin registrar verifier medical analyst coordinator; do
		xtry "$role" exchange.write 200 api POST $S1/complete \
			'{"force":true,"reason":"the list differs"}'
	done
	# every refusal is in the audit trail, naming the action
	serve_stop
	hw audit log --action 'exchange.*' --user analyst
	expect_stdout_contains "exchange.entries -:- denied"
	expect_stdout_contains "exchange.confirm -:- denied"
	expect_stdout_not_contains " ok"
	hw audit verify
	expect_status 0
}

# The analyst's answers hold counts, never a name (also once persons are
# confirmed, listed, returned).
t_serve_exchange_analyst_sees_no_names()
{
	ledger_setup
	serve_start || return
	login_all verifier2
	new_exchange
	as_user verifier
	api POST $S1/verify-proposed '{"reason":"dates checked"}'
	expect_http 200
	as_user coordinator
	api POST $S1/outgoing "{\"persons\":[\"$OUT1\",\"$OUT2\"]}"
	expect_http 201
	as_user analyst
	local path
	for path in /api/v1/exchanges $X1 $S1 $S1/completion; do
		api GET "$path"
		expect_http 200
		no_names
	done
	api GET $S1/entries
	expect_http 403
	no_names
	api GET "$X1/proposal?count=5"
	expect_http 403
	no_names
	as_user coordinator
	api POST $S1/complete '{"force":true,"reason":"one not confirmed"}'
	expect_http 200
	as_user analyst
	api GET $X1
	expect_http 200
	no_names
	expect_json_field 'j["totals"]["returned"]' "$(jget 'j["stages"][0]["counts"]["returned"]')"
	serve_stop
}

# ---- a whole exchange ---------------------------------------------------------

t_serve_exchange_flow()
{
	ledger_setup
	serve_start || return
	login_all verifier2
	# the agreement and its stage
	as_user coordinator
	api POST /api/v1/exchanges '{"name":"1000 for 1000","agreed_on":"2025-05-16","place":"Istanbul","mediators":"United Arab Emirates","quota_in":1000,"quota_out":1000,"national_number":65}'
	expect_http 201
	expect_header 'Location: /api/v1/exchanges/EX-000001'
	expect_json_field 'j["ref"]' EX-000001
	expect_json_field 'j["state"]' planned
	expect_json_field 'j["stages"]' '[]'
	api POST $X1/stages '{"date":"2025-05-23","planned_in":5,"planned_out":2}'
	expect_http 201
	expect_header 'Location: /api/v1/exchanges/EX-000001/stages/1'
	expect_json_field 'j["ref"]' EX-000001/1
	expect_json_field 'j["counts"]["planned_in"]' 5
	# by name too (URL-encoded)
	api GET '/api/v1/exchanges/1000%20for%201000/stages/1'
	expect_http 200
	expect_json_field 'j["ref"]' EX-000001/1
	# the other side's list
	api_csv $S1/incoming list.csv
	expect_http 201
	expect_header 'Location: /api/v1/exchanges/EX-000001/stages/1/entries'
	expect_json_field 'j["entries"]' 6
	expect_json_field 'j["not_found"]' 1
	expect_json_field 'j["pending"] + j["ambiguous"]' 5
	expect_json_field 'j["warnings"]' '[]'
	api GET $X1
	expect_json_field 'j["state"]' in_progress
	expect_json_field 'j["stages"][0]["state"]' in_progress
	expect_json_field 'j["stages"][0]["counts"]["on_their_list"]' 6
	# the entries: filters and pages
	as_user verifier
	api GET "$S1/entries?limit=2"
	expect_http 200
	expect_json_field 'j["total"]' 6
	expect_json_field 'len(j["entries"])' 2
	expect_json_field 'j["entries"][0]["line"]' 1
	expect_json_field 'j["entries"][0]["etag"]' '"d1"'
	expect_json_field 'j["next"]' "$S1/entries?limit=2&offset=2"
	api GET "$S1/entries?limit=2&offset=4"
	expect_json_field '[e["line"] for e in j["entries"]]' "['5', '6']"
	expect_json_field 'j["next"]' null
	api GET "$S1/entries?state=not_found"
	expect_json_field '[e["line"] for e in j["entries"]]' "['6']"
	expect_json_field 'j["entries"][0]["as_written"]["full_name"]' 'Невідомий Йосип Карлович'
	api GET "$S1/entries?direction=out"
	expect_json_field 'j["total"]' 0
	api GET "$S1/entries?line=3"
	expect_json_field 'j["total"]' 1
	local id1 id2 id6 p1
	id1=$(entry_id $S1 1)
	id2=$(entry_id $S1 2)
	id6=$(entry_id $S1 6)
	# one entry: as written, every candidate and weight, the decisions
	api GET "/api/v1/entries/$id1"
	expect_http 200
	expect_header 'ETag: "d1"'
	expect_json_field 'j["stage"]' EX-000001/1
	expect_json_field 'j["as_written"]["full_name"]' "$(sed -n '2s/^1,\([^,]*\),.*/\1/p' list.csv)"
	expect_json_field 'len(j["matcher"]["candidates"]) >= 1' True
	expect_json_field 'all("weight" in e for c in j["matcher"]["candidates"] for e in c["evidence"])' True
	expect_json_field '[h["by"] for h in j["history"]]' "['matcher']"
	p1=$(jget 'j["matcher"]["candidates"][0]["person"]')
	# a decision needs If-Match: 428 without, 400 when it is no entry's ETag
	api POST "/api/v1/entries/$id1/confirm" "{\"person\":\"$p1\"}"
	expect_error 428 precondition_required If-Match
	api POST "/api/v1/entries/$id1/confirm" "{\"person\":\"$p1\"}" -H 'If-Match: "v1"'
	expect_error 400 invalid If-Match
	api POST "/api/v1/entries/$id1/confirm" "{\"person\":\"$p1\"}" -H 'If-Match: *'
	expect_error 400 invalid If-Match
	# two verifiers on the same entry: the second is told, nothing is overwritten
	as_user verifier2
	api GET "/api/v1/entries/$id1"
	expect_header 'ETag: "d1"'
	as_user verifier
	api POST "/api/v1/entries/$id1/confirm" "{\"person\":\"$p1\"}" -H 'If-Match: "d1"'
	expect_http 200
	expect_header 'ETag: "d2"'
	expect_json_field 'j["state"]' confirmed
	expect_json_field 'j["person"]' "$p1"
	expect_json_field 'j["decided_by"]' verifier
	expect_json_field 'j["person_name"] is not None' True
	as_user verifier2
	api POST "/api/v1/entries/$id1/reject" '{"reason":"not ours"}' -H 'If-Match: "d1"'
	expect_error 412 precondition_failed If-Match
	api GET "/api/v1/entries/$id1"
	expect_json_field 'j["state"]' confirmed
	expect_json_field '[h["by"] for h in j["history"]]' "['matcher', 'verifier']"
	# the person is listed for the exchange
	as_user coordinator
	api GET "/api/v1/persons/$p1"
	expect_json_field 'j["status"]' listed
	# the stranger: nobody to confirm; rejected with a reason (required)
	as_user verifier
	api POST "/api/v1/entries/$id6/confirm" '{}' -H 'If-Match: "d1"'
	expect_error 400 invalid person
	api POST "/api/v1/entries/$id6/reject" '{}' -H 'If-Match: "d1"'
	expect_error 400 invalid reason
	api POST "/api/v1/entries/$id6/reject" '{"reason":"not on our records; asked ICRC"}' \
		-H 'If-Match: "d1"'
	expect_http 200
	expect_json_field 'j["state"]' rejected
	expect_header 'ETag: "d2"'
	# a person the matcher did not propose needs a reason
	api POST "/api/v1/entries/$id2/confirm" "{\"person\":\"$OUT1\"}" -H 'If-Match: "d1"'
	expect_http 400
	expect_json_field 'j["error"]["field"] in ("reason", "person")' True
	# the rest as proposed, at once
	api POST $S1/verify-proposed '{"reason":"dates and units checked"}'
	expect_http 200
	local confirmed
	confirmed=$(jget 'len(j["confirmed"])')
	api GET "$S1/entries?state=confirmed"
	expect_json_field 'j["total"]' $((confirmed + 1))
	# the outgoing list: all or none, then one taken off with If-Match
	as_user coordinator
	api POST $S1/outgoing "{\"persons\":[\"$OUT1\",\"HW-999999\"]}"
	expect_error 400 invalid 'persons[1]'
	api POST $S1/outgoing "{\"persons\":[\"$p1\"]}"
	expect_error 422 refused 'persons[0]'
	api GET "$S1/entries?direction=out"
	expect_json_field 'j["total"]' 0
	api POST $S1/outgoing "{\"persons\":[\"$OUT1\",\"$OUT2\"]}"
	expect_http 201
	expect_json_field 'len(j["entries"])' 2
	expect_json_field '{e["direction"] for e in j["entries"]}' "{'out'}"
	local out1
	out1=$(jget 'j["entries"][0]["id"]')
	api POST "/api/v1/entries/$out1/remove" '{"reason":"stays for trial"}'
	expect_error 428 precondition_required If-Match
	api POST "/api/v1/entries/$out1/remove" '{"reason":"stays for trial"}' -H 'If-Match: "d1"'
	expect_http 200
	expect_json_field 'j["state"]' rejected
	api POST "/api/v1/entries/$out1/remove" '{"reason":"again"}' -H 'If-Match: "d1"'
	expect_error 412 precondition_failed If-Match
	# what blocks completion (read-only), then refused, then forced
	api GET $S1/completion
	expect_http 200
	expect_json_field 'j["blockers"]["blocked"]' True
	expect_json_field 'j["blockers"]["out_diff"]' -1
	local sum
	sum=$(sqlite3 "$HOMEWARD_DB" 'SELECT count(*) FROM events; SELECT state FROM stages')
	api POST $S1/complete '{}'
	expect_error 422 refused null
	expect_json_field 'j["error"]["blockers"]["out_diff"]' -1
	expect_json_field '"cannot be completed" in j["error"]["message"]' True
	api POST $S1/complete '{"force":true}'
	expect_error 400 invalid reason
	api POST $S1/complete '{"reason":"why"}'
	expect_error 400 invalid reason
	api POST $S1/complete '{"force":true,"reason":"x","date":"2999-01-01"}'
	expect_error 400 invalid date
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'SELECT count(*) FROM events; SELECT state FROM stages')" \
		"$sum" "nothing written by the refusals"
	hw report --stage EX-000001/1 --format json
	expect_json_field 'j["returned"]' 0
	api POST $S1/complete '{"force":true,"reason":"one stays for trial","date":"2025-05-23"}'
	expect_http 200
	expect_json_field 'j["state"]' completed
	expect_json_field 'j["forced"]' True
	expect_json_field 'j["force_reason"]' 'one stays for trial'
	expect_json_field 'j["completed_by"]' coordinator
	expect_json_field 'j["counts"]["returned"]' $((confirmed + 1))
	expect_json_field 'j["counts"]["handed_over"]' 1
	api GET $S1/completion
	expect_json_field 'j["blockers"]' null
	# the reconciliation of the agreement, and the report
	api GET $X1
	expect_json_field 'j["totals"]["returned"]' $((confirmed + 1))
	expect_json_field 'j["totals"]["differences"]["in_vs_planned"]' $((confirmed + 1 - 1000))
	api GET "/api/v1/persons/$p1"
	expect_json_field 'j["status"]' returned
	hw report --stage EX-000001/1 --format json
	expect_json_field 'j["returned"]' $((confirmed + 1))
	expect_json_field 'j["handed_over"]' 1
	# the lists are closed now
	as_user verifier
	api POST "/api/v1/entries/$id2/reject" '{"reason":"late"}' -H "If-Match: $(etag_entry "$id2")"
	expect_error 422 refused stage
	serve_stop
	# the trail: each decision with its person, reads of names, all chained
	hw audit log --action 'exchange.confirm' --person "$p1"
	expect_stdout_contains "verifier 127.0.0.1 exchange.confirm entry:$id1 person=$p1 ok"
	hw audit log --action 'exchange.entry' --person "$p1"
	expect_stdout_contains "exchange.entry entry:$id1 person=$p1 ok"
	hw audit log --action 'exchange.complete' --person "$p1"
	expect_stdout_contains "exchange.complete stage:EX-000001/1 person=$p1 ok"
	hw audit log --action 'exchange.import'
	expect_stdout_contains "coordinator 127.0.0.1 exchange.import stage:EX-000001/1 ok"
	hw audit verify
	expect_status 0
	# the command line shows the same agreement
	hw exchange show 1 --format json
	expect_json_field 'j["stages"][0]["forced"]' True
}

# ---- bad lists, bad requests -------------------------------------------------------

t_serve_exchange_bad_lists()
{
	ledger_setup
	serve_start --max-body 4096 || return
	login_all verifier2
	as_user coordinator
	api POST /api/v1/exchanges '{"name":"Lists"}'
	api POST $X1/stages '{}'
	local sum
	sum=$(sqlite3 "$HOMEWARD_DB" 'SELECT count(*) FROM list_entries')
	# an invalid row: every error with its line and column, nothing stored
	csv bad.csv 'line,full_name,sex' '1,Іванов Іван Петрович,M' '2,Петренко Петро,Q' '3,,M'
	api_csv $S1/incoming bad.csv
	expect_error 400 invalid body
	expect_json_field 'j["error"]["line"]' 3
	expect_json_field 'j["error"]["column"]' 18
	expect_json_field '[(d["line"], d["field"]) for d in j["error"]["diagnostics"]]' \
		"[(3, 'sex'), (4, 'full_name')]"
	# an unknown column: the header's line and column
	csv bad.csv 'line,full_name,nickname' '1,Іванов Іван,x'
	api_csv $S1/incoming bad.csv
	expect_error 400 invalid body
	expect_json_field 'j["error"]["line"]' 1
	expect_json_field 'j["error"]["column"]' 16
	expect_json_field '"nickname" in j["error"]["message"]' True
	# a quote left open
	printf 'line,full_name\n1,"Іванов Іван\n' >bad.csv
	api_csv $S1/incoming bad.csv
	expect_error 400 invalid body
	expect_json_field 'j["error"]["line"] >= 2' True
	# no name the matcher can use
	csv bad.csv 'line,full_name' '1,Іванов Іван' '2,---'
	api_csv $S1/incoming bad.csv
	expect_error 400 invalid body
	expect_json_field 'j["error"]["line"]' 3
	# a header alone, an empty body
	csv bad.csv 'line,full_name'
	api_csv $S1/incoming bad.csv
	expect_error 400 invalid body
	: >empty.csv
	api_csv $S1/incoming empty.csv
	expect_error 400 invalid body
	# the same line twice
	csv bad.csv 'line,full_name' '7,Іванов Іван' '7,Петренко Петро'
	api_csv $S1/incoming bad.csv
	expect_http 409
	expect_json_field 'j["error"]["field"]' body
	expect_json_field 'j["error"]["line"]' 3
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'SELECT count(*) FROM list_entries')" "$sum" \
		"no entry stored from a bad list"
	# not CSV, not UTF-8 text
	api POST $S1/incoming '{"lines":[]}'
	expect_error 415 unsupported_media_type Content-Type
	CSV_TYPE='text/csv; charset=latin1' api_csv $S1/incoming list.csv
	expect_error 415 unsupported_media_type Content-Type
	CSV_TYPE='text/plain' api_csv $S1/incoming list.csv
	expect_error 415 unsupported_media_type Content-Type
	printf 'line,full_name\n1,\xff\xfe\n' >bad.csv
	api_csv $S1/incoming bad.csv
	expect_error 400 invalid body
	# larger than --max-body: declared, and chunked
	python3 -c '
import sys
print("line,full_name")
for i in range(300):
    print(f"{i},Іваненко Іван Іванович")' >big.csv
	api_csv $S1/incoming big.csv
	expect_error 413 too_large body
	api_csv $S1/incoming big.csv -H 'Transfer-Encoding: chunked'
	expect_error 413 too_large body
	# a birth date that is no date: a warning, the line still matched
	csv warn.csv 'line,full_name,birth_date' '9,Іванов Іван Петрович,31.02.1990'
	api_csv $S1/incoming warn.csv
	expect_http 201
	expect_json_field 'j["entries"]' 1
	expect_json_field '[(w["line"], w["field"]) for w in j["warnings"]]' "[(2, 'birth_date')]"
	# a closed stage takes no list
	api POST $S1/state '{"state":"cancelled","reason":"postponed"}'
	expect_http 200
	api_csv $S1/incoming list.csv
	expect_error 422 refused stage
	serve_stop
}

t_serve_exchange_bad_requests()
{
	ledger_setup
	serve_start --max-body 2048 || return
	login_all verifier2
	as_user coordinator
	# wrong types, unknown fields, missing fields: 400 naming the field
	api POST /api/v1/exchanges '{}'
	expect_error 400 invalid name
	api POST /api/v1/exchanges '{"name":5}'
	expect_error 400 invalid name
	api POST /api/v1/exchanges '{"name":"A","quota_in":"10"}'
	expect_error 400 invalid quota_in
	api POST /api/v1/exchanges '{"name":"A","quota_in":-1}'
	expect_error 400 invalid quota_in
	api POST /api/v1/exchanges '{"name":"A","quota_in":1.5}'
	expect_error 400 invalid quota_in
	api POST /api/v1/exchanges '{"name":"A","national_number":0}'
	expect_error 400 invalid national_number
	api POST /api/v1/exchanges '{"name":"A","agreed_on":"2025-02-30"}'
	expect_error 400 invalid agreed_on
	api POST /api/v1/exchanges '{"name":"A","historic":"yes"}'
	expect_error 400 invalid historic
	api POST /api/v1/exchanges '{"name":"A","nickname":"x"}'
	expect_error 400 invalid nickname
	api POST /api/v1/exchanges '{"name":"EX-7"}'
	expect_error 400 invalid name
	api POST /api/v1/exchanges '{"name":"A/B"}'
	expect_error 400 invalid name
	api POST /api/v1/exchanges '[1]'
	expect_error 400 invalid body
	api_csv /api/v1/exchanges list.csv
	expect_error 415 unsupported_media_type Content-Type
	api POST /api/v1/exchanges "{\"name\":\"$(head -c 3000 /dev/zero | tr '\0' a)\"}"
	expect_error 413 too_large body
	api POST /api/v1/exchanges '{"name":"A"}'
	expect_http 201
	api POST /api/v1/exchanges '{"name":"A"}'
	expect_http 409
	api POST $X1/stages '{"planned_in":"5"}'
	expect_error 400 invalid planned_in
	api POST $X1/stages '{"counted_in":5}'
	expect_error 400 invalid counted_in
	api POST $X1/stages '{"when":"today"}'
	expect_error 400 invalid when
	api POST $X1/stages '{"date":"2025-05-23"}'
	expect_http 201
	api POST $X1/state '{"state":"done"}'
	expect_error 400 invalid state
	api POST $X1/state '{"state":"cancelled"}'
	expect_error 400 invalid reason
	api POST $X1/state '{"state":"completed"}'
	expect_error 422 refused state
	api POST $S1/state '{"state":"completed"}'
	expect_error 422 refused state
	api POST $S1/state '{"state":1}'
	expect_error 400 invalid state
	api POST $S1/outgoing '{"persons":"HW-000001"}'
	expect_error 400 invalid persons
	api POST $S1/outgoing '{"persons":[]}'
	expect_error 400 invalid persons
	api POST $S1/outgoing '{"persons":[7]}'
	expect_error 400 invalid 'persons[0]'
	api POST $S1/complete '{"force":"yes"}'
	expect_error 400 invalid force
	# unknown agreements, stages, entries; bad query parameters
	api GET /api/v1/exchanges/EX-000099
	expect_error 404 not_found exchange
	api GET /api/v1/exchanges/nothing-like-it
	expect_error 404 not_found exchange
	api GET $X1/stages/9
	expect_error 404 not_found stage
	api GET $X1/stages/x
	expect_error 404 not_found stage
	api GET $X1/stages/01
	expect_error 404 not_found stage
	api GET /api/v1/entries/999
	expect_error 404 not_found entry
	api GET /api/v1/entries/-1
	expect_error 404 not_found entry
	api GET '/api/v1/exchanges?x=1'
	expect_error 400 invalid x
	api GET "$S1/entries?state=done"
	expect_error 400 invalid state
	api GET "$S1/entries?direction=up"
	expect_error 400 invalid direction
	api GET "$S1/entries?limit=0"
	expect_error 400 invalid limit
	api GET "$S1/entries?limit=1001"
	expect_error 400 invalid limit
	api GET "$S1/entries?offset=-1"
	expect_error 400 invalid offset
	api GET "$S1/entries?page=2"
	expect_error 400 invalid page
	api GET "$X1/proposal"
	expect_error 400 invalid count
	api GET "$X1/proposal?count=0"
	expect_error 400 invalid count
	api GET "$X1/proposal?count=5&priority=tallest"
	expect_error 400 invalid priority
	api GET "$X1/proposal?count=5&held_by=nobody"
	expect_error 400 invalid held_by
	# a body where none is taken, a method not allowed
	api GET $X1 '{"x":1}'
	expect_error 400 invalid body
	api DELETE $S1
	expect_error 405 method_not_allowed null
	expect_header 'Allow: GET'
	api PUT /api/v1/entries/1/confirm
	expect_http 405
	# by cookie, a write needs the CSRF token
	TOKEN=
	api POST /api/v1/exchanges '{"name":"B"}' -H "Cookie: homeward_session=${TOK[coordinator]}"
	expect_error 403 forbidden X-CSRF-Token
	serve_stop
}

# ---- states, cancellation, historic agreements ---------------------------------------

t_serve_exchange_cancel()
{
	ledger_setup
	serve_start || return
	login_all verifier2
	new_exchange
	as_user verifier
	api POST $S1/verify-proposed '{"reason":"checked"}'
	expect_http 200
	local p
	p=$(jget 'j["confirmed"][0]["person"]')
	as_user coordinator
	api POST $S1/outgoing "{\"persons\":[\"$OUT1\"]}"
	expect_http 201
	api GET "/api/v1/persons/$p"
	expect_json_field 'j["status"]' listed
	# an agreement with an open stage is not completed
	api POST $X1/state '{"state":"completed"}'
	expect_error 422 refused state
	# cancelling the stage needs a reason; its persons go back to captive
	api POST $S1/state '{"state":"cancelled"}'
	expect_error 400 invalid reason
	api POST $S1/state '{"state":"cancelled","reason":"the other side postponed"}'
	expect_http 200
	expect_json_field 'j["state"]' cancelled
	api GET "/api/v1/persons/$p"
	expect_json_field 'j["status"]' captive
	api GET "/api/v1/persons/$OUT1"
	expect_json_field 'j["status"]' captive
	api POST $S1/state '{"state":"in_progress"}'
	expect_error 422 refused state
	api GET $S1/completion
	expect_json_field 'j["state"]' cancelled
	expect_json_field 'j["blockers"]' null
	# a new stage, started by hand, then the agreement cancelled with it
	api POST $X1/stages '{"planned_in":3}'
	expect_http 201
	api POST $X1/stages/2/state '{"state":"in_progress","reason":"started early"}'
	expect_http 200
	expect_json_field 'j["state"]' in_progress
	api POST $X1/state '{"state":"cancelled","reason":"talks broke down"}'
	expect_http 200
	expect_json_field 'j["state"]' cancelled
	expect_json_field '[s["state"] for s in j["stages"]]' "['cancelled', 'cancelled']"
	api POST $X1/stages '{}'
	expect_error 422 refused null
	# a historic agreement: counts only
	api POST /api/v1/exchanges '{"name":"Exchanges 1 to 51","historic":true}'
	expect_http 201
	expect_json_field 'j["state"]' completed
	api POST /api/v1/exchanges/EX-000002/stages '{"planned_in":5}'
	expect_error 400 invalid counted_in
	api POST /api/v1/exchanges/EX-000002/stages '{"date":"2024-01-03","counted_in":230,"counted_out":248}'
	expect_http 201
	expect_json_field 'j["state"]' completed
	api GET /api/v1/exchanges/EX-000002
	expect_json_field 'j["totals"]["counted_in"]' 230
	api_csv /api/v1/exchanges/EX-000002/stages/1/incoming list.csv
	expect_error 422 refused stage
	serve_stop
	hw audit log --action 'exchange.stage_state' --person "$p"
	expect_stdout_contains "exchange.stage_state stage:EX-000001/1 person=$p ok"
	hw audit verify
	expect_status 0
}

t_serve_exchange_proposal()
{
	ledger_setup
	serve_start || return
	login_all verifier2
	as_user coordinator
	api POST /api/v1/exchanges '{"name":"Next"}'
	api GET "$X1/proposal?count=3"
	expect_http 200
	expect_json_field 'j["exchange"]' EX-000001
	expect_json_field 'j["held_by"]' adversary
	expect_json_field 'j["priority"]' "['seriously_ill', 'wounded', 'disability', 'civilian', 'longest']"
	expect_json_field '[p["rank"] for p in j["proposals"]]' '[1, 2, 3]'
	expect_json_field 'all(p["name"] and p["why"] for p in j["proposals"])' True
	local first
	first=$(jget 'j["proposals"][0]["person"]')
	jget 'j["proposals"]' >server.txt
	# the same ranking, in the same form, as the command line's
	hw exchange propose EX-000001 --count 3 --format json
	expect_json_field 'j' "$(cat server.txt)"
	api GET "$X1/proposal?count=2&priority=longest&held_by=us"
	expect_http 200
	expect_json_field 'j["held_by"]' us
	expect_json_field 'j["priority"]' "['longest']"
	expect_json_field 'len(j["proposals"])' 2
	serve_stop
	# every person proposed is named in the trail
	hw audit log --action exchange.propose --person "$first"
	expect_stdout_contains "coordinator 127.0.0.1 exchange.propose exchange:EX-000001 person=$first ok"
	hw audit log --action exchange.propose --user coordinator --format json
	expect_json_field 'len(j)' 5
}

# The OpenAPI document names the permission of every ledger route.
t_serve_exchange_openapi()
{
	ledger_setup
	serve_start || return
	login_as analyst
	api GET /api/v1/openapi.json
	expect_http 200
	expect_json_field 'j["paths"]["/api/v1/exchanges/{exchange}/stages/{stage}/incoming"]["post"]["x-permission"]' exchange.write
	expect_json_field 'list(j["paths"]["/api/v1/exchanges/{exchange}/stages/{stage}/incoming"]["post"]["requestBody"]["content"])' "['text/csv']"
	expect_json_field 'j["paths"]["/api/v1/entries/{entry}/confirm"]["post"]["x-permission"]' list.verify
	expect_json_field 'j["paths"]["/api/v1/exchanges/{exchange}/stages/{stage}/entries"]["get"]["x-permission"]' list.read
	serve_stop
}

# ---- the lists a person was on -----------------------------------------------------

# GET /api/v1/persons/{ref}/lists: a proposal not yet decided, then the
# person confirmed and the stage completed, with the stage; an outgoing
# person; list.read only (the analyst refused); one audit record per read;
# `homeward history --lists` gives the same.
t_serve_exchange_person_lists()
{
	ledger_setup
	serve_start || return
	login_all
	new_exchange
	local id1 p1 pending prop out role
	id1=$(entry_id $S1 1)
	# a pending entry (not line 1) proposes its person: shown, not on the list yet
	as_user coordinator
	api GET "$S1/entries?state=pending"
	pending=$(jget '[e for e in j["entries"] if e["line"] != "1"][0]["id"]')
	prop=$(jget '[e for e in j["entries"] if e["line"] != "1"][0]["proposed"]')
	as_user verifier
	api GET "/api/v1/persons/$prop/lists"
	expect_http 200
	expect_json_field 'j["person"]' "$prop"
	expect_json_field '[(e["id"], e["on_list"], e["state"], e["proposed"]) for e in j["entries"]]' \
		"[($pending, False, 'pending', '$prop')]"
	expect_json_field 'j["entries"][0]["stage"]' EX-000001/1
	# line 1 confirmed as the matcher's best candidate
	api GET "/api/v1/entries/$id1"
	p1=$(jget 'j["matcher"]["candidates"][0]["person"]')
	api POST "/api/v1/entries/$id1/confirm" "{\"person\":\"$p1\"}" -H "If-Match: $(etag_entry "$id1")"
	expect_http 200
	api GET "/api/v1/persons/$p1/lists"
	expect_http 200
	expect_json_field 'len(j["entries"])' 1
	expect_json_field '[j["entries"][0][k] for k in ("id", "on_list", "direction", "line", "state", "person", "decided_by")]' \
		"[$id1, True, 'in', '1', 'confirmed', '$p1', 'verifier']"
	expect_json_field '[j["entries"][0][k] for k in ("stage", "stage_number", "stage_date", "stage_state", "exchange", "exchange_name")]' \
		"['EX-000001/1', 1, '2025-05-23', 'in_progress', 'EX-000001', '1000 for 1000']"
	expect_json_field 'j["entries"][0]["etag"]' '"d2"'
	expect_json_field 'j["entries"][0]["person_name"] is not None' True
	# the outgoing list
	as_user coordinator
	api POST $S1/outgoing "{\"persons\":[\"$OUT1\"]}"
	expect_http 201
	out=$(jget 'j["entries"][0]["person"]')
	api GET "/api/v1/persons/$out/lists"
	expect_json_field '[(e["direction"], e["on_list"], e["line"]) for e in j["entries"]]' \
		"[('out', True, '$out')]"
	# completed: the entry stays, with its stage
	api POST $S1/complete '{"force":true,"reason":"not every line decided"}'
	expect_http 200
	for role in $ROLES; do
		xtry "$role" list.read 200 api GET "/api/v1/persons/$p1/lists"
	done
	as_user registrar
	api GET "/api/v1/persons/$p1/lists"
	expect_json_field '[(e["id"], e["stage"], e["stage_state"], e["state"]) for e in j["entries"]]' \
		"[($id1, 'EX-000001/1', 'completed', 'confirmed')]"
	jget 'json.dumps([{k: v for k, v in e.items() if k != "etag"} for e in j["entries"]], sort_keys=True)' >server.txt
	api GET "/api/v1/persons/$p1"
	expect_json_field 'j["status"]' returned
	# a person on no list; an unknown one; no query parameters
	api GET /api/v1/persons/HW-000200/lists
	expect_http 200
	expect_json_field 'j["entries"]' '[]'
	api GET /api/v1/persons/HW-999999/lists
	expect_http 404
	api GET "/api/v1/persons/$p1/lists?limit=5"
	expect_error 400 invalid limit
	serve_stop
	# one record per read, naming the person, and the analyst's refusal
	hw audit log --action person.lists --person "$p1" --format json
	expect_json_field '[(r["actor"], r["outcome"]) for r in j]' \
		"[('verifier', 'ok'), ('admin', 'ok'), ('coordinator', 'ok'), ('registrar', 'ok'), ('verifier', 'ok'), ('medical', 'ok'), ('analyst', 'denied'), ('registrar', 'ok')]"
	hw audit log --action person.lists --person "$p1"
	expect_stdout_contains "analyst 127.0.0.1 person.lists person:$p1 person=$p1 denied"
	expect_stdout_contains "verifier 127.0.0.1 person.lists person:$p1 person=$p1 ok"
	hw audit log --action person.lists --person "$prop"
	expect_stdout_contains "verifier 127.0.0.1 person.lists person:$prop person=$prop ok"
	# the command line gives the same entries (without the server's ETags), audited alike
	hw history "$p1" --lists --format json
	expect_json_field 'json.dumps(j, sort_keys=True)' "$(cat server.txt)"
	hw history "$p1" --lists
	expect_stdout_contains "EX-000001/1    2025-05-23  completed    in   line 1          confirmed by verifier at "
	expect_stdout_contains "(1000 for 1000)"
	hw history "$prop" --lists
	expect_stdout_contains "pending: proposed, not decided"
	hw audit log --action person.lists --person "$p1"
	expect_stdout_contains "person.lists person:$p1 person=$p1 ok"
	expect_stdout_contains "local person.lists"
	hw audit verify
	expect_status 0
}
