# test_audit.sh - `homeward audit verify` and `homeward audit log`: an
# intact chain, then changes made behind the program's back with sqlite3
# (the protecting triggers dropped first) that verify must name, and the
# filters of the log.

DROP_TRIGGERS="DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;
DROP TRIGGER audit_in_order; DROP TRIGGER audit_advance; DROP TRIGGER audit_head_forward;
DROP TRIGGER audit_head_no_insert; DROP TRIGGER audit_head_no_delete;"

# A database with five audit records (admin and four users).
five_records()
{
	hw init
	local u
	for u in olena taras iryna bohdan; do
		hw user add "$u" --role analyst
	done
	hw audit verify
	expect_status 0
	expect_stdout_contains "audit trail intact: 5 records, head "
}

# expect_broken TEXT: verify exits 1 saying TEXT, with nothing on stdout.
expect_broken()
{
	hw audit verify
	expect_status 1
	expect_stdout_empty
	expect_stderr_equals "homeward: the audit trail is broken: $1"
}

t_verify_intact()
{
	hw init
	hw audit verify
	expect_status 0
	expect_stderr_empty
	grep -qxE 'audit trail intact: 1 records, head [0-9a-f]{64}' "$RUN_OUT" ||
		fail "verify says '$(cat "$RUN_OUT")'"
	local head
	head=$(sed 's/.* head //' "$RUN_OUT")
	hw audit verify
	expect_stdout_contains "head $head"
	hw user add olena --role analyst
	hw audit verify
	expect_stdout_contains "2 records"
	expect_stdout_not_contains "$head"
}

t_triggers_refuse()
{
	five_records
	local sum
	sum=$(db_checksum)
	run sqlite3 "$HOMEWARD_DB" "UPDATE audit SET actor = 'mallory' WHERE id = 2"
	[ "$STATUS" != 0 ] || fail "an audit record was updated"
	expect_stderr_contains "the audit trail is append-only"
	run sqlite3 "$HOMEWARD_DB" "DELETE FROM audit WHERE id = 5"
	expect_stderr_contains "the audit trail is append-only"
	run sqlite3 "$HOMEWARD_DB" "UPDATE audit_head SET last_id = 4, count = 4"
	expect_stderr_contains "the audit head moves only with a new record"
	run sqlite3 "$HOMEWARD_DB" "DELETE FROM audit_head"
	expect_stderr_contains "the audit trail has one head"
	run sqlite3 "$HOMEWARD_DB" "INSERT INTO audit SELECT 6, at, actor, address, action, object_type, object_id, person_id, before, after, outcome, prev_hash, hash FROM audit WHERE id = 5"
	expect_stderr_contains "an audit record follows the head of the chain"
	expect_db_unchanged "$sum"
	hw audit verify
	expect_status 0
}

t_altered_record()
{
	five_records
	sqlite3 "$HOMEWARD_DB" "$DROP_TRIGGERS UPDATE audit SET after = replace(after, 'analyst', 'admin') WHERE id = 3"
	expect_broken "record 3 was altered: its fields do not give its hash"
}

t_altered_time()
{
	five_records
	sqlite3 "$HOMEWARD_DB" "$DROP_TRIGGERS UPDATE audit SET at = at - 86400 WHERE id = 4"
	expect_broken "record 4 was altered: its fields do not give its hash"
}

t_deleted_middle()
{
	five_records
	sqlite3 "$HOMEWARD_DB" "$DROP_TRIGGERS DELETE FROM audit WHERE id = 2"
	expect_broken "record 2 was removed (the next record is 3)"
}

t_deleted_last()
{
	five_records
	sqlite3 "$HOMEWARD_DB" "$DROP_TRIGGERS DELETE FROM audit WHERE id = 5"
	expect_broken "record 5 was removed: the chain ends before the head (record 5)"
}

t_inserted_record()
{
	five_records
	# a copy of the last record, chained to it, the head left alone
	sqlite3 "$HOMEWARD_DB" "$DROP_TRIGGERS INSERT INTO audit SELECT 6, at, actor, address, action, object_type, 'mallory', person_id, before, after, outcome, hash, hash FROM audit WHERE id = 5"
	expect_broken "record 6 was inserted: it lies beyond the head of the chain (record 5)"
}

t_replaced_record()
{
	five_records
	# record 3 replaced by a copy of record 2 with the id of 3
	sqlite3 "$HOMEWARD_DB" "$DROP_TRIGGERS CREATE TABLE r AS SELECT * FROM audit WHERE id = 2;
		DELETE FROM audit WHERE id = 3; UPDATE r SET id = 3; INSERT INTO audit SELECT * FROM r;"
	expect_broken "record 3 does not chain to the record before it: it was forged, or that one was rewritten"
}

t_log_filters()
{
	five_records
	hw audit log
	expect_status 0
	expect_stderr_empty
	expect_equal "$(awk '{print $1, $5, $6, $7}' "$RUN_OUT")" "1 user.add user:admin ok
2 user.add user:olena ok
3 user.add user:taras ok
4 user.add user:iryna ok
5 user.add user:bohdan ok" "audit log"
	# reading the log was audited
	hw audit log --action audit.read
	expect_stdout_contains "audit.read audit:-"
	hw audit log --user "cli:${USER:-$(id -un)}" --action 'user.*' --limit 2 --format json
	expect_status 0
	expect_stdout_json
	expect_json_field 'len(j)' 2
	expect_json_field 'j[1]["object_id"]' olena
	expect_json_field 'j[1]["after"]["role"]' analyst
	expect_json_field 'len(j[1]["hash"])' 64
	expect_json_field 'j[1]["prev_hash"] == j[0]["hash"]' True
	hw audit log --user nobody
	expect_status 0
	expect_stdout_empty
	hw audit log --from 2000-01-01 --to 2000-12-31
	expect_stdout_empty
	hw audit log --from "$(date -u +%Y-%m-%d)" --action user.add
	expect_equal "$(wc -l <"$RUN_OUT")" 5 "records of today"
	expect_refused 2 "homeward: --from: '2025-02-30' is not a date" audit log --from 2025-02-30
	expect_refused 2 "homeward: --limit: 'x' is not a number" audit log --limit x
	hw audit log --person HW-000001
	expect_status 1
	expect_stderr_contains "HW-000001"
	expect_refused 2 "homeward: verify takes no arguments" audit verify extra
	expect_refused 2 "homeward: unknown subcommand 'show' (verify, log)" audit show
	hw audit --help
	expect_status 0
	expect_stdout_contains "usage: homeward audit verify"
}
