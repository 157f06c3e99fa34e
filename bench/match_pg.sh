#!/usr/bin/env bash
# match_pg.sh BUILD_DIR - Homeward's matcher next to a PostgreSQL 15 +
# pg_trgm baseline, on the same registry and the same exchange list
# (bench/PG.md).
#
# In a temporary directory: generate N persons and a list of L lines
# (bench/listgen.py, with its truth), import the registry into Homeward and
# match the list; start a private PostgreSQL cluster there, load the same
# registry with bench/pg_baseline.py (transliterated names, GIN trigram
# indexes) and match the same list; score both with bench/match_eval.py and
# print them side by side: quality (precision, recall, found in the top 5,
# review load) and speed (loading and indexing the registry, matching the
# list).  The cluster is stopped and removed at exit, also on failure.
#
# Environment:
#   HW_BENCH_PERSONS     persons to generate (default 1000000)
#   HW_BENCH_LINES       lines in the list (default 1000)
#   HW_BENCH_SEED        seed of `homeward generate` (default 1)
#   HW_BENCH_LIST_SEED   seed of listgen.py (default 1; the baseline's
#                        thresholds were chosen on seed 2, see bench/PG.md)
#   HW_BENCH_DIR         where the temporary directory goes (default $TMPDIR or /tmp)
#   HW_BENCH_KEEP=1      keep the temporary directory (the cluster is stopped)
#
# Needs the Debian packages postgresql (15, with pg_trgm) and
# python3-psycopg2; run as root, the script installs them when missing and
# runs the cluster as the user postgres.
#
# Output: the BENCH/DESC/NOTE lines of bench/lib.sh on stdout; the side by
# side table is in the NOTE lines.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

build=${1:?usage: bench/match_pg.sh BUILD_DIR}
n=${HW_BENCH_PERSONS:-1000000}
lines=${HW_BENCH_LINES:-1000}
seed=${HW_BENCH_SEED:-1}
list_seed=${HW_BENCH_LIST_SEED:-1}

