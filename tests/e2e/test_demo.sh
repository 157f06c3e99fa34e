# test_demo.sh - `homeward demo`: the acceptance test of issue 4 part 7.
#
# The demo database must make `homeward report` give exactly every
# published figure of the 52nd exchange (31 May 2024) and of "1000 for
# 1000" (23-25 May 2025), counted from the persons, in JSON.  Then: the
# command's behaviour (an existing file, --force, determinism, usage) and
# the agreement left in progress.

# demo_db [ARGS]: builds the demo database (homeward.db) or fails the case.
demo_db()
{
	hw demo "$@"
	expect_status 0
	expect_stdout_contains "created $HOMEWARD_DB:"
	expect_stderr_contains "demo: 52nd exchange: 75 returned, 75 handed over"
}

# json_fields <<EOF ... EOF: like expect_json_field for many fields in one
# run of python: each input line is EXPR, a tab, and the expected value;
# lines starting with '#' are comments.
json_fields()
{
	local out line
	out=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
for line in sys.stdin.read().splitlines():
    if not line.strip() or line.startswith("#"):
        continue
    expr, want = line.split("\t", 1)
    try:
        v = eval(expr)
        got = "null" if v is None else str(v)
    except Exception as e:
        got = "error: %r" % e
    if got != want:
        print("JSON %s is %r, expected %r" % (expr, got, want))' "$RUN_OUT" 2>&1)
	while IFS= read -r line; do
		[ -n "$line" ] && fail "$line"
	done <<<"$out"
}

# report_json ARGS: `report ARGS --format json`, which must succeed.
report_json()
{
	hw report "$@" --format json
	expect_status 0
	expect_stdout_json
}

t_demo_52nd_exchange()
{
	demo_db
	report_json --exchange EX-000002
	json_fields <<'EOF'
j["scope"]["exchange"]["name"]	52nd exchange
j["scope"]["exchange"]["national_number"]	52
j["scope"]["exchange"]["mediators"]	['United Arab Emirates']
j["scope"]["stages"][0]["date"]	2024-05-31
# 75 returned - 70 men and 5 women
j["returned"]	75
j["sex"]["men"]	70
j["sex"]["women"]	5
# 4 civilians and 71 military, of them 6 officers and 65 privates and sergeants
j["category"]["civilian"]	4
j["category"]["military"]	71
j["rank_class"]["officer"]	6
j["rank_class"]["privates_and_sergeants"]	65
j["rank_class"]["enlisted"] + j["rank_class"]["nco"]	65
j["rank_class"]["unknown"]	0
# Armed Forces 37 (of them 13 Navy and 2 Air Force), National Guard 21,
# Border Guard Service 7, Territorial Defence 6, as announced ...
j["announced"]["armed_forces"]	37
j["announced"]["navy"]	13
j["announced"]["air_force"]	2
j["announced"]["national_guard"]	21
j["announced"]["border_guard"]	7
j["announced"]["territorial_defence"]	6
# ... and by the model's groups, where tdf belongs to the Armed Forces
j["branch_group"]["afu"]	43
j["branch"]["army"]	22
j["branch"]["navy"]	13
j["branch"]["air_force"]	2
j["branch"]["tdf"]	6
j["branch"]["ngu"]	21
j["branch"]["sbgs"]	7
# 19 defenders of Snake Island, 14 guards of the Chornobyl NPP, 10 of Mariupol
j["tags"]["snake_island"]	19
j["tags"]["chornobyl_npp"]	14
j["tags"]["mariupol"]	10
# at least a third wounded, seriously ill or disabled
j["health"]["any"] * 3 >= j["returned"]	True
j["health"]["any"] + j["health"]["none"]	75
# after it, 3,210 returned in total since the full-scale invasion
j["cumulative"]["returned"]	3210
j["cumulative"]["to"]	2024-05-31
# and 75 handed over
j["handed_over"]	75
EOF
	# the stage alone says the same
	report_json --stage EX-000002/1
	json_fields <<'EOF'
j["returned"]	75
j["handed_over"]	75
j["announced"]["armed_forces"]	37
j["cumulative"]["returned"]	3210
EOF
}

