# test_cli_exchange_audit.sh - `homeward exchange` audits the ledger as the
# server does (docs/security.md, "What the command line records";
# homeward/exchange_audit.h): actor cli:LOGIN from "local", the server's
# actions and objects, the entry or stage before and after a write in the
# write's transaction, one record per person a read reveals before it is
# printed, nothing recorded when a command fails.
#
# The fixture is test_exchange.sh's (x_fixture, x_import: USER=verifier1,
# EX-000001/1 with the other side's list of six lines).

# shellcheck source=tests/e2e/test_exchange.sh
. "$E2E_DIR/test_exchange.sh"

XACTOR=cli:verifier1

# xaudit ACTION: the records of ACTION as JSON on stdout (j[-1] the last),
# checking that every one is the command line's, from "local", ok.
xaudit()
{
	hw audit log --action "$1" --format json
	expect_status 0
	expect_json_field 'sorted(set((r["actor"], r["address"], r["outcome"]) for r in j))' \
		"[('$XACTOR', 'local', 'ok')]"
}

# xaudit_count ACTION N: N records of ACTION.
xaudit_count()
{
	hw audit log --action "$1" --format json
	expect_json_field 'len(j)' "$2"
}

# The number of records in the trail (read without adding one).
audit_records()
{
	sqlite3 "$HOMEWARD_DB" "SELECT count(*) FROM audit"
}

xaudit_intact()
{
	hw audit verify
	expect_status 0
	expect_stdout_contains "audit trail intact: "
}

t_cli_xaudit_agreements()
{
	x_fixture
	xaudit exchange.create
	expect_json_field 'len(j), j[0]["object_type"], j[0]["object_id"], j[0]["person"]' \
		"(1, 'exchange', 'EX-000001', None)"
	expect_json_field 'j[0]["before"], j[0]["after"]["name"], j[0]["after"]["quota_in"]' \
		"(None, 'Обмін 50 на 50', 6)"
	expect_json_field 'j[0]["after"]["state"], j[0]["after"]["agreed_on"]' \
		"('planned', '2025-05-16')"
	xaudit exchange.stage_add
	expect_json_field 'len(j), j[0]["object_type"], j[0]["object_id"], j[0]["before"]' \
		"(1, 'stage', 'EX-000001/1', None)"
	expect_json_field 'j[0]["after"]["ref"], j[0]["after"]["counts"]["planned_in"]' \
		"('EX-000001/1', 4)"

	# counts only: no record
	local n
	n=$(audit_records)
	hw exchange list
	expect_status 0
	hw exchange show EX-000001 --format json
	expect_status 0
	expect_equal "$(audit_records)" "$n" "records after list and show"

	hw exchange state EX-000001 in_progress
	expect_status 0
	xaudit exchange.state
	expect_json_field 'j[-1]["object_id"], j[-1]["before"], j[-1]["after"]' \
		"('EX-000001', {'state': 'planned'}, {'reason': None, 'state': 'in_progress'})"
	hw exchange state EX-000001/1 in_progress
	expect_status 0
	xaudit exchange.stage_state
	expect_json_field 'len(j), j[-1]["object_type"], j[-1]["object_id"], j[-1]["person"]' \
		"(1, 'stage', 'EX-000001/1', None)"
	expect_json_field 'j[-1]["before"]["state"], j[-1]["after"]["state"]' \
		"('planned', 'in_progress')"
	xaudit_intact
}

