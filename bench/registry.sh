#!/usr/bin/env bash
# registry.sh BUILD_DIR - the registry at scale (bench/README.md).
#
# In a temporary directory: generate N persons, import them into a new
# database, export them as CSV and JSON, measure the database's size per
# person and the latency of `person show` (process and library level),
# each next to a reference measured in the same run with the sqlite3
# shell on the same data, so that the ratios survive a noisy machine.
#
# Environment:
#   HW_BENCH_PERSONS     persons to generate (default 1000000)
#   HW_BENCH_SEED        generator seed (default 1)
#   HW_BENCH_REPEAT      runs of import, export and their references (default 3)
#   HW_BENCH_SHOW_RUNS   hyperfine runs per reference (default 200)
#   HW_BENCH_SHOW_ROUNDS rounds the runs are spread over (default 4)
#   HW_BENCH_LOOKUPS     bench_show lookups per kind of reference (default 10000)
#   HW_BENCH_DIR         where the temporary directory goes (default $TMPDIR or /tmp)
#   HW_BENCH_KEEP=1      keep the temporary directory (its path is printed)
#
# Output: the BENCH/DESC/NOTE lines of bench/lib.sh on stdout.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"

build=${1:?usage: bench/registry.sh BUILD_DIR}
n=${HW_BENCH_PERSONS:-1000000}
seed=${HW_BENCH_SEED:-1}
runs=${HW_BENCH_SHOW_RUNS:-200}
rounds=${HW_BENCH_SHOW_ROUNDS:-4}
repeat=${HW_BENCH_REPEAT:-3}
lookups=${HW_BENCH_LOOKUPS:-10000}

hw=$build/src/cli/homeward
[ -x "$hw" ] || hw=$build/homeward
bench_show=$build/bench/bench_show
if [ ! -x "$hw" ]; then
	say "no homeward binary in '$build' (build it first: make build)"
	exit 2
fi
for v in n:HW_BENCH_PERSONS repeat:HW_BENCH_REPEAT runs:HW_BENCH_SHOW_RUNS \
	rounds:HW_BENCH_SHOW_ROUNDS lookups:HW_BENCH_LOOKUPS; do
	var=${v%%:*}
	val=${!var}
	case $val in
	'' | *[!0-9]* | 0) say "${v#*:} must be a positive whole number, not '$val'"; exit 2 ;;
	esac
done
need /usr/bin/time time || say "/usr/bin/time missing (install package 'time'): no peak RSS"
need hyperfine hyperfine || say "hyperfine missing (install package 'hyperfine'): no process-level latency"
need sqlite3 sqlite3 || say "sqlite3 missing (install package 'sqlite3'): no references"

