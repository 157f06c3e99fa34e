#!/usr/bin/env bash
# exchange.sh BUILD_DIR - an exchange stage at scale: the other side's list
# of L lines (bench/listgen.py) imported and matched against N registry
# persons with `homeward exchange import`, verified (`verify
# --all-proposed`, then the rest rejected in one call), and the stage
# completed in one transaction.
#
# References measured in the same run, on the same data:
#   - `homeward match` of the same list: matching alone, nothing stored;
#     the import's extra time is what storing the entries costs;
#   - sqlite3 appending as many `returned` events and status updates in one
#     transaction to a copy of the database: what completion costs in SQL
#     alone, without checking a transition or loading a person.
#
# Environment: HW_BENCH_PERSONS (default 1000000), HW_BENCH_LINES (1000),
# HW_BENCH_SEED (1), HW_BENCH_LIST_SEED (1), HW_BENCH_DIR, HW_BENCH_KEEP.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

build=${1:?usage: bench/exchange.sh BUILD_DIR}
n=${HW_BENCH_PERSONS:-1000000}
lines=${HW_BENCH_LINES:-1000}
seed=${HW_BENCH_SEED:-1}
list_seed=${HW_BENCH_LIST_SEED:-1}

hw=$build/src/cli/homeward
case $hw in /*) ;; *) hw=$PWD/$hw ;; esac
if [ ! -x "$hw" ]; then
	say "no homeward binary in '$build' (build it first: make build)"
	exit 2
fi
need sqlite3 sqlite3 || { say "sqlite3 missing (package sqlite3)"; exit 2; }
need /usr/bin/time time || say "/usr/bin/time missing (install package 'time'): no peak RSS"

work=$(mktemp -d "${HW_BENCH_DIR:-${TMPDIR:-/tmp}}/hw-bench-exchange.XXXXXX") || exit 2
cleanup() { [ "${HW_BENCH_KEEP:-0}" = 1 ] && say "kept $work" || rm -rf "$work"; }
trap cleanup EXIT
db=$work/reg.db
csv=$work/reg.csv
list=$work/list.csv
truth=$work/truth.csv
export HOMEWARD_DB=$db USER=bench

note "exchange: N=$n persons (seed $seed), a list of $lines lines (listgen seed $list_seed)"
say "exchange: generating and importing $n persons"
"$hw" generate persons "$n" --seed "$seed" >"$csv" || { failed "generate"; exit 1; }
"$hw" init >/dev/null || { failed "init"; exit 1; }
"$hw" import persons "$csv" >/dev/null || { failed "import persons"; exit 1; }
python3 "$here/listgen.py" "$csv" --lines "$lines" --seed "$list_seed" --out "$list" \
	--truth "$truth" --quiet || { failed "listgen.py"; exit 1; }
rm -f "$csv"

"$hw" exchange create "Bench $lines for $lines" --agreed 2025-05-16 --quota-in "$lines" \
	--quota-out 0 >/dev/null &&
	"$hw" exchange stage add EX-000001 --date 2025-05-23 --planned-in "$lines" \
		--planned-out 0 >/dev/null || { failed "exchange create"; exit 1; }

# ---- import and match, next to matching alone --------------------------

timed match_ref "$hw" match "$list" --output "$work/match.csv"
ref_wall=$T_WALL
desc xchg_match_ref_wall "reference: homeward match of the same list (index build + match)"
emit xchg_match_ref_wall "$ref_wall" s

timed xchg_import "$hw" exchange import EX-000001/1 "$list"
import_wall=$T_WALL
desc xchg_import_wall "exchange import: index build, match $lines lines, store every entry"
emit xchg_import_wall "$import_wall" s
desc xchg_import_rss "peak resident memory of exchange import"
emit xchg_import_rss "$T_RSS" MiB
desc xchg_import_ratio "exchange import / homeward match (the cost of storing the entries)"
emit xchg_import_ratio "$(ratio "$import_wall" "$ref_wall")" x
note "import: $(head -n 1 "$work/xchg_import.out")"

# The stored decisions are the matcher's.  They differ from `homeward match`
# only where the import, which considers our own people alone (the other
# side hands over ours), leaves out a detainee that match proposed.
"$hw" exchange entries EX-000001/1 --format csv >"$work/entries.csv" ||
	failed "exchange entries"
differ=$(python3 - "$work/entries.csv" "$work/match.csv" "$db" <<'EOF'
import csv, sqlite3, sys
e = {r["line"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
m = {r["line"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8"))}
db = sqlite3.connect(sys.argv[3])
def held(ref):
    # match names a person by its first external ref (SOURCE:REF) or HW-
    if ref.startswith("HW-"):
        row = db.execute("SELECT held_by FROM persons WHERE id = ?", (int(ref[3:]),)).fetchone()
    else:
        src, _, r = ref.partition(":")
        row = db.execute("SELECT p.held_by FROM persons p JOIN external_refs x "
                         "ON x.person_id = p.id WHERE x.source = ? AND x.ref = ?",
                         (src, r)).fetchone()
    return row[0] if row else None
differ = unexplained = 0
for k, r in m.items():
    if e.get(k, {}).get("decision") == r["decision"]:
        continue
    differ += 1
    refs = [r["ref"]] if r["ref"] else [c for c in r["candidates"].split(";") if c]
    if not any(held(x) == "us" for x in refs):
        unexplained += 1
if len(e) != len(m) or unexplained:
    sys.exit("%d lines decided otherwise with no detainee among match's candidates" % unexplained)
print(differ)
EOF
) || failed "entries differ from match"
note "import: $differ of $lines lines decided otherwise than by 'homeward match', each because a detainee it proposed is no candidate for an incoming list"

# ---- verification --------------------------------------------------------

timed xchg_verify "$hw" exchange verify EX-000001/1 --confirm --all-proposed \
	--reason "bench: checked"
desc xchg_verify_wall "verify --all-proposed: confirm every pending entry (each checked, listed)"
emit xchg_verify_wall "$T_WALL" s
note "verify: $(tail -n 1 "$work/xchg_verify.out")"

"$hw" exchange entries EX-000001/1 --format csv >"$work/entries.csv"
mapfile -t open_lines < <(python3 - "$work/entries.csv" <<'EOF'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["state"] in ("pending", "ambiguous", "not_found"):
        print(r["line"])
EOF
)
if [ "${#open_lines[@]}" -gt 0 ]; then
	timed xchg_reject "$hw" exchange verify EX-000001/1 "${open_lines[@]}" --reject \
		--reason "bench: not confirmed"
	desc xchg_reject_wall "verify --reject of the ${#open_lines[@]} undecided lines in one call"
	emit xchg_reject_wall "$T_WALL" s
fi
confirmed=$(python3 -c '
import csv, sys
print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["state"] == "confirmed"))
' "$work/entries.csv")

# ---- completion, next to the same writes in plain SQL --------------------

cp "$db" "$work/ref.db"
python3 - "$work/ref.db" "$confirmed" >"$work/ref.sql" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
ids = [r[0] for r in db.execute(
    "SELECT person_id FROM list_entries WHERE state = 'confirmed' AND person_id IS NOT NULL")]
print("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; BEGIN;")
for i in ids:
    print("INSERT INTO events (person_id, type, date, status_after, note, stage_id, recorded_at) "
          "VALUES (%d, 'returned', '2025-05-23', 'returned', 'exchange', 1, '2025-05-23T00:00:00Z');" % i)
    print("UPDATE persons SET status = 'returned' WHERE id = %d;" % i)
print("COMMIT;")
EOF
timed complete_ref sqlite3 "$work/ref.db" ".read $work/ref.sql"
ref_complete=$T_WALL
desc xchg_complete_ref_wall "reference: sqlite3 writing the same events and statuses in one transaction"
emit xchg_complete_ref_wall "$ref_complete" s

timed xchg_complete "$hw" exchange complete EX-000001/1 --force \
	--reason "bench: the rest were not ours"
complete_wall=$T_WALL
desc xchg_complete_wall "exchange complete: $confirmed returned, checked and written in one transaction"
emit xchg_complete_wall "$complete_wall" s
desc xchg_complete_ratio "exchange complete / the sqlite3 reference"
emit xchg_complete_ratio "$(ratio "$complete_wall" "$ref_complete")" x
note "complete: $(cat "$work/xchg_complete.out")"

returned=$(sqlite3 "$db" "SELECT count(*) FROM events WHERE type = 'returned' AND stage_id = 1")
[ "$returned" = "$confirmed" ] ||
	failed "completion recorded $returned returned events for $confirmed confirmed entries"

[ "$bench_errors" -eq 0 ]