t_cli_xaudit_import_and_reads()
{
	x_fixture
	x_import
	xaudit exchange.import
	expect_json_field 'len(j), j[0]["object_type"], j[0]["object_id"], j[0]["person"]' \
		"(1, 'stage', 'EX-000001/1', None)"
	expect_json_field 'j[0]["after"]' \
		"{'ambiguous': 1, 'entries': 6, 'not_found': 1, 'pending': 4, 'stage': 'EX-000001/1'}"

	# a page of entries: one record per person proposed or confirmed on it
	hw exchange entries EX-000001/1 --format csv
	expect_status 0
	xaudit exchange.entries
	expect_json_field '[r["person"] for r in j]' \
		"['HW-000001', 'HW-000004', 'HW-000005', 'HW-000007']"
	expect_json_field 'j[0]["object_type"], j[0]["object_id"], j[0]["after"]' \
		"('stage', 'EX-000001/1', {'entries': 6, 'offset': 0, 'query': {}})"
	hw exchange entries EX-000001/1 --state pending --direction in
	expect_status 0
	xaudit exchange.entries
	expect_json_field 'j[-1]["after"]' \
		"{'entries': 4, 'offset': 0, 'query': {'direction': 'in', 'state': 'pending'}}"
	# none: one record naming nobody
	hw exchange entries EX-000001/1 --state confirmed
	expect_status 0
	expect_stderr_equals "homeward: no entries"
	xaudit exchange.entries
	expect_json_field 'len(j), j[-1]["person"], j[-1]["after"]["entries"]' "(9, None, 0)"

	# one entry: each person it names (here the one candidate)
	hw exchange entry EX-000001/1 2
	expect_status 0
	expect_stdout_contains "seen as Мельник Сергій Іванович"
	xaudit exchange.entry
	expect_json_field 'len(j), j[0]["object_type"], j[0]["object_id"], j[0]["person"]' \
		"(1, 'entry', '2', 'HW-000002')"
	expect_json_field 'j[0]["before"], j[0]["after"]' "(None, None)"
	# nobody known: one record naming nobody
	hw exchange entry EX-000001/1 5 --format json
	expect_status 0
	xaudit exchange.entry
	expect_json_field 'len(j), j[-1]["object_id"], j[-1]["person"]' "(2, '5', None)"

	# a proposal: each person proposed, with the request
	hw exchange propose EX-000001 --count 3 --priority wounded,longest
	expect_status 0
	xaudit exchange.propose
	expect_json_field '[r["person"] for r in j]' "['HW-000008', 'HW-000001', 'HW-000005']"
	expect_json_field 'j[0]["object_type"], j[0]["object_id"], j[0]["after"]' \
		"('exchange', 'EX-000001', {'count': 3, 'held_by': 'adversary', 'priority': ['wounded', 'longest']})"
	hw exchange propose EX-000001 --count 1 --held-by us --format json
	expect_status 0
	xaudit exchange.propose
	expect_json_field 'len(j), j[-1]["person"], j[-1]["after"]["held_by"]' "(4, 'HW-000013', 'us')"
	xaudit_intact
}

