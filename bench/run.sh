#!/usr/bin/env bash
# run.sh BUILD_DIR - runs every benchmark of bench/ (bench/README.md).
#
# Each bench script (bench/*.sh but this one and lib.sh) is run with the
# build directory; its BENCH/DESC/NOTE lines (bench/lib.sh) are gathered
# into a table.  On stdout: the machine, the table, then the BENCH lines
# as they are, one per figure, for programs.  The same goes to
# bench/out/STAMP.txt (and latest.txt), the BENCH lines alone to
# bench/out/latest.bench, and the scripts' progress (also on stderr) to
# bench/out/STAMP.log.
#
# Exit status: 0, also when a target is missed (the benchmarks inform,
# they do not gate); 1 when a step failed (a command crashed or gave a
# wrong result); 2 for a usage error.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$PWD/$build ;; esac
if [ ! -d "$build" ]; then
	echo "usage: bench/run.sh BUILD_DIR (no directory '$build'; make build first)" >&2
	exit 2
fi
out=$here/out
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
raw=$out/$stamp.raw
log=$out/$stamp.log
: >"$raw"

info() { printf 'INFO %s %s\n' "$1" "$2" >>"$raw"; }
info date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
info commit "$(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$here/.." diff --quiet HEAD 2>/dev/null || echo ' (tree modified)')"
info cpu "$(nproc) x $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
info memory "$(awk '/^MemTotal/ { printf "%.1f GiB\n", $2 / 1048576 }' /proc/meminfo)"
info load "$(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min, at start)"
info sqlite "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1)"
info persons "${HW_BENCH_PERSONS:-1000000}"

status=0
for script in "$here"/*.sh; do
	case ${script##*/} in run.sh | lib.sh) continue ;; esac
	echo "bench: running ${script##*/}" | tee -a "$log" >&2
	"$script" "$build" >>"$raw" 2> >(tee -a "$log" >&2) || status=1
done
wait

# The table: one row per figure, with its target, verdict and meaning.
render() {
	awk '
	$1 == "INFO" { k = $2; $1 = $2 = ""; sub(/^ +/, ""); printf "%-8s %s\n", k ":", $0; next }
	$1 == "DESC" { k = $2; $1 = $2 = ""; sub(/^ +/, ""); desc[k] = $0; next }
	$1 == "NOTE" { $1 = ""; sub(/^ +/, ""); notes[++nn] = $0; next }
	$1 == "BENCH" { names[++nb] = $2; val[$2] = $3; unit[$2] = $4; tgt[$2] = $5; ver[$2] = $6; next }
	END {
		printf "\n%-28s %12s %-9s %-8s %-6s %s\n", "figure", "value", "unit", "target", "", "what"
		for (i = 1; i <= nb; i++) {
			k = names[i]
			printf "%-28s %12s %-9s %-8s %-6s %s\n", k, val[k], unit[k], tgt[k], ver[k], desc[k]
		}
		if (nn) print ""
		for (i = 1; i <= nn; i++) print "note: " notes[i]
		print ""
	}' "$raw"
	grep '^BENCH ' "$raw"
}

render | tee "$out/$stamp.txt"
cp "$out/$stamp.txt" "$out/latest.txt"
grep '^BENCH ' "$raw" >"$out/latest.bench"
echo "bench: results in ${out#"$PWD"/}/$stamp.txt, log in ${out#"$PWD"/}/$stamp.log" >&2
exit "$status"