work=$(mktemp -d "${HW_BENCH_DIR:-${TMPDIR:-/tmp}}/hw-bench.XXXXXX") || exit 3
cleanup() {
	if [ "${HW_BENCH_KEEP:-0}" = 1 ]; then
		say "kept $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT
db=$work/registry.db
csv=$work/persons.csv
note "registry: N=$n persons, seed $seed, in $work"

# ---- generate ----------------------------------------------------------

bench_generate() {
	say "generating $n persons"
	timed generate "$hw" generate persons "$n" --seed "$seed" --output "$csv"
	desc generate_wall "homeward generate persons N --output (wall clock)"
	emit generate_wall "$T_WALL" s
	desc generate_rss "homeward generate: peak resident set"
	emit generate_rss "$T_RSS" MiB
	desc csv_bytes_per_person "size of the generated CSV / N"
	emit csv_bytes_per_person "$(awk -v b="$(bytes "$csv")" -v n="$n" 'BEGIN { printf "%.0f\n", b / n }')" B
}

# ---- import ------------------------------------------------------------

# Import and its reference run `repeat` times, alternately, each into a
# new database: a burst of load from another user of the machine then
# hits one pair, and the median (of the times and of the per-pair ratios)
# leaves it out.

import_once() {
	local r=$1 rows
	rm -f "$db" "$db-wal" "$db-shm"
	if ! "$hw" --db "$db" init >"$work/init.out" 2>&1; then
		failed "init: $(cat "$work/init.out")"
		return 1
	fi
	timed "import$r" "$hw" --db "$db" import persons "$csv" || return 1
	rows=$(grep -o '[0-9]* created' "$work/import$r.out" | cut -d' ' -f1)
	[ "${rows:-}" = "$n" ] || failed "import: expected $n persons created, got '$(cat "$work/import$r.out")'"
}

# The floor: the sqlite3 shell loading the same CSV into one plain table
# (no parsing into persons, no validation, no indexes, no events), with
# the store's journal settings (WAL, synchronous=FULL).
ref_import_once() {
	rm -f "$work/ref.db" "$work/ref.db-wal" "$work/ref.db-shm"
	timed "ref_import$1" sqlite3 -bail -cmd 'PRAGMA journal_mode=WAL' -cmd 'PRAGMA synchronous=FULL' \
		-cmd '.mode csv' "$work/ref.db" ".import '$csv' persons"
}

bench_import() {
	local r w c
	local -a walls=() cpus=() rss=() ref_walls=() ref_cpus=() ratios=() cpu_ratios=()
	for r in $(seq 1 "$repeat"); do
		say "import $r/$repeat: homeward import persons, then sqlite3 .import"
		import_once "$r"
		w=$T_WALL c=$(cpu)
		walls+=("$w") cpus+=("$c") rss+=("$T_RSS")
		command -v sqlite3 >/dev/null || continue
		ref_import_once "$r"
		ref_walls+=("$T_WALL") ref_cpus+=("$(cpu)")
		ratios+=("$(ratio "$w" "$T_WALL")") cpu_ratios+=("$(ratio "$c" "$(cpu)")")
	done
	note "import_wall runs (s): ${walls[*]}; ref_import_wall runs (s): ${ref_walls[*]}"
	desc import_wall "homeward import persons, median of $repeat (wall clock; target 30 s per 1M persons)"
	check import_wall "$(median "${walls[@]}")" s "$(scale 30 "$n")"
	desc import_cpu "homeward import: user + system CPU, median"
	emit import_cpu "$(median "${cpus[@]}")" s
	desc import_rss "homeward import: peak resident set, largest"
	emit import_rss "$(maximum "${rss[@]}")" MiB
	desc import_rate "persons imported per second (N / import_wall)"
	emit import_rate "$(awk -v w="$(median "${walls[@]}")" -v n="$n" 'BEGIN { if (w == "nan" || w == 0) print "nan"; else printf "%.0f\n", n / w }')" persons/s
	[ "${#ref_walls[@]}" -gt 0 ] || return 0
	desc ref_import_wall "reference: sqlite3 .mode csv + .import of the same CSV into a plain table, median"
	emit ref_import_wall "$(median "${ref_walls[@]}")" s
	desc ref_import_cpu "reference: its user + system CPU, median"
	emit ref_import_cpu "$(median "${ref_cpus[@]}")" s
	desc import_ratio "import_wall / ref_import_wall, median of the $repeat pairs"
	emit import_ratio "$(median "${ratios[@]}")" x
	desc import_cpu_ratio "import_cpu / ref_import_cpu, median of the $repeat pairs"
	emit import_cpu_ratio "$(median "${cpu_ratios[@]}")" x
}

# ---- size --------------------------------------------------------------

bench_size() {
	local size ref_size
	sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>"$work/checkpoint.err" ||
		failed "checkpoint: $(cat "$work/checkpoint.err")"
	size=$(bytes "$db" "$db-wal")
	desc db_size "database after a checkpoint (main file + WAL)"
	emit db_size "$(awk -v b="$size" 'BEGIN { printf "%.1f\n", b / 1048576 }')" MiB
	desc db_bytes_per_person "database size / N"
	emit db_bytes_per_person "$(awk -v b="$size" -v n="$n" 'BEGIN { printf "%.0f\n", b / n }')" B
	if [ -e "$work/ref.db" ]; then
		sqlite3 "$work/ref.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null 2>&1
		ref_size=$(bytes "$work/ref.db" "$work/ref.db-wal")
		desc db_size_ratio "database size / the reference's plain table of the CSV"
		emit db_size_ratio "$(ratio "$size" "$ref_size")" x
	fi
	# Where the bytes go, table by table (when sqlite3 has dbstat).
	sqlite3 "$db" "SELECT name, round(sum(pgsize) / 1048576.0, 1) FROM dbstat
		GROUP BY name ORDER BY sum(pgsize) DESC" 2>/dev/null |
		awk -F'|' 'BEGIN { s = "size by table/index (MiB):" } { s = s " " $1 "=" $2 } END { if (NR) print "NOTE " s }'
}

# ---- export ------------------------------------------------------------

# The floor: the sqlite3 shell reading the same rows the export reads
# (every person, its name records, references and tags, in id order) and
# writing them as CSV to a file beside the export.
ref_export_once() {
	local q
	q="SELECT p.*,
	  (SELECT group_concat(kind || ';' || script || ';' || family || ';' || given || ';' ||
	          ifnull(patronymic, ''), '|') FROM names n WHERE n.person_id = p.id),
	  (SELECT group_concat(source || ':' || ref, ';') FROM external_refs r WHERE r.person_id = p.id),
	  (SELECT group_concat(tag, ';') FROM person_tags t WHERE t.person_id = p.id)
	FROM persons p ORDER BY p.id"
	TIMED_STDOUT=$work/ref_export.csv timed "ref_export$1" sqlite3 -bail -readonly -csv "$db" "$q"
	rm -f "$work/ref_export.csv"
}

bench_export() {
	local r w
	local -a walls=() cpus=() rss=() ref_walls=() ratios=()
	for r in $(seq 1 "$repeat"); do
		say "export $r/$repeat: homeward export persons (CSV), then sqlite3 -csv"
		rm -f "$work/export.csv"
		timed "export$r" "$hw" --db "$db" export persons --output "$work/export.csv"
		w=$T_WALL
		walls+=("$w") cpus+=("$(cpu)") rss+=("$T_RSS")
		command -v sqlite3 >/dev/null || continue
		ref_export_once "$r"
		ref_walls+=("$T_WALL") ratios+=("$(ratio "$w" "$T_WALL")")
	done
	note "export_wall runs (s): ${walls[*]}; ref_export_wall runs (s): ${ref_walls[*]}"
	desc export_wall "homeward export persons --output (CSV), median of $repeat (target 15 s per 1M persons)"
	check export_wall "$(median "${walls[@]}")" s "$(scale 15 "$n")"
	desc export_cpu "homeward export (CSV): user + system CPU, median"
	emit export_cpu "$(median "${cpus[@]}")" s
	desc export_rss "homeward export (CSV): peak resident set, largest"
	emit export_rss "$(maximum "${rss[@]}")" MiB
	desc export_csv_bytes_per_person "size of the exported CSV / N"
	emit export_csv_bytes_per_person "$(awk -v b="$(bytes "$work/export.csv")" -v n="$n" 'BEGIN { printf "%.0f\n", b / n }')" B
	rm -f "$work/export.csv"
	if [ "${#ref_walls[@]}" -gt 0 ]; then
		desc ref_export_wall "reference: sqlite3 -csv SELECT of persons + names + refs + tags to a file, median"
		emit ref_export_wall "$(median "${ref_walls[@]}")" s
		desc export_ratio "export_wall / ref_export_wall, median of the $repeat pairs"
		emit export_ratio "$(median "${ratios[@]}")" x
	fi

	say "export: JSON, once"
	timed export_json "$hw" --db "$db" export persons --format json --output "$work/export.json"
	desc export_json_wall "homeward export persons --format json --output, once (informative)"
	emit export_json_wall "$T_WALL" s
	desc export_json_rss "homeward export (JSON): peak resident set"
	emit export_json_rss "$T_RSS" MiB
	rm -f "$work/export.json"
}

# ---- person show -------------------------------------------------------

# shell_quote ARG...: the arguments as one command line, each quoted, for
# hyperfine (which splits its command into words like a shell).
shell_quote() {
	local a s=
	for a in "$@"; do
		s="$s '${a//\'/\'\\\'\'}'"
	done
	echo "${s# }"
}

# bench_show_cli: `person show` and its references under hyperfine.  The
# runs of each command are spread over `rounds` rounds that take every
# command in turn, so that a burst of load from elsewhere falls on all of
# them alike; the median and p95 are over all the runs of a command.
bench_show_cli() {
	local mid=$(((n + 1) / 2)) per=$(((runs + rounds - 1) / rounds)) r i ref label
	local -a names=() cmds=() whats=() ok=() S_MEDIAN=() S_P95=()
	command -v hyperfine >/dev/null || return 0
	add_show() { names+=("$1"); whats+=("$2"); shift 2; cmds+=("$(shell_quote "$@")"); }
	add_show show_sqlite3 "reference: sqlite3 db 'SELECT * FROM persons WHERE id=$mid'" \
		sqlite3 -readonly "$db" "SELECT * FROM persons WHERE id=$mid"
	add_show show_startup "homeward --version (process start-up alone, no database)" "$hw" --version
	for label in first:HW-000001 middle:"$(printf 'HW-%06d' "$mid")" \
		last:"$(printf 'HW-%06d' "$n")" extref:"gen:$seed-$((mid - 1))" \
		bare:"$seed-$((mid - 1))"; do
		ref=${label#*:}
		add_show "show_${label%%:*}" "homeward person show $ref" "$hw" --db "$db" person show "$ref"
	done
	for i in "${!names[@]}"; do
		ok[i]=1
		if ! eval "${cmds[i]}" >/dev/null 2>"$work/${names[i]}.err"; then
			failed "${names[i]}: '${cmds[i]}' fails: $(head -n 2 "$work/${names[i]}.err" | tr '\n' ' ')"
			ok[i]=0
		fi
	done
	say "person show: hyperfine, $rounds rounds of $per runs per command"
	for r in $(seq 1 "$rounds"); do
		for i in "${!names[@]}"; do
			[ "${ok[i]}" = 1 ] || continue
			hyperfine -N --style none --warmup 5 --runs "$per" \
				--export-json "$work/${names[i]}.$r.json" -- "${cmds[i]}" \
				>/dev/null 2>"$work/${names[i]}.err" && continue
			failed "${names[i]}: hyperfine: $(tail -n 2 "$work/${names[i]}.err" | tr '\n' ' ')"
			ok[i]=0
		done
	done
	for i in "${!names[@]}"; do
		[ "${ok[i]}" = 1 ] || continue
		read -r "S_MEDIAN[i]" "S_P95[i]" _ <<<"$(hyperfine_stats "$work/${names[i]}".*.json)"
		say "${names[i]}: median ${S_MEDIAN[i]} ms, p95 ${S_P95[i]} ms"
	done
	for i in "${!names[@]}"; do
		desc "${names[i]}_median" "${whats[i]}: median of $((per * rounds)) runs"
		desc "${names[i]}_p95" "${whats[i]}: 95th percentile"
		case ${names[i]} in
		show_sqlite3 | show_startup) emit "${names[i]}_median" "${S_MEDIAN[i]:-nan}" ms ;;
		*) check "${names[i]}_median" "${S_MEDIAN[i]:-nan}" ms 5 '<' ;;
		esac
		emit "${names[i]}_p95" "${S_P95[i]:-nan}" ms
		case ${names[i]} in show_sqlite3 | show_startup) continue ;; esac
		desc "${names[i]}_ratio" "${names[i]}_median / show_sqlite3_median"
		emit "${names[i]}_ratio" "$(ratio "${S_MEDIAN[i]:-nan}" "${S_MEDIAN[0]:-nan}")" x
	done
}