t_cli_xaudit_decisions()
{
	x_fixture
	x_import
	hw exchange verify EX-000001/1 1 --confirm
	expect_status 0
	xaudit exchange.confirm
	expect_json_field 'len(j), j[0]["object_type"], j[0]["object_id"], j[0]["person"]' \
		"(1, 'entry', '1', 'HW-000001')"
	expect_json_field 'j[0]["before"]["state"], j[0]["before"]["person"], j[0]["before"]["etag"]' \
		"('pending', None, '\"d1\"')"
	expect_json_field 'j[0]["after"]["state"], j[0]["after"]["person"], j[0]["after"]["etag"]' \
		"('confirmed', 'HW-000001', '\"d2\"')"
	expect_json_field 'j[0]["after"]["id"], j[0]["after"]["decided_by"]' "(1, '$XACTOR')"

	# confirmed again for another: the person before and the one after
	hw exchange verify EX-000001/1 1 --confirm --person HW-000011 --reason 'звірено з родиною'
	expect_status 0
	xaudit exchange.confirm
	expect_json_field '[r["person"] for r in j]' "['HW-000001', 'HW-000011', 'HW-000001']"
	expect_json_field 'j[-1]["before"]["person"], j[-1]["after"]["person"]' \
		"('HW-000001', 'HW-000011')"

	# a rejection naming nobody
	hw exchange verify EX-000001/1 5 --reject --reason 'не наш'
	expect_status 0
	xaudit exchange.reject
	expect_json_field 'len(j), j[0]["object_id"], j[0]["person"], j[0]["after"]["reason"]' \
		"(1, '5', None, 'не наш')"

	# every proposal at once: one record per entry confirmed
	hw exchange verify EX-000001/1 --confirm --all-proposed --reason 'перевірено'
	expect_status 0
	expect_stdout_equals "3 pending entries confirmed as proposed; 0 left pending"
	xaudit exchange.confirm_proposed
	expect_json_field '[(r["object_id"], r["person"], r["before"]) for r in j]' \
		"[('3', 'HW-000004', None), ('4', 'HW-000005', None), ('6', 'HW-000007', None)]"
	expect_json_field 'j[0]["after"]' "{'id': 3, 'line': '3', 'person': 'HW-000004'}"

	# the outgoing list
	hw exchange out EX-000001/1 HW-000013 HW-000014
	expect_status 0
	xaudit exchange.out_add
	expect_json_field '[(r["object_type"], r["object_id"], r["person"]) for r in j]' \
		"[('stage', 'EX-000001/1', 'HW-000013'), ('stage', 'EX-000001/1', 'HW-000014')]"
	expect_json_field 'j[0]["after"]["direction"], j[0]["after"]["state"], j[0]["after"]["etag"]' \
		"('out', 'confirmed', '\"d1\"')"
	hw exchange out EX-000001/1 HW-000014 --remove --reason 'не передається'
	expect_status 0
	xaudit exchange.out_remove
	expect_json_field 'len(j), j[0]["object_type"], j[0]["person"]' "(1, 'entry', 'HW-000014')"
	expect_json_field 'j[0]["object_id"] == str(j[0]["after"]["id"])' True
	expect_json_field 'j[0]["before"]["state"], j[0]["after"]["state"]' "('confirmed', 'rejected')"

	# completion: the stage before and after, and every person it moves
	hw exchange complete EX-000001/1 --force --reason 'узгоджено'
	expect_status 0
	xaudit exchange.complete
	expect_json_field 'j[0]["object_type"], j[0]["object_id"], j[0]["person"]' \
		"('stage', 'EX-000001/1', None)"
	expect_json_field 'j[0]["before"]["state"], j[0]["after"]["state"], j[0]["after"]["forced"]' \
		"('in_progress', 'completed', True)"
	expect_json_field 'j[0]["after"]["counts"]["returned"], j[0]["after"]["counts"]["handed_over"]' \
		"(4, 1)"
	expect_json_field 'sorted(r["person"] for r in j[1:])' \
		"['HW-000004', 'HW-000005', 'HW-000007', 'HW-000011', 'HW-000013']"
	expect_json_field 'set(json.dumps(r["after"], sort_keys=True) for r in j[1:])' \
		"{'{\"stage\": \"EX-000001/1\", \"state\": \"completed\"}'}"
	hw audit log --person HW-000013 --action 'exchange.*'
	expect_stdout_contains "exchange.out_add stage:EX-000001/1 person=HW-000013 ok"
	expect_stdout_contains "exchange.complete stage:EX-000001/1 person=HW-000013 ok"
	xaudit_intact
}

# Cancelling takes persons off the lists: a record for each of them.
t_cli_xaudit_cancel()
{
	x_fixture
	x_import
	hw exchange verify EX-000001/1 1 3 --confirm
	expect_status 0
	hw exchange state EX-000001/1 cancelled --reason 'перенесено'
	expect_status 0
	xaudit exchange.stage_state
	expect_json_field '[r["person"] for r in j]' "[None, 'HW-000001', 'HW-000004']"
	expect_json_field 'j[0]["before"]["state"], j[0]["after"]["state"], j[1]["after"]' \
		"('in_progress', 'cancelled', {'stage': 'EX-000001/1', 'state': 'cancelled'})"
	hw exchange stage add EX-000001 --date 2025-06-01
	x_list2
	hw exchange verify EX-000001/2 A-1 --confirm
	expect_status 0
	hw exchange state EX-000001 cancelled --reason 'угоду скасовано'
	expect_status 0
	xaudit exchange.state
	expect_json_field '[r["person"] for r in j]' "[None, 'HW-000007']"
	expect_json_field 'j[0]["before"], j[0]["after"]' \
		"({'state': 'in_progress'}, {'reason': 'угоду скасовано', 'state': 'cancelled'})"
	expect_json_field 'j[1]["object_type"], j[1]["object_id"], j[1]["after"]["state"]' \
		"('exchange', 'EX-000001', 'cancelled')"
	xaudit_intact
}

# x_list2: the other side's list for EX-000001/2, one line for HW-000007.
x_list2()
{
	csv l2.csv 'line,full_name,birth_date' 'A-1,Tkachenko Ivan Yuriiovych,09.09.1979'
	hw exchange import EX-000001/2 l2.csv
	expect_status 0
}

