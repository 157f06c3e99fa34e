# shellcheck shell=bash
# lib.sh - what the bench scripts share (sourced, not run).
#
# A bench script prints its results on stdout, one line each, for
# bench/run.sh to collect:
#
#   BENCH name value unit [target verdict]   a figure; target is "<=30" or
#                                            "<5" in the figure's unit, verdict
#                                            PASS or FAIL
#   DESC name text                           what figure `name` is
#   NOTE text                                a remark shown under the table
#
# Progress goes to stderr.  A step that fails is reported (value "nan",
# verdict ERROR) and the script carries on; it exits 1 at the end then.

bench_errors=0

say() { printf 'bench: %s\n' "$*" >&2; }

# emit NAME VALUE UNIT [TARGET VERDICT]
emit() { echo "BENCH $*"; }
desc() { local n=$1; shift; echo "DESC $n $*"; }
note() { echo "NOTE $*"; }

failed() {
	bench_errors=$((bench_errors + 1))
	say "FAILED: $*"
	note "FAILED: $*"
}

# check NAME VALUE UNIT LIMIT [OP]: a figure with a target "at most LIMIT"
# (OP "<": under LIMIT; ">=": at least LIMIT).
check() {
	local verdict op=${5:-<=}
	verdict=$(awk -v v="$2" -v l="$4" -v op="$op" 'BEGIN { if (v == "nan" || v == "") print "ERROR";
		else if (op == "<") print (v + 0 < l + 0 ? "PASS" : "FAIL");
		else if (op == ">=") print (v + 0 >= l + 0 ? "PASS" : "FAIL");
		else print (v + 0 <= l + 0 ? "PASS" : "FAIL") }')
	emit "$1" "$2" "$3" "$op$4" "$verdict"
}

# ratio A B: A / B with two decimals, "nan" when either is missing.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "nan" || b == "nan" || b + 0 == 0) print "nan"; else printf "%.2f\n", a / b }'
}

# scale LIMIT N: a target set for 1,000,000 persons, scaled to N.
scale() { awk -v l="$1" -v n="$2" 'BEGIN { printf "%.2f\n", l * n / 1000000 }'; }

# bytes FILE...: total size in bytes of the files that exist.
bytes() {
	local f total=0
	for f in "$@"; do
		[ -e "$f" ] && total=$((total + $(stat -c %s "$f")))
	done
	echo "$total"
}

# Installs a Debian package when its command is missing, as root only.
need() {
	local cmd=$1 pkg=$2
	command -v "$cmd" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
		say "installing $pkg"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null 2>&1 ||
			{ apt-get update -qq >/dev/null 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null 2>&1; }
	fi
	command -v "$cmd" >/dev/null 2>&1
}

# timed NAME CMD...: runs CMD, its stdout to $TIMED_STDOUT (default
# $work/NAME.out) and stderr to $work/NAME.err, and sets T_WALL (seconds,
# from the monotonic-enough nanosecond clock of date), T_RSS (peak resident
# set, MiB), T_USER and T_SYS (CPU seconds) from /usr/bin/time -v.  On
# failure all are "nan" and it returns 1.
timed() {
	local name=$1 t0 t1 rc=0 out=${TIMED_STDOUT:-$work/$1.out}
	shift
	T_WALL=nan T_RSS=nan T_USER=nan T_SYS=nan
	t0=$(date +%s%N)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v -o "$work/$name.time" "$@" >"$out" 2>"$work/$name.err" || rc=$?
	else
		"$@" >"$out" 2>"$work/$name.err" || rc=$?
	fi
	t1=$(date +%s%N)
	if [ "$rc" -ne 0 ]; then
		failed "$name: exit status $rc: $(tail -n 3 "$work/$name.err" | tr '\n' ' ')"
		return 1
	fi
	T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", (b - a) / 1e9 }')
	if [ -f "$work/$name.time" ]; then
		T_RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f\n", $2 / 1024 }' "$work/$name.time")
		T_USER=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$work/$name.time")
		T_SYS=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$work/$name.time")
	fi
	say "$name: ${T_WALL} s wall, ${T_USER} s user, ${T_SYS} s sys, ${T_RSS} MiB peak RSS"
	return 0
}

# hyperfine_stats FILE.json...: "median p95 mean" in milliseconds of the
# runs of the first command of hyperfine JSON exports, pooled.
hyperfine_stats() {
	python3 - "$@" <<'EOF'
import json, math, sys
t = sorted(x for f in sys.argv[1:] for x in json.load(open(f))["results"][0]["times"])
def q(p):
    return t[min(len(t) - 1, max(0, math.ceil(p * len(t)) - 1))]
print("%.2f %.2f %.2f" % (q(0.50) * 1e3, q(0.95) * 1e3, sum(t) / len(t) * 1e3))
EOF
}

# median V...: the median of the numbers given ("nan" ones left out).
median() {
	printf '%s\n' "$@" | grep -v '^nan$' | sort -g |
		awk '{ v[NR] = $1 } END { if (!NR) print "nan"; else if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# maximum V...: the largest of the numbers given.
maximum() { printf '%s\n' "$@" | grep -v '^nan$' | sort -g | tail -n 1 | grep . || echo nan; }

# cpu: user + system CPU seconds of the last timed command.
cpu() { awk -v u="$T_USER" -v s="$T_SYS" 'BEGIN { if (u == "nan") print "nan"; else printf "%.2f\n", u + s }'; }