t_demo_1000_for_1000()
{
	demo_db
	report_json --stage "1000 for 1000/1"
	json_fields <<'EOF'
# stage 1, 23 May 2025: 390 returned (270 military and 120 civilians;
# 3 women and 387 men)
j["scope"]["stage"]["date"]	2025-05-23
j["returned"]	390
j["category"]["military"]	270
j["category"]["civilian"]	120
j["sex"]["women"]	3
j["sex"]["men"]	387
j["handed_over"]	390
EOF
	report_json --stage EX-000003/2
	json_fields <<'EOF'
# stage 2, 24 May: 307 (all men, all privates and sergeants, 27 of them
# defenders of Mariupol; 697 over the two days)
j["scope"]["stage"]["date"]	2025-05-24
j["returned"]	307
j["sex"]["men"]	307
j["sex"]["women"]	0
j["category"]["military"]	307
j["rank_class"]["privates_and_sergeants"]	307
j["rank_class"]["officer"]	0
j["tags"]["mariupol"]	27
j["running_total"]["returned"]	697
j["handed_over"]	307
EOF
	report_json --stage EX-000003/3
	json_fields <<'EOF'
# stage 3, 25 May: 303 (of them 36 Border Guard Service and 10 National Guard)
j["scope"]["stage"]["date"]	2025-05-25
j["returned"]	303
j["branch"]["sbgs"]	36
j["branch"]["ngu"]	10
j["handed_over"]	303
j["running_total"]["returned"]	1000
EOF
	report_json --exchange "1000 for 1000"
	json_fields <<'EOF'
# agreed at talks in Türkiye
j["scope"]["exchange"]["place"]	Istanbul, Türkiye
j["scope"]["exchange"]["agreed_on"]	2025-05-16
j["scope"]["exchange"]["stage_count"]	3
# over the three days the Ministry of Internal Affairs counted 86 of its
# own: 55 Border Guard Service and 31 National Guard
j["branch_group"]["mia"]	86
j["branch"]["sbgs"]	55
j["branch"]["ngu"]	31
j["branch"]["police"]	0
# 1000 in total, and 1000 handed over
j["returned"]	1000
j["handed_over"]	1000
[s["returned"] for s in j["scope"]["stages"]]	[390, 307, 303]
[s["handed_over"] for s in j["scope"]["stages"]]	[390, 307, 303]
EOF
}

t_demo_lists_went_through_the_matcher()
{
	demo_db --persons 800
	# every incoming entry of the 52nd: matched, confirmed by the verifier
	hw exchange entries EX-000002/1 --direction in --format json
	expect_status 0
	json_fields <<'EOF'
len(j)	75
sorted({e["state"] for e in j})	['confirmed']
all(e["decided_by"] == "demo" and e["reason"].startswith("demo verifier:") for e in j)	True
sum(e["decision"] == "match" for e in j) > 60	True
any(e["as_written"]["full_name"] != e["person_name"] for e in j)	True
any(e["as_written"]["full_name"].isascii() for e in j)	True
EOF
	# stage 1 of "1000 for 1000" came in separate name columns
	hw exchange entries EX-000003/1 --direction in --format json
	expect_status 0
	json_fields <<'EOF'
len(j)	390
all(e["as_written"]["family_name"] for e in j)	True
EOF
}

t_demo_open_exchange()
{
	demo_db --persons 800
	hw exchange show EX-000004
	expect_status 0
	expect_stdout_contains "Demo: next exchange"
	expect_stdout_contains "in_progress"
	hw exchange entries EX-000004/1 --direction in --format json
	expect_status 0
	json_fields <<'EOF'
sum(e["state"] == "confirmed" for e in j) > 0	True
sum(e["state"] == "rejected" for e in j)	1
sum(e["state"] in ("pending", "ambiguous", "not_found") for e in j) > 0	True
EOF
	hw exchange entries EX-000004/1 --direction out --format json
	expect_status 0
	expect_json_field 'len(j)' 10
	# people left in captivity to propose
	hw exchange propose EX-000004 --count 5
	expect_status 0
	expect_stdout_contains "HW-"
	# the completed agreements stay completed
	hw exchange list --format json
	expect_status 0
	expect_json_field 'len(j)' 4
}

