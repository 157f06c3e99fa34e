#!/usr/bin/env bash
# server.sh BUILD_DIR - `homeward serve` under load, with wrk on loopback,
# at N registry persons (issue 5's targets).
#
# Four loads of D seconds each, C connections over 2 wrk threads, against
# one server started with --threads T:
#   - reference: GET /healthz, which touches neither the session nor the
#     database: what the HTTP stack itself (libmicrohttpd, the dispatcher,
#     the security headers) gives on this machine in the same run;
#   - an authenticated GET of a random person (Bearer token; the session
#     checked, the person loaded, its audit record durable in the audit
#     journal before the answer): target >= 10,000 requests/s, p99 < 50 ms,
#     no errors;
#   - name search (GET /api/v1/search, names of the registry in Cyrillic
#     and in Latin): target >= 1,000 requests/s, p99 < 50 ms, no errors;
#   - PATCH of a person (If-Match; before/after audited in the write's
#     transaction, synchronous=FULL): target >= 200 writes/s, no errors.
# Afterwards `homeward audit verify` must find the chain intact with one
# record per person read and per edit.
#
# Environment: HW_BENCH_PERSONS (default 1000000), HW_BENCH_SEED (1),
# HW_BENCH_SECONDS (D, 10), HW_BENCH_CONNECTIONS (C, 32),
# HW_BENCH_THREADS (T, 16), HW_BENCH_DIR, HW_BENCH_KEEP.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

build=${1:?usage: bench/server.sh BUILD_DIR}
n=${HW_BENCH_PERSONS:-1000000}
seed=${HW_BENCH_SEED:-1}
secs=${HW_BENCH_SECONDS:-10}
conns=${HW_BENCH_CONNECTIONS:-32}
threads=${HW_BENCH_THREADS:-16}

