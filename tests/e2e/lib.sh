# lib.sh - the assertion library of the end-to-end tests (sourced by run.sh
# into the subshell of each test case; see run.sh for how cases are run).
#
# A test case is a shell function t_NAME in tests/e2e/test_*.sh.  It runs in
# a fresh empty directory that is its working directory, with HOMEWARD_DB
# pointing to "$PWD/homeward.db" (not created: call `hw init`).
#
#   hw ARGS...                run the binary under test; then:
#   run CMD ARGS...           run any command the same way
#     $STATUS                 its exit status
#     $RUN_OUT, $RUN_ERR      files holding its stdout and stderr
#   wait_listening VAR FILE PID TRIES  the address of a `homeward serve`
#                             started in the background, into VAR
#   Assertions (each failure prints FILE:LINE of the test, the case and what
#   differed; the case goes on and is counted failed at the end):
#     expect_status N
#     expect_stdout_equals TEXT      expect_stderr_equals TEXT   (whole output;
#                                    a final newline is not compared)
#     expect_stdout_contains TEXT    expect_stderr_contains TEXT (fixed string)
#     expect_stdout_line TEXT        expect_stderr_line TEXT     (a whole line)
#     expect_stdout_not_contains TEXT
#     expect_stdout_empty            expect_stderr_empty
#     expect_stdout_json             (stdout parses as JSON)
#     expect_json_field EXPR VALUE   (python expression over `j`, the JSON of
#                                    stdout, printed with repr-free str())
#     expect_file_equals FILE EXPECTED_FILE
#     expect_golden NAME [FILE]      (FILE, default stdout, equals
#                                    golden/NAME; HOMEWARD_UPDATE_GOLDEN=1
#                                    rewrites the golden file instead)
#     expect_equal ACTUAL EXPECTED WHAT
#     db_checksum [DB]               content checksum of a database (its SQL
#                                    dump and header pragmas), or of the bytes
#                                    of a file that is not SQLite
#     expect_db_unchanged SUM [DB]
#     db_checksum_but_audit [DB]     db_checksum without the audit trail
#     expect_registry_unchanged SUM [DB]  (SUM of db_checksum_but_audit)
#     expect_refused N TEXT ARGS...  hw ARGS must exit N, say TEXT on stderr
#                                    (a whole line), print nothing on stdout
#                                    and leave the database as it was
# Every run also fails the case when stderr holds a sanitizer report.

E2E_FAILS=0
STATUS=
RUN_OUT=
RUN_ERR=
RUN_DESC=
RUN_SANITIZER=0

# ---- reporting ----------------------------------------------------------

# The file and line in the test file that led to the current assertion.
_e2e_where()
{
	local i
	for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
		case ${BASH_SOURCE[i]} in
		*/test_*.sh)
			printf '%s:%s' "${BASH_SOURCE[i]##*/}" "${BASH_LINENO[i - 1]}"
			return
			;;
		esac
	done
	printf '?'
}

# fail MESSAGE [DETAIL...]: records a failed assertion.
fail()
{
	E2E_FAILS=$((E2E_FAILS + 1))
	printf 'FAIL %s: %s: %s\n' "$(_e2e_where)" "${E2E_CASE:-?}" "$1"
	shift
	if [ -n "$RUN_DESC" ]; then
		printf '     command: %s\n' "$RUN_DESC"
	fi
	local d
	for d in "$@"; do
		printf '%s\n' "$d" | head -n 40 | sed 's/^/     | /'
	done
}

_e2e_show()
{
	# prints a file for a failure report, shortened
	if [ -s "$1" ]; then
		head -c 3000 "$1"
	else
		printf '(empty)'
	fi
}

# ---- running ------------------------------------------------------------

