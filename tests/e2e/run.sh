#!/usr/bin/env bash
# run.sh - end-to-end tests of the `homeward` command.
#
#   HOMEWARD=build/src/cli/homeward tests/e2e/run.sh [PATTERN...]
#
# Runs every test case (a shell function t_NAME in tests/e2e/test_*.sh) in a
# fresh temporary directory of its own, with the assertions of lib.sh.  A
# PATTERN (a shell glob over "test_FILE.sh:t_NAME") runs only the matching
# cases.  A passing case's directory is removed; a failing one's is kept and
# named.  The last line is "N passed, N failed"; the exit status is 1 when a
# case failed, 2 when the suite could not run.
#
# HOMEWARD_UPDATE_GOLDEN=1 rewrites the golden files (tests/e2e/golden/)
# from the binary's output instead of comparing: review the diff after.
# E2E_TIMEOUT (seconds, default 600) bounds each command.
set -u

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die()
{
	printf 'run.sh: %s\n' "$*" >&2
	exit 2
}

[ -n "${HOMEWARD:-}" ] ||
	die "set HOMEWARD to the homeward binary to test (e.g. HOMEWARD=build/src/cli/homeward)"
case $HOMEWARD in
/*) ;;
*) HOMEWARD=$PWD/$HOMEWARD ;;
esac
if [ ! -f "$HOMEWARD" ] || [ ! -x "$HOMEWARD" ]; then
	die "HOMEWARD='$HOMEWARD' is not an executable file"
fi
for tool in sqlite3 python3 timeout sha256sum mktemp; do
	command -v "$tool" >/dev/null || die "the tests need '$tool'"
done

# Sanitizer builds: stop at the first UBSan report, find leaks.  Reports go
# to stderr, where every run looks for them.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export HOMEWARD E2E_DIR
export LC_ALL=C.UTF-8
unset HOMEWARD_DB

passed=0
failed=0

selected()
{
	local p
	[ $# -eq 0 ] && return 0
	for p in "${@}"; do
		# shellcheck disable=SC2053
		[[ $E2E_CASE_ID == $p ]] && return 0
	done
	return 1
}

for file in "$E2E_DIR"/test_*.sh; do
	[ -f "$file" ] || continue
	cases=$(grep -oE '^t_[A-Za-z0-9_]+ *\(\)' "$file" | tr -d ' ()')
	for c in $cases; do
		E2E_CASE_ID="${file##*/}:$c"
		selected "$@" || continue
		tmp=$(mktemp -d "${TMPDIR:-/tmp}/homeward-e2e.XXXXXX") || die "mktemp failed"
		t0=$(date +%s%N)
		(
			cd "$tmp" || exit 1
			export HOMEWARD_DB=$tmp/homeward.db
			E2E_CASE=$E2E_CASE_ID
			E2E_RUN_DIR=$tmp/.e2e
			# shellcheck source=tests/e2e/lib.sh
			. "$E2E_DIR/lib.sh"
			# shellcheck disable=SC1090
			. "$file"
			E2E_FAILS=0
			"$c"
			: >"$E2E_RUN_DIR.done"
			[ "$E2E_FAILS" -eq 0 ]
		)
		rc=$?
		ms=$((($(date +%s%N) - t0) / 1000000))
		if [ "$rc" -eq 0 ] && [ -e "$tmp/.e2e.done" ]; then
			passed=$((passed + 1))
			printf 'ok   %s (%d ms)\n' "$E2E_CASE_ID" "$ms"
			rm -rf "$tmp"
		else
			failed=$((failed + 1))
			if [ ! -e "$tmp/.e2e.done" ]; then
				printf 'FAIL %s: the test case stopped early (exit status %d)\n' \
					"$E2E_CASE_ID" "$rc"
			fi
			printf 'FAIL %s (%d ms); its directory is kept: %s\n' "$E2E_CASE_ID" "$ms" "$tmp"
		fi
	done
done

printf '%d passed, %d failed\n' "$passed" "$failed"
[ "$failed" -eq 0 ]