hw=$build/src/cli/homeward
case $hw in /*) ;; *) hw=$PWD/$hw ;; esac
if [ ! -x "$hw" ]; then
	say "no homeward binary in '$build' (build it first: make build)"
	exit 2
fi
need wrk wrk || { say "wrk missing (package wrk; installed automatically as root)"; exit 2; }
need curl curl || { say "curl missing"; exit 2; }

work=$(mktemp -d "${HW_BENCH_DIR:-${TMPDIR:-/tmp}}/hw-bench-server.XXXXXX") || exit 2
server_pid=
cleanup()
{
	[ -n "$server_pid" ] && kill -9 "$server_pid" 2>/dev/null
	[ "${HW_BENCH_KEEP:-0}" = 1 ] && say "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
db=$work/reg.db
csv=$work/reg.csv
export HOMEWARD_DB=$db USER=bench

note "server: N=$n persons (seed $seed), wrk -t2 -c$conns -d${secs}s, serve --threads $threads"
say "server: generating and importing $n persons"
"$hw" generate persons "$n" --seed "$seed" >"$csv" || { failed "generate"; exit 1; }
"$hw" init >/dev/null || { failed "init"; exit 1; }
"$hw" import persons "$csv" >/dev/null || { failed "import persons"; exit 1; }
# names to search for: as registered (Cyrillic) and in a Latin spelling
python3 - "$csv" "$work/names.lua" <<'EOF' || { failed "names for search"; exit 1; }
import csv, random, sys
tr = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
              ["a","b","v","h","g","d","e","ie","zh","z","y","i","i","i","k","l","m","n",
               "o","p","r","s","t","u","f","kh","ts","ch","sh","shch","","iu","ia"]))
def latin(s):
    return "".join(tr.get(c, tr.get(c.lower(), c).capitalize() if c.isupper() else c)
                   for c in s)
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
random.seed(7)
pick = random.sample(rows, 1000)
out = []
for i, r in enumerate(pick):
    name = f"{r['family_name']} {r['given_name']}"
    out.append(name if i % 2 else latin(name))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("names = {\n")
    for s in out:
        f.write('  "%s",\n' % "".join("%%%02X" % b for b in s.encode()))
    f.write("}\n")
EOF
rm -f "$csv"
pw='bench-password-0123456789'
echo "$pw" | "$hw" user add bench --role registrar --password-stdin >/dev/null ||
	{ failed "user add"; exit 1; }

"$hw" serve --listen 127.0.0.1:0 --threads "$threads" >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
base=
for _ in $(seq 1 600); do
	base=$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9]*\)$|\1|p' "$work/serve.out")
	[ -n "$base" ] && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.2
done
[ -n "$base" ] || { failed "serve did not start: $(cat "$work/serve.err")"; exit 1; }
token=$(curl -sf -X POST -H 'Content-Type: application/json' \
	-d "{\"user\":\"bench\",\"password\":\"$pw\"}" "$base/api/v1/login" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])') ||
	{ failed "login"; exit 1; }
etag=$(curl -sf -D - -o /dev/null -H "Authorization: Bearer $token" \
	"$base/api/v1/persons/HW-000001" | tr -d '\r' | sed -n 's/^ETag: //Ip')
[ "$etag" = '"v1"' ] || { failed "imported persons are at version 1 (ETag $etag)"; exit 1; }

cat >"$work/common.lua" <<EOF
token = "$token"
n = $n
EOF
cat >"$work/get.lua" <<'EOF'
dofile(os.getenv("HW_LUA_DIR") .. "/common.lua")
math.randomseed(os.time())
request = function()
	return wrk.format("GET", string.format("/api/v1/persons/HW-%06d", math.random(1, n)),
			  { ["Authorization"] = "Bearer " .. token })
end
EOF
cat >"$work/search.lua" <<'EOF'
dofile(os.getenv("HW_LUA_DIR") .. "/common.lua")
dofile(os.getenv("HW_LUA_DIR") .. "/names.lua")
local i = 0
request = function()
	i = i + 1
	return wrk.format("GET", "/api/v1/search?q=" .. names[(i % #names) + 1],
			  { ["Authorization"] = "Bearer " .. token })
end
EOF
# each wrk thread edits its own persons, each once, from version 1
cat >"$work/patch.lua" <<'EOF'
dofile(os.getenv("HW_LUA_DIR") .. "/common.lua")
local counter = 1
setup = function(thread)
	thread:set("tid", counter)
	counter = counter + 1
end
local k = 0
request = function()
	k = k + 1
	-- ids wrap only when the registry is smaller than the writes
	local id = 100 + (k * 8 + tid) % (n - 200)
	return wrk.format("PATCH", string.format("/api/v1/persons/HW-%06d", id),
			  { ["Authorization"] = "Bearer " .. token,
			    ["Content-Type"] = "application/json",
			    ["If-Match"] = '"v1"' },
			  '{"notes":"checked by the bench"}')
end
EOF
export HW_LUA_DIR=$work

# load NAME URL [SCRIPT [CONNECTIONS]]: runs wrk; sets RPS, P99 (ms), ERRS
# (socket errors and non-2xx answers) and REQS.
load()
{
	local name=$1 url=$2 script=${3:-} c=${4:-$conns} out=$work/$1.wrk
	say "server: wrk $name ($c connections)"
	wrk -t2 -c"$c" -d"${secs}s" --latency ${script:+-s "$script"} "$url" >"$out" 2>&1
	RPS=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
	REQS=$(awk '/requests in/ { print $1 }' "$out")
	P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
		else if (v ~ /ms$/) sub(/ms$/, "", v); else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
		printf "%.2f\n", v }' "$out")
	ERRS=$(awk '/Non-2xx/ { e += $NF } /Socket errors/ { gsub(/,/, ""); e += $4 + $6 + $8 + $10 }
		END { print e + 0 }' "$out")
	: "${RPS:=nan}" "${P99:=nan}" "${REQS:=0}"
	say "server: $name: $RPS req/s, p99 $P99 ms, $ERRS errors"
}

load healthz "$base/healthz"
ref_rps=$RPS
emit server_ref_rps "$RPS" req/s
desc server_ref_rps "reference: GET /healthz (no session, no database), same server and load"

# measure NAME SCRIPT MIN_RPS P99_TARGET WHAT [CONNECTIONS]: a load, its
# targets (the rate, p99 under P99_TARGET ms or "-" for none, no errors)
# and its rate against the reference's.
measure()
{
	load "$1" "$base" "$2" "${6:-}"
	check "server_$1_rps" "$RPS" req/s "$3" ">="
	emit "server_$1_vs_ref" "$(ratio "$RPS" "$ref_rps")" x
	if [ "$4" = - ]; then
		emit "server_$1_p99" "$P99" ms
	else
		check "server_$1_p99" "$P99" ms "$4" "<"
	fi
	check "server_$1_errors" "$ERRS" count 0
	desc "server_$1_rps" "$5"
	desc "server_$1_vs_ref" "its rate as a fraction of the reference's (GET /healthz)"
}

measure get "$work/get.lua" 10000 50 \
	"authenticated GET of a random person, its audit record durable (journaled) first"
get_reqs=$REQS
measure search "$work/search.lua" 1000 50 \
	"GET /api/v1/search, half Cyrillic, half Latin spellings, $((conns / 4)) connections" \
	$((conns / 4))
# writes queue for the one writer SQLite allows: the target is the rate;
# their p99 under a saturating load is the queue's length, shown only
measure patch "$work/patch.lua" 200 - \
	"PATCH of a person with If-Match, audited before/after, synchronous=FULL"
patch_reqs=$REQS

kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || failed "serve did not stop cleanly: $(tail -5 "$work/serve.err")"
server_pid=
# "audit: R records of reads in S syncs of the journal, imported in T
# transactions" (or, without a journal, "... in S transactions")
line=$(grep 'audit: [0-9]* records of reads' "$work/serve.err" | tail -1)
records=$(echo "$line" | sed -n 's/.*audit: \([0-9]*\) records of reads in \([0-9]*\) .*/\1/p')
syncs=$(echo "$line" | sed -n 's/.*audit: \([0-9]*\) records of reads in \([0-9]*\) .*/\2/p')
imports=$(echo "$line" | sed -n 's/.*imported in \([0-9]*\) transactions.*/\1/p')
[ -n "$syncs" ] && emit server_audit_batch "$(ratio "$records" "$syncs")" records
desc server_audit_batch "records of reads made durable per sync (of the audit journal) by the group committer"
if [ -n "$imports" ]; then
	emit server_audit_import "$(ratio "$records" "$imports")" records
	desc server_audit_import "records of reads brought into the hash chain per import transaction"
fi
if "$hw" audit verify >"$work/verify.out" 2>&1; then
	total=$(sqlite3 "$db" 'SELECT count(*) FROM audit')
	reads=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'person.read'")
	edits=$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'person.update'")
	note "server: audit chain intact, $total records: $reads person reads (wrk counted $get_reqs GETs answered), $edits edits (wrk counted $patch_reqs)"
else
	failed "audit verify after the load: $(cat "$work/verify.out")"
fi
exit $((bench_errors > 0))