run()
{
	local dir=${E2E_RUN_DIR:-.e2e}
	mkdir -p "$dir"
	RUN_OUT=$dir/stdout
	RUN_ERR=$dir/stderr
	RUN_DESC="$*"
	if [ ${#RUN_DESC} -gt 300 ]; then
		RUN_DESC="${RUN_DESC:0:300}..."
	fi
	timeout "${E2E_TIMEOUT:-600}" "$@" >"$RUN_OUT" 2>"$RUN_ERR" </dev/null
	STATUS=$?
	if [ "$STATUS" -eq 124 ]; then
		fail "timed out after ${E2E_TIMEOUT:-600}s"
	fi
	# A sanitizer report fails the case once; the assertions about this
	# run's exit status and output are then skipped, as they would only
	# repeat it (a leak report also exits before stdout is flushed).
	RUN_SANITIZER=0
	if grep -qE 'ERROR: AddressSanitizer|LeakSanitizer|runtime error:' "$RUN_ERR"; then
		RUN_SANITIZER=1
		fail "sanitizer report on stderr" "$(_e2e_show "$RUN_ERR")"
	fi
	return 0
}

# hw ARGS: runs the binary under test.
hw()
{
	run "$HOMEWARD" "$@"
}

# wait_listening VAR FILE PID TRIES: waits, 0.1 s at a time and TRIES times
# at most, for the line "listening on http://127.0.0.1:PORT" that `homeward
# serve` writes to FILE, and sets VAR to that address.  Status 1, VAR
# empty, when process PID ended first or the time ran out.
wait_listening()
{
	local i addr
	printf -v "$1" '%s' ''
	for ((i = 0; i < $4; i++)); do
		addr=$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9][0-9]*\)$|\1|p' "$2")
		if [ -n "$addr" ]; then
			printf -v "$1" '%s' "$addr"
			return 0
		fi
		kill -0 "$3" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# ---- assertions ---------------------------------------------------------

expect_status()
{
	[ "$RUN_SANITIZER" = 1 ] && return 0
	if [ "$STATUS" != "$1" ]; then
		fail "exit status $STATUS, expected $1" "stderr:" "$(_e2e_show "$RUN_ERR")"
	fi
}

_e2e_equals()
{
	# _e2e_equals WHAT FILE TEXT
	local actual
	actual=$(cat "$2"; printf x)
	actual=${actual%x}
	actual=${actual%$'\n'}
	if [ "$actual" != "$3" ]; then
		fail "$1 differs" "expected:" "$3" "actual:" "$(_e2e_show "$2")" "diff:" \
			"$(diff <(printf '%s\n' "$3") <(printf '%s\n' "$actual") | head -n 20)"
	fi
}

expect_stdout_equals()
{
	[ "$RUN_SANITIZER" = 1 ] || _e2e_equals stdout "$RUN_OUT" "$1"
}
expect_stderr_equals()
{
	[ "$RUN_SANITIZER" = 1 ] || _e2e_equals stderr "$RUN_ERR" "$1"
}

expect_stdout_contains()
{
	[ "$RUN_SANITIZER" = 1 ] && return 0
	grep -qF -- "$1" "$RUN_OUT" ||
		fail "stdout lacks: $1" "stdout:" "$(_e2e_show "$RUN_OUT")"
}

expect_stderr_contains()
{
	[ "$RUN_SANITIZER" = 1 ] && return 0
	grep -qF -- "$1" "$RUN_ERR" ||
		fail "stderr lacks: $1" "stderr:" "$(_e2e_show "$RUN_ERR")"
}

expect_stdout_not_contains()
{
	[ "$RUN_SANITIZER" = 1 ] && return 0
	! grep -qF -- "$1" "$RUN_OUT" ||
		fail "stdout should not contain: $1" "stdout:" "$(_e2e_show "$RUN_OUT")"
}

expect_stdout_line()
{
	[ "$RUN_SANITIZER" = 1 ] && return 0
	grep -qxF -- "$1" "$RUN_OUT" ||
		fail "stdout lacks the line: $1" "stdout:" "$(_e2e_show "$RUN_OUT")"
}

expect_stderr_line()
{
	[ "$RUN_SANITIZER" = 1 ] && return 0
	grep -qxF -- "$1" "$RUN_ERR" ||
		fail "stderr lacks the line: $1" "stderr:" "$(_e2e_show "$RUN_ERR")"
}

expect_stdout_empty()
{
	[ "$RUN_SANITIZER" = 1 ] && return 0
	[ ! -s "$RUN_OUT" ] || fail "stdout should be empty" "stdout:" "$(_e2e_show "$RUN_OUT")"
}

expect_stderr_empty()
{
	[ "$RUN_SANITIZER" = 1 ] || [ ! -s "$RUN_ERR" ] || fail "stderr should be empty" "stderr:" "$(_e2e_show "$RUN_ERR")"
}

expect_stdout_json()
{
	local why
	if ! why=$(python3 -m json.tool "$RUN_OUT" 2>&1 >/dev/null); then
		fail "stdout is not valid JSON: $why" "stdout:" "$(_e2e_show "$RUN_OUT")"
	fi
}

# expect_json_field EXPR VALUE: str(EXPR) over j = the JSON of stdout.
expect_json_field()
{
	local got
	got=$(python3 -c '
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
v = eval(sys.argv[2])
print("null" if v is None else v)' "$RUN_OUT" "$1" 2>&1)
	if [ "$got" != "$2" ]; then
		fail "JSON $1 is '$got', expected '$2'"
	fi
}

expect_equal()
{
	if [ "$1" != "$2" ]; then
		fail "$3: got '$1', expected '$2'"
	fi
}

expect_file_equals()
{
	if [ ! -f "$1" ]; then
		fail "file $1 does not exist"
	elif [ ! -f "$2" ]; then
		fail "expected file $2 does not exist"
	elif ! cmp -s "$1" "$2"; then
		fail "file $1 differs from $2" "$(diff "$2" "$1" | head -n 30)"
	fi
}

# Imports the export FILE of N persons into a new database (b.db), exports
# that again (b.csv) and expects N persons created and the same bytes.
expect_export_reimports()
{
	local file=$1 n=$2
	hw --db b.db init
	hw --db b.db import persons "$file"
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "$file: $n rows: $n created, 0 updated, 0 unchanged, 0 rejected"
	hw --db b.db export persons --output b.csv
	expect_status 0
	expect_file_equals b.csv "$file"
}

expect_golden()
{
	local golden=$E2E_DIR/golden/$1 file=${2:-$RUN_OUT}
	if [ "${HOMEWARD_UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$(dirname "$golden")"
		cp "$file" "$golden"
		return
	fi
	expect_file_equals "$file" "$golden"
}

db_checksum()
{
	local db=${1:-$HOMEWARD_DB}
	if [ ! -e "$db" ]; then
		echo absent
	elif [ "$(head -c 15 "$db")" = "SQLite format 3" ]; then
		{
			sqlite3 "$db" .dump
			sqlite3 "$db" 'PRAGMA user_version; PRAGMA application_id; PRAGMA journal_mode;'
		} 2>&1 | sha256sum | cut -d' ' -f1
	else
		sha256sum <"$db" | cut -d' ' -f1
	fi
}

expect_db_unchanged()
{
	local now
	now=$(db_checksum "${2:-$HOMEWARD_DB}")
	if [ "$now" != "$1" ]; then
		fail "the database ${2:-$HOMEWARD_DB} changed"
	fi
}

# db_checksum_but_audit [DB]: db_checksum without the audit trail (its
# records and its head), which every read of a person adds to.
db_checksum_but_audit()
{
	local db=${1:-$HOMEWARD_DB}
	{
		sqlite3 "$db" .dump | grep -vE '^INSERT INTO "?audit(_head)?"? '
		sqlite3 "$db" 'PRAGMA user_version; PRAGMA application_id; PRAGMA journal_mode;'
	} 2>&1 | sha256sum | cut -d' ' -f1
}

# expect_registry_unchanged SUM [DB]: unchanged but for new audit records
# (SUM from db_checksum_but_audit).
expect_registry_unchanged()
{
	if [ "$(db_checksum_but_audit "${2:-$HOMEWARD_DB}")" != "$1" ]; then
		fail "the database ${2:-$HOMEWARD_DB} changed beyond its audit trail"
	fi
}

expect_refused()
{
	local want=$1 msg=$2 sum
	shift 2
	sum=$(db_checksum)
	hw "$@"
	expect_status "$want"
	expect_stderr_line "$msg"
	expect_stdout_empty
	expect_db_unchanged "$sum"
}

# ---- data helpers -------------------------------------------------------

# add_person ARGS: `person add` that must succeed; sets REF to the new
# person's reference.  (Not for $(...): a failure there would be lost.)
add_person()
{
	hw person add "$@"
	if [ "$STATUS" != 0 ]; then
		fail "person add $* failed" "$(_e2e_show "$RUN_ERR")"
	fi
	REF=$(cat "$RUN_OUT")
}

# csv FILE LINE...: writes the lines with LF line ends.
csv()
{
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

# show_stable FILE ARGS: writes `hw ARGS` (a person show) to FILE without
# the timestamps and the version, which differ from one database to
# another (a version counts the changes made in its own database).
show_stable()
{
	local f=$1
	shift
	hw "$@"
	expect_status 0
	grep -vE '^  (registered|updated):' "$RUN_OUT" | sed 's/ (version [0-9][0-9]*)$//' >"$f"
}