t_demo_existing_file()
{
	hw init
	expect_status 0
	local sum
	sum=$(db_checksum)
	hw demo --persons 100
	expect_status 1
	expect_stderr_line "homeward: '$HOMEWARD_DB' exists: give another --db, or --force to replace it"
	expect_stdout_empty
	expect_db_unchanged "$sum"
	# --force replaces it, and leaves no temporary file beside it
	demo_db --persons 100 --force
	hw exchange list
	expect_status 0
	expect_stdout_contains "1000 for 1000"
	expect_equal "$(find . -maxdepth 1 -name 'homeward.db.demo*' | wc -l)" 0 "temporary files"
}

t_demo_deterministic()
{
	hw --db a.db demo --persons 300 --seed 4
	expect_status 0
	hw --db b.db demo --persons 300 --seed 4
	expect_status 0
	hw --db c.db demo --persons 300 --seed 5
	expect_status 0
	hw --db a.db export persons --output a.csv
	hw --db b.db export persons --output b.csv
	hw --db c.db export persons --output c.csv
	expect_file_equals a.csv b.csv
	if cmp -s a.csv c.csv; then
		fail "seeds 4 and 5 give the same demo"
	fi
	hw --db a.db exchange entries EX-000003/2 --format csv
	cut -d, -f1-8 "$RUN_OUT" >a.entries
	hw --db b.db exchange entries EX-000003/2 --format csv
	cut -d, -f1-8 "$RUN_OUT" >b.entries
	expect_file_equals a.entries b.entries
}

t_demo_usage()
{
	hw demo --help
	expect_status 0
	expect_stdout_contains "usage: homeward [--db PATH] demo"
	hw demo --persons lots
	expect_status 2
	expect_stderr_contains "--persons takes a whole number"
	hw demo --threads 0
	expect_status 2
	hw demo extra
	expect_status 2
	expect_stderr_contains "unexpected argument 'extra'"
	expect_equal "$(find . -maxdepth 1 -name 'homeward.db*' | wc -l)" 0 "files created"
}

# run_demo: tools/demo.sh (what `make run` runs) on a free port, in the
# background; sets DEMO_PID and DEMO_BASE, or fails the case.
run_demo()
{
	: >demo.out # not the line of a server started before (see serve_start)
	"$E2E_DIR/../../tools/demo.sh" "$HOMEWARD" "$PWD/run.db" 127.0.0.1:0 \
		>demo.out 2>demo.err </dev/null &
	DEMO_PID=$!
	wait_listening DEMO_BASE demo.out "$DEMO_PID" 600 && return 0
	fail "make run's script did not start the server" "$(cat demo.out demo.err)"
	kill -9 "$DEMO_PID" 2>/dev/null
	return 1
}

# login_status USER PASSWORD: the HTTP status of a login.
login_status()
{
	python3 -c 'import json, sys; print(json.dumps({"user": sys.argv[1], "password": sys.argv[2]}))' \
		"$1" "$2" >login.json
	curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
		--data-binary @login.json "$DEMO_BASE/api/v1/login"
}

# `make run`: the demo database, a login for each role printed and kept
# owner-only, the server started; a second run reuses both.
t_demo_make_run()
{
	local role pw first
	run_demo || return
	expect_equal "$(stat -c %a run.db.logins)" 600 "mode of the logins file"
	expect_equal "$(wc -l <run.db.logins)" 6 "logins"
	first=$(head -n 1 run.db.logins)
	grep -qF "sign in  ${first%% *} / ${first##* }" demo.out ||
		fail "the first login is not printed" "$(cat demo.out)"
	for role in admin coordinator registrar verifier medical analyst; do
		pw=$(awk -v r="$role" '$1 == r { print $2 }' run.db.logins)
		expect_equal "$(login_status "$role" "$pw")" 200 "login as $role"
	done
	expect_equal "$(login_status coordinator wrong-password-123)" 401 "a wrong password"
	kill -TERM "$DEMO_PID"
	wait "$DEMO_PID"
	expect_equal "$?" 0 "exit status of the server after SIGTERM"
	# again: the same database and logins, no new demo
	cp run.db.logins before.logins
	run_demo || return
	expect_file_equals run.db.logins before.logins
	pw=$(awk '$1 == "analyst" { print $2 }' run.db.logins)
	expect_equal "$(login_status analyst "$pw")" 200 "login as analyst, second run"
	kill -TERM "$DEMO_PID"
	wait "$DEMO_PID"
}