# A command that fails records nothing (and writes nothing), as the server
# records nothing for bad input; expect_refused checks the database.
t_cli_xaudit_failed_commands()
{
	x_fixture
	x_import
	expect_refused 1 "homeward: name: an agreement named 'Обмін 50 на 50' exists already" \
		exchange create 'Обмін 50 на 50'
	expect_refused 1 "homeward: state: 1 stage of the agreement is still open: complete or cancel it first" \
		exchange state EX-000001 completed
	expect_refused 1 "homeward: line: no line '99' on the lists of this stage" \
		exchange verify EX-000001/1 1 3 99 --confirm
	expect_refused 1 "homeward: person: HW-000002 is one of ours held by the other side: the outgoing list holds persons in our custody" \
		exchange out EX-000001/1 HW-000013 HW-000002
	expect_refused 1 "homeward: line: no line '99' on the lists of this stage" \
		exchange entry EX-000001/1 99
	local sum
	sum=$(db_checksum)
	hw exchange complete EX-000001/1
	expect_status 1
	expect_stderr_contains "incoming entries not decided"
	expect_db_unchanged "$sum"
	csv bad.csv 'line,full_name,birth_date' '7,Коваленко Олександр,31.02.1990' '8,,'
	hw exchange import EX-000001/1 bad.csv
	expect_status 1
	expect_db_unchanged "$sum"
	# a line already on the list: matched, refused when stored
	hw exchange import EX-000001/1 list1.csv
	expect_status 1
	expect_stderr_contains "is on this list already"
	expect_db_unchanged "$sum"
	hw exchange create 'Обмін 2022' --historic
	expect_status 0
	sum=$(db_checksum)
	expect_refused 1 "homeward: the agreement is completed: nobody can be proposed" \
		exchange propose 'Обмін 2022' --count 3
	xaudit_intact
}

# No record, no answer: when the records cannot be written, a read of the
# ledger prints nothing of it and a write writes nothing.
t_cli_xaudit_no_record_no_answer()
{
	x_fixture
	x_import
	hw exchange out EX-000001/1 HW-000013
	expect_status 0
	sqlite3 "$HOMEWARD_DB" "DROP TRIGGER audit_head_no_delete; DELETE FROM audit_head"
	local why="the head of the audit trail is missing; run 'homeward audit verify'"
	local sum cmd
	sum=$(db_checksum)
	for cmd in "exchange entries EX-000001/1" "exchange entries EX-000001/1 --format json" \
		"exchange entry EX-000001/1 1" "exchange entry EX-000001/1 1 --format json" \
		"exchange propose EX-000001 --count 3"; do
		# shellcheck disable=SC2086
		hw $cmd
		expect_status 3
		expect_stdout_empty
		expect_stderr_line "homeward: cannot write the audit record, so nothing is shown: $why"
	done
	expect_db_unchanged "$sum"
	for cmd in "exchange create Друга" "exchange stage add EX-000001" \
		"exchange state EX-000001 cancelled --reason x" "exchange verify EX-000001/1 1 --confirm" \
		"exchange out EX-000001/1 HW-000014" "exchange complete EX-000001/1 --force --reason x"; do
		# shellcheck disable=SC2086
		hw $cmd
		expect_status 3
		expect_stdout_empty
		expect_stderr_contains "cannot write the audit record, so nothing was changed: $why"
		expect_db_unchanged "$sum"
	done
	hw exchange out EX-000001/1 HW-000013 --remove --reason x
	expect_status 3
	expect_stdout_empty
	hw exchange verify EX-000001/1 --confirm --all-proposed --reason x
	expect_status 3
	expect_stdout_empty
	hw exchange state EX-000001/1 cancelled --reason x
	expect_status 3
	csv l2.csv 'line,full_name' 'B-1,Гуменюк Тарас Степанович'
	hw exchange import EX-000001/1 l2.csv
	expect_status 3
	expect_stdout_empty
	expect_db_unchanged "$sum"
	# counts only: still shown
	hw exchange show EX-000001
	expect_status 0
	expect_stdout_contains "EX-000001/1"
}