# Library level: resolve + get in one process (bench/bench_show.c).
bench_show_lib() {
	local k q
	if [ ! -x "$bench_show" ]; then
		failed "no $bench_show (build it: ninja -C $build)"
		return 1
	fi
	say "library: bench_show, $lookups lookups per kind of reference"
	if ! "$bench_show" "$db" "$lookups" "$seed" >"$work/bench_show.out" 2>"$work/bench_show.err"; then
		failed "bench_show: $(head -n 3 "$work/bench_show.err" | tr '\n' ' ')"
	fi
	desc lib_open_median "hw_store_open + hw_store_close (read-only): median"
	for k in p95 p99; do desc "lib_open_$k" "hw_store_open + hw_store_close: $k"; done
	for k in pubref:HW-NNNNNN extref:gen:S-I bare:S-I; do
		for q in median p95 p99; do
			desc "lib_show_${k%%:*}_$q" "hw_store_person_resolve + _get, random '${k#*:}': $q"
		done
	done
	desc lib_show_misses "lookups that did not find the person expected"
	desc lib_persons "persons in the database (hw_store_person_count)"
	grep '^BENCH ' "$work/bench_show.out"
}

bench_generate
bench_import
[ -s "$db" ] || { say "no database: stopping"; exit 1; }
command -v sqlite3 >/dev/null && bench_size
rm -f "$work/ref.db" "$work/ref.db-wal" "$work/ref.db-shm" "$csv"
bench_export
bench_show_cli
bench_show_lib
[ "$bench_errors" -eq 0 ]