hw=$build/src/cli/homeward
[ -x "$hw" ] || hw=$build/homeward
case $hw in /*) ;; *) hw=$PWD/$hw ;; esac
if [ ! -x "$hw" ]; then
	say "no homeward binary in '$build' (build it first: make build)"
	exit 2
fi
for v in n:HW_BENCH_PERSONS lines:HW_BENCH_LINES seed:HW_BENCH_SEED list_seed:HW_BENCH_LIST_SEED; do
	var=${v%%:*}
	val=${!var}
	case $val in
	'' | *[!0-9]*) say "${v#*:} must be a whole number, not '$val'"; exit 2 ;;
	esac
done
need /usr/bin/time time || say "/usr/bin/time missing (install package 'time'): no peak RSS"

# ---- PostgreSQL and psycopg2 -------------------------------------------

pg_bindir() {
	local d
	for d in /usr/lib/postgresql/15/bin "$(pg_config --bindir 2>/dev/null)"; do
		[ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
	done
	return 1
}

apt_install() {
	[ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null || return 1
	say "installing $*"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1 &&
		  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

# A python3 that has psycopg2: the one on PATH, or Debian's (python3-psycopg2
# is built for /usr/bin/python3, which a pyenv or venv on PATH may hide).
find_python() {
	local p
	for p in python3 /usr/bin/python3; do
		command -v "$p" >/dev/null 2>&1 && "$p" -c 'import psycopg2' 2>/dev/null &&
			{ command -v "$p"; return 0; }
	done
	return 1
}

pg_ok=1
pgbin=$(pg_bindir) || { apt_install postgresql; pgbin=$(pg_bindir); } ||
	{ say "PostgreSQL 15 missing (install package 'postgresql'): no baseline"; pg_ok=0; }
# pg_trgm ships with the server package on Debian 12 (postgresql-contrib
# is a transitional package for it).
if [ "$pg_ok" = 1 ] && [ ! -e "$("$pgbin/pg_config" --sharedir 2>/dev/null ||
	echo /usr/share/postgresql/15)/extension/pg_trgm.control" ]; then
	apt_install postgresql-contrib || say "pg_trgm missing: the baseline will fail"
fi
pypg=
if [ "$pg_ok" = 1 ]; then
	pypg=$(find_python) || { apt_install python3-psycopg2; pypg=$(find_python); } ||
		{ say "psycopg2 missing (install package 'python3-psycopg2'): no baseline"; pg_ok=0; }
fi
# postgres refuses to run as root: as root, the cluster runs as 'postgres'.
pg_as=()
if [ "$pg_ok" = 1 ] && [ "$(id -u)" -eq 0 ]; then
	if id postgres >/dev/null 2>&1 && command -v runuser >/dev/null; then
		pg_as=(runuser -u postgres --)
	else
		say "running as root without a 'postgres' user: no baseline"
		pg_ok=0
	fi
fi

# ---- the temporary directory, and cleaning up --------------------------

work=$(mktemp -d "${HW_BENCH_DIR:-${TMPDIR:-/tmp}}/hw-matchpg.XXXXXX") || exit 3
pgdata=$work/pg/data
pg_started=0
cleanup() {
	if [ "$pg_started" = 1 ]; then
		"${pg_as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 ||
			say "could not stop the PostgreSQL cluster in $pgdata"
	fi
	if [ "${HW_BENCH_KEEP:-0}" = 1 ]; then
		say "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
csv=$work/persons.csv
list=$work/list.csv
truth=$work/truth.csv
note "match_pg: N=$n persons (seed $seed), list of $lines lines (listgen seed $list_seed), in $work"

# ---- data --------------------------------------------------------------

say "generating $n persons and a list of $lines lines"
timed generate "$hw" generate persons "$n" --seed "$seed" --output "$csv" || exit 1
timed listgen python3 "$here/listgen.py" "$csv" --lines "$lines" --seed "$list_seed" \
	--out "$list" --truth "$truth" --quiet || exit 1
desc pgcmp_listgen_wall "listgen.py: the list and its truth (not compared)"
emit pgcmp_listgen_wall "$T_WALL" s

# eval NAME RESULT: match_eval.py's figures as E_PRECISION, E_RECALL,
# E_FOUND, E_REVIEW, E_ABSENT ("nan" when it fails).
evaluate() {
	E_PRECISION=nan E_RECALL=nan E_FOUND=nan E_REVIEW=nan E_ABSENT=nan E_AUTO=nan
	if ! python3 "$here/match_eval.py" "$truth" "$2" --errors 20 >"$work/$1.eval" 2>&1; then
		failed "$1: match_eval.py: $(tail -n 2 "$work/$1.eval" | tr '\n' ' ')"
		return 1
	fi
	E_PRECISION=$(awk '$2 == "match_precision" { print $3 }' "$work/$1.eval")
	E_RECALL=$(awk '$2 == "match_recall" { print $3 }' "$work/$1.eval")
	E_FOUND=$(awk '$2 == "match_found" { print $3 }' "$work/$1.eval")
	E_REVIEW=$(awk '$2 == "match_review_load" { print $3 }' "$work/$1.eval")
	E_ABSENT=$(awk '/^absent decided none/ { print $4 }' "$work/$1.eval")
	E_AUTO=$(awk '/^auto-matched/ { print $2 }' "$work/$1.eval")
	say "$1: precision $E_PRECISION, recall $E_RECALL, found $E_FOUND, review $E_REVIEW, absent none $E_ABSENT"
}

# ---- Homeward ----------------------------------------------------------

hw_db=$work/registry.db
threads=$(nproc)
HW_IMPORT=nan HW_MATCH=nan HW_MATCH1=nan HW_START=nan HW_RSS=nan
say "homeward: init + import persons"
if "$hw" --db "$hw_db" init >"$work/init.out" 2>&1; then
	timed hw_import "$hw" --db "$hw_db" import persons "$csv" && HW_IMPORT=$T_WALL
else
	failed "homeward init: $(cat "$work/init.out")"
fi
# The candidate index is built in memory when `match` starts: a list of
# one line measures that (and process start-up); the whole list minus it
# is the matching itself.
head -n 2 "$list" >"$work/one.csv"
if [ "$HW_IMPORT" != nan ]; then
	say "homeward: match a one-line list (start-up + candidate index)"
	timed hw_match_one "$hw" --db "$hw_db" match "$work/one.csv" --output "$work/hw_one.csv" &&
		HW_START=$T_WALL
	say "homeward: match the list ($threads threads, the default)"
	timed hw_match "$hw" --db "$hw_db" match "$list" --output "$work/hw.csv" &&
		{ HW_MATCH=$T_WALL HW_RSS=$T_RSS; }
	say "homeward: match the list (--threads 1)"
	timed hw_match1 "$hw" --db "$hw_db" match "$list" --threads 1 --output "$work/hw1.csv" &&
		HW_MATCH1=$T_WALL
	cmp -s "$work/hw.csv" "$work/hw1.csv" || note "homeward: --threads 1 and $threads give different results"
	# the matcher in-process (bench/bench_match.c): index build next to the
	# bare scan of the same rows, the list on two threads once the index is
	# loaded, search latency, memory; its BENCH lines go out as they are
	if [ -x "$build/bench/bench_match" ]; then
		say "homeward: the matcher in-process (bench_match)"
		"$build/bench/bench_match" "$hw_db" "$list" 2 2000 || note "bench_match failed"
	fi
fi
if [ -s "$work/hw.csv" ]; then
	evaluate hw "$work/hw.csv"
else
	E_PRECISION=nan E_RECALL=nan E_FOUND=nan E_REVIEW=nan E_ABSENT=nan E_AUTO=nan
fi
HP=$E_PRECISION HR=$E_RECALL HF=$E_FOUND HV=$E_REVIEW HA=$E_ABSENT HM=$E_AUTO
rm -f "$hw_db" "$hw_db-wal" "$hw_db-shm"

# ---- PostgreSQL --------------------------------------------------------

PG_START=nan PG_TR=nan PG_COPY=nan PG_IX_NAMES=nan PG_IX_FAM=nan PG_LOADIX=nan
PG_MATCH=nan PG_QMED=nan PG_QP95=nan PG_SIZE=nan PG_VERSION=unknown
PP=nan PR=nan PF=nan PV=nan PA=nan PM=nan

# kv FILE KEY: the value of a `key value` line of pg_baseline.py.
kv() { awk -v k="$2" '$1 == k { print $2; f = 1 } END { if (!f) print "nan" }' "$1"; }

pg_start() {
	local sock=$work/pg conf
	mkdir -p "$sock"
	if [ "${#pg_as[@]}" -gt 0 ]; then
		# the cluster's user must reach the directory, and own its part
		chmod 711 "$work" && chown postgres "$sock" || return 1
		if ! "${pg_as[@]}" test -x "$work"; then
			failed "postgres cannot reach $work (set HW_BENCH_DIR to a directory others can enter)"
			return 1
		fi
	fi
	if ! "${pg_as[@]}" "$pgbin/initdb" -D "$pgdata" -U postgres --auth=trust \
		--encoding=UTF8 --locale=C >"$work/initdb.out" 2>&1; then
		failed "initdb: $(tail -n 3 "$work/initdb.out" | tr '\n' ' ')"
		return 1
	fi
	conf=$pgdata/postgresql.conf
	# Modest tuning for a machine with a few GB; durability off (fsync,
	# full_page_writes, synchronous_commit) as usual for a benchmark: the
	# cluster is thrown away.  Homeward's import keeps its fsyncs.
	"${pg_as[@]}" tee -a "$conf" >/dev/null <<-EOF
		listen_addresses = ''
		unix_socket_directories = '$sock'
		port = 5432
		shared_buffers = 1GB
		work_mem = 64MB
		maintenance_work_mem = 1GB
		effective_cache_size = 4GB
		max_wal_size = 4GB
		checkpoint_timeout = 30min
		fsync = off
		synchronous_commit = off
		full_page_writes = off
		jit = off
	EOF
	pg_started=1
	if ! "${pg_as[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$work/pg/log" -w -t 60 start \
		>"$work/pg_ctl.out" 2>&1; then
		failed "pg_ctl start: $(tail -n 3 "$work/pg/log" | tr '\n' ' ')"
		return 1
	fi
	PG_VERSION=$("$pgbin/postgres" --version | awk '{ print $3 }')
}

if [ "$pg_ok" = 1 ]; then
	say "PostgreSQL: a private cluster in $work/pg"
	t0=$(date +%s%N)
	if pg_start; then
		PG_START=$(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f\n", (b - a) / 1e9 }')
		say "PostgreSQL $PG_VERSION: load, transliterate, index"
		if timed pg_load "$pypg" "$here/pg_baseline.py" load --host "$work/pg" --tmpdir "$work" "$csv"; then
			PG_LOADIX=$T_WALL
			PG_TR=$(kv "$work/pg_load.out" translit_s)
			PG_COPY=$(kv "$work/pg_load.out" copy_s)
			PG_IX_NAMES=$(kv "$work/pg_load.out" index_names_s)
			PG_IX_FAM=$(kv "$work/pg_load.out" index_family_s)
			PG_SIZE=$(kv "$work/pg_load.out" size_total_mib)
			note "pg load: $(tr '\n' ' ' <"$work/pg_load.out")"
			say "PostgreSQL: match the list (one connection, one line at a time)"
			if timed pg_match "$pypg" "$here/pg_baseline.py" match --host "$work/pg" "$list" \
				--output "$work/pg.csv"; then
				PG_MATCH=$(kv "$work/pg_match.out" match_s)
				PG_QMED=$(kv "$work/pg_match.out" query_median_ms)
				PG_QP95=$(kv "$work/pg_match.out" query_p95_ms)
				evaluate pg "$work/pg.csv"
				PP=$E_PRECISION PR=$E_RECALL PF=$E_FOUND PV=$E_REVIEW PA=$E_ABSENT PM=$E_AUTO
			fi
		fi
	fi
else
	failed "PostgreSQL baseline skipped (see the log)"
fi

# ---- figures -----------------------------------------------------------

hw_matching=$(awk -v a="$HW_MATCH" -v b="$HW_START" 'BEGIN { if (a == "nan" || b == "nan") print "nan"; else printf "%.2f\n", (a > b ? a - b : 0) }')
hw_per_line=$(awk -v a="$hw_matching" -v n="$lines" 'BEGIN { if (a == "nan") print "nan"; else printf "%.3f\n", a * 1000 / n }')

desc pgcmp_hw_precision "homeward match: precision of automatic matches (match_eval.py)"
emit pgcmp_hw_precision "$HP" ratio
desc pgcmp_pg_precision "pg_trgm baseline: precision of automatic matches"
emit pgcmp_pg_precision "$PP" ratio
desc pgcmp_hw_recall "homeward match: recall of automatic matches"
emit pgcmp_hw_recall "$HR" ratio
desc pgcmp_pg_recall "pg_trgm baseline: recall of automatic matches"
emit pgcmp_pg_recall "$PR" ratio
desc pgcmp_hw_found "homeward match: person matched or in the top 5 for review"
emit pgcmp_hw_found "$HF" ratio
desc pgcmp_pg_found "pg_trgm baseline: person matched or in the top 5 for review"
emit pgcmp_pg_found "$PF" ratio
desc pgcmp_hw_review_load "homeward match: share of lines sent to review"
emit pgcmp_hw_review_load "$HV" ratio
desc pgcmp_pg_review_load "pg_trgm baseline: share of lines sent to review"
emit pgcmp_pg_review_load "$PV" ratio
desc pgcmp_hw_import_wall "homeward import persons (the registry, loaded and indexed)"
emit pgcmp_hw_import_wall "$HW_IMPORT" s
desc pgcmp_pg_load_wall "pg_trgm: transliterate + COPY + ANALYZE + 3 GIN indexes + VACUUM (pg_baseline.py load)"
emit pgcmp_pg_load_wall "$PG_LOADIX" s
desc pgcmp_pg_gin_wall "pg_trgm: the three GIN trigram index builds"
emit pgcmp_pg_gin_wall "$(awk -v a="$PG_IX_NAMES" -v b="$PG_IX_FAM" 'BEGIN { if (a == "nan" || b == "nan") print "nan"; else printf "%.2f\n", a + b }')" s
desc pgcmp_hw_match_wall "homeward match LIST, whole command, $threads threads (start-up and candidate index included)"
emit pgcmp_hw_match_wall "$HW_MATCH" s
desc pgcmp_hw_match1_wall "homeward match LIST --threads 1, whole command"
emit pgcmp_hw_match1_wall "$HW_MATCH1" s
desc pgcmp_hw_match_rss "homeward match LIST: peak resident set"
emit pgcmp_hw_match_rss "$HW_RSS" MiB
desc pgcmp_hw_start_wall "homeward match of a one-line list: start-up + in-memory candidate index"
emit pgcmp_hw_start_wall "$HW_START" s
desc pgcmp_hw_line_ms "homeward: (match_wall - start_wall) / lines"
emit pgcmp_hw_line_ms "$hw_per_line" ms
desc pgcmp_pg_match_wall "pg_trgm: the list, one connection, sequential (loop inside pg_baseline.py)"
emit pgcmp_pg_match_wall "$PG_MATCH" s
desc pgcmp_pg_query_median "pg_trgm: median time of one line (queries + scoring)"
emit pgcmp_pg_query_median "$PG_QMED" ms
desc pgcmp_pg_query_p95 "pg_trgm: 95th percentile of one line"
emit pgcmp_pg_query_p95 "$PG_QP95" ms
desc pgcmp_match_ratio "pgcmp_pg_match_wall / pgcmp_hw_match1_wall (both one thread, both warm)"
emit pgcmp_match_ratio "$(ratio "$PG_MATCH" "$HW_MATCH1")" x
desc pgcmp_load_ratio "pgcmp_pg_load_wall / pgcmp_hw_import_wall"
emit pgcmp_load_ratio "$(ratio "$PG_LOADIX" "$HW_IMPORT")" x
desc pgcmp_pg_size "pg_trgm: table + indexes (pg_total_relation_size)"
emit pgcmp_pg_size "$PG_SIZE" MiB

# The side by side table, as notes.
row() { note "$(printf '%-40s %12s %12s' "$@")"; }
row "N=$n persons, $lines lines" "Homeward" "PG $PG_VERSION"
row "precision (auto matches)" "$HP" "$PP"
row "recall (auto matches)" "$HR" "$PR"
row "found (match or top 5 in review)" "$HF" "$PF"
row "review load (share of lines)" "$HV" "$PV"
row "auto-matched lines" "$HM" "$PM"
row "absent people decided none" "$HA" "$PA"
row "load + index the registry (s)" "$HW_IMPORT" "$PG_LOADIX"
row "  of which: transliterate, COPY (s)" "-" "$PG_TR + $PG_COPY"
row "  of which: GIN names, family (s)" "-" "$PG_IX_NAMES + $PG_IX_FAM"
row "match the list, whole (s)" "$HW_MATCH" "$PG_MATCH"
row "  homeward --threads 1 (s)" "$HW_MATCH1" "-"
row "  start-up + candidate index (s)" "$HW_START" "-"
row "  per line (ms; PG: median, p95)" "$hw_per_line" "$PG_QMED, $PG_QP95"
[ "$PG_START" = nan ] || note "PostgreSQL cluster: initdb + start in $PG_START s (not counted)"
for k in hw pg; do
	[ -f "$work/$k.eval" ] || continue
	grep -E '^(wrong matches|missed):' "$work/$k.eval" | head -n 5 | sed "s/^/$k: /" |
		while IFS= read -r l; do note "$l"; done
done
[ "$bench_errors" -eq 0 ]
