# test_cli_audit.sh - the command line audits reads and writes of persons
# as the server does (docs/security.md, "What the command line records"):
# actor cli:LOGIN from "local", the server's actions, the person before and
# after a write in the write's transaction, a read recorded before it is
# printed, a failed command recording nothing.

ACTOR="cli:${USER:-$(id -un)}"

# audit_last ACTION: the records of ACTION as JSON on stdout (j[-1] is the
# last one), checking who and from where.
audit_last()
{
	hw audit log --action "$1" --format json
	expect_status 0
	expect_json_field 'j[-1]["actor"]' "$ACTOR"
	expect_json_field 'j[-1]["address"]' local
	expect_json_field 'j[-1]["outcome"]' ok
}

# expect_records N ACTION: N records of ACTION.
expect_records()
{
	hw audit log --action "$2" --format json
	expect_json_field 'len(j)' "$1"
}

expect_intact()
{
	hw audit verify
	expect_status 0
	expect_stdout_contains "audit trail intact: "
}

# A file's SHA-256, as sha256sum writes it.
sha()
{
	sha256sum "$1" | cut -d' ' -f1
}

t_cli_audit_person_writes()
{
	hw init
	add_person --family Коваленко --given Олександр --ref family:F-1 --health wounded \
		--next-of-kin 'Коваленко Ганна'
	audit_last person.create
	expect_json_field 'len(j)' 1
	expect_json_field 'j[-1]["object_type"], j[-1]["object_id"], j[-1]["person"]' \
		"('person', 'HW-000001', 'HW-000001')"
	expect_json_field 'j[-1]["before"]' null
	expect_json_field 'j[-1]["after"]["family_name"], j[-1]["after"]["version"]' \
		"('Коваленко', 1)"
	# with health, as the server records it
	expect_json_field 'j[-1]["after"]["health"], j[-1]["after"]["next_of_kin"]' \
		"(['wounded'], 'Коваленко Ганна')"

	# each kind of edit under the server's action for it
	hw person edit HW-000001 --unit 'в/ч А0001'
	expect_status 0
	audit_last person.update
	expect_json_field 'j[-1]["before"]["unit"], j[-1]["after"]["unit"]' "(None, 'в/ч А0001')"
	expect_json_field 'j[-1]["before"]["version"], j[-1]["after"]["version"]' "(1, 2)"
	hw person edit HW-000001 --health disability
	audit_last person.health
	expect_json_field 'j[-1]["before"]["health"], j[-1]["after"]["health"]' \
		"(['wounded'], ['disability'])"
	hw person edit HW-000001 --alias 'Kovalenko;Oleksandr'
	audit_last person.name_add
	expect_json_field 'len(j[-1]["after"]["names"]) - len(j[-1]["before"]["names"])' 1
	hw person edit HW-000001 --family Коваленко-Шевчук --tag mariupol --ref unit:U-7
	audit_last person.update
	expect_json_field 'j[-1]["after"]["tags"], sorted(r["source"] for r in j[-1]["after"]["refs"])' \
		"(['mariupol'], ['family', 'unit'])"
	expect_json_field 'j[-1]["after"]["family_name"]' Коваленко-Шевчук

	hw event add HW-000001 captivity_confirmed --date 2022-05-01
	expect_status 0
	audit_last event.add
	expect_json_field 'j[-1]["object_id"], j[-1]["before"], j[-1]["after"]["type"]' \
		"('HW-000001', {'status': 'missing'}, 'captivity_confirmed')"
	expect_json_field 'j[-1]["after"]["status_after"], j[-1]["after"]["date"]' \
		"('captive', '2022-05-01')"
	expect_intact
}

t_cli_audit_person_reads()
{
	hw init
	add_person --family Коваленко --given Олександр --ref family:F-1
	add_person --family Мельник --given Сергій --held-by us
	add_person --family Шевченко --given Тарас --tag mariupol
	hw person show F-1 --format json
	expect_status 0
	audit_last person.read
	expect_json_field 'len(j), j[-1]["object_id"], j[-1]["person"]' "(1, 'HW-000001', 'HW-000001')"
	expect_json_field 'j[-1]["before"], j[-1]["after"]' "(None, None)"
	hw history HW-000002
	expect_status 0
	expect_stdout_contains "registered"
	audit_last person.history
	expect_json_field 'j[-1]["person"]' HW-000002

	# a listing: the query and the persons listed, and the digest of what
	# was printed
	hw person list --held-by adversary --format json
	expect_status 0
	cp "$RUN_OUT" listed.json
	audit_last person.list
	expect_json_field 'j[-1]["after"]["query"]' "{'held_by': 'adversary', 'limit': 50}"
	expect_json_field 'j[-1]["after"]["refs"], j[-1]["after"]["count"]' \
		"(['HW-000001', 'HW-000003'], 2)"
	expect_json_field 'j[-1]["after"]["sha256"]' "$(sha listed.json)"
	expect_json_field 'j[-1]["person"]' null
	hw person list --tag mariupol --after HW-000001
	expect_stdout_contains HW-000003
	audit_last person.list
	expect_json_field 'j[-1]["after"]["query"]' "{'after': 'HW-000001', 'limit': 50, 'tag': 'mariupol'}"
	expect_json_field 'j[-1]["after"]["refs"]' "['HW-000003']"
	hw person list --status returned
	expect_stdout_empty
	audit_last person.list
	expect_json_field 'j[-1]["after"]["refs"], j[-1]["after"]["count"]' "([], 0)"

	# search and match: the name asked, the persons proposed
	hw search 'Kovalenko Oleksandr' --dob 1990 --limit 3
	expect_status 0
	audit_last person.search
	expect_json_field 'j[-1]["after"]["q"], j[-1]["after"]["dob"]' "('Kovalenko Oleksandr', '1990')"
	expect_json_field '"HW-000001" in j[-1]["after"]["refs"]' True
	csv list.csv "line,full_name" "1,Коваленко Олександр" "2,Шевченко Тарас"
	hw match list.csv --output out.csv
	expect_status 0
	audit_last list.match
	expect_json_field 'j[-1]["after"]["file"], j[-1]["after"]["lines"]' "('list.csv', 2)"
	expect_json_field '"HW-000001" in j[-1]["after"]["refs"] and "HW-000003" in j[-1]["after"]["refs"]' True
	expect_json_field 'j[-1]["after"]["sha256"]' "$(sha out.csv)"
	expect_intact
}

t_cli_audit_export()
{
	hw init
	add_person --family Коваленко --given Олександр --health wounded
	add_person --family Мельник --given Сергій
	hw export persons --output all.csv
	expect_status 0
	audit_last person.export
	expect_json_field 'j[-1]["after"]["format"], j[-1]["after"]["output"], j[-1]["after"]["query"]' \
		"('csv', 'all.csv', {})"
	expect_json_field 'j[-1]["after"]["refs"], j[-1]["after"]["count"]' \
		"(['HW-000001', 'HW-000002'], 2)"
	expect_json_field 'j[-1]["after"]["sha256"]' "$(sha all.csv)"
	hw export persons --format json
	expect_status 0
	cp "$RUN_OUT" all.json
	audit_last person.export
	expect_json_field 'j[-1]["after"]["format"], j[-1]["after"]["output"]' "('json', '-')"
	expect_json_field 'j[-1]["after"]["sha256"]' "$(sha all.json)"
	expect_records 2 person.export
	expect_intact
}

# Past the size kept in memory, the export to stdout is rendered twice from
# one snapshot; past CLI_AUDIT_REFS_MAX the record holds the count, the first
# and last reference and the digest instead of every reference.
t_cli_audit_export_large()
{
	hw init
	hw generate persons 40000 --seed 7 --output p.csv
	expect_status 0
	hw import persons p.csv
	expect_status 0
	hw export persons --format json
	expect_status 0
	cp "$RUN_OUT" big.json
	[ "$(stat -c %s big.json)" -gt $((32 << 20)) ] || fail "the export is too small to pass the cap"
	audit_last person.export
	expect_json_field 'j[-1]["after"]["count"], j[-1]["after"]["refs"]' "(40000, None)"
	expect_json_field 'j[-1]["after"]["first"], j[-1]["after"]["last"]' "('HW-000001', 'HW-040000')"
	expect_json_field 'j[-1]["after"]["sha256"]' "$(sha big.json)"
	python3 -c 'import json,sys; assert len(json.load(open(sys.argv[1]))) == 40000' big.json ||
		fail "the export is not the 40000 persons"
	expect_intact
}

t_cli_audit_import()
{
	hw init
	csv good.csv "ref,family_name,given_name,status" "S1,Коваленко,Олександр,captive" \
		"S2,Мельник,Сергій,"
	hw import persons good.csv
	expect_status 0
	audit_last person.import
	expect_json_field 'len(j), j[-1]["object_type"], j[-1]["person"]' "(1, 'person', None)"
	expect_json_field 'j[-1]["after"]["file"], j[-1]["after"]["bytes"], j[-1]["after"]["sha256"]' \
		"('good.csv', $(stat -c %s good.csv), '$(sha good.csv)')"
	expect_json_field '[j[-1]["after"][k] for k in ("rows", "created", "updated", "unchanged", "rejected")]' \
		"[2, 2, 0, 0, 0]"
	expect_json_field 'j[-1]["after"]["source"], j[-1]["after"]["skip_invalid"]' "('import', False)"
	# again: nothing changes in the registry, but the import is recorded
	hw import persons good.csv
	audit_last person.import
	expect_json_field 'len(j), j[-1]["after"]["unchanged"]' "(2, 2)"
	# with rows left out
	csv some.csv "ref,family_name,given_name,birth_date" "S3,Шевченко,Тарас," \
		"S4,Бондар,Ганна,31.02.1990"
	hw import persons some.csv --skip-invalid --source family
	expect_status 0
	audit_last person.import
	expect_json_field '[j[-1]["after"][k] for k in ("rows", "created", "rejected", "skip_invalid", "source")]' \
		"[2, 1, 1, True, 'family']"
	expect_intact
}

# A command that fails records nothing, as the server records nothing for
# bad input (expect_refused checks that the database is unchanged).
t_cli_audit_failed_commands()
{
	hw init
	add_person --family Коваленко --given Олександр
	expect_refused 1 "homeward: no person HW-000009" person show HW-000009
	expect_refused 1 "homeward: no person HW-000009" history HW-000009
	expect_refused 1 "homeward: family_name: is required" person add --given Олександр
	expect_refused 1 "homeward: sex: unknown sex 'X' (allowed: U, M, F)" \
		person edit HW-000001 --sex X
	expect_refused 1 "homeward: type: 'handed_over' is not allowed for a person whose status is 'missing' (allowed from: captive, listed)" \
		event add HW-000001 handed_over
	local sum
	sum=$(db_checksum)
	csv bad.csv "family_name,given_name,birth_date" "Мельник,Сергій,31.02.1990"
	hw import persons bad.csv
	expect_status 1
	expect_db_unchanged "$sum"
	hw search ''
	expect_status 1
	expect_db_unchanged "$sum"
	hw person list --status free
	expect_status 1
	expect_db_unchanged "$sum"
	expect_intact
}

# No record, no answer: when the record cannot be written, a read prints
# nothing of the person and a write writes nothing.
t_cli_audit_no_record_no_answer()
{
	hw init
	add_person --family Коваленко --given Олександр
	hw person list
	expect_stdout_contains HW-000001
	# the head of the chain removed behind the program's back
	sqlite3 "$HOMEWARD_DB" "DROP TRIGGER audit_head_no_delete; DELETE FROM audit_head"
	local why="cannot write the audit record, so nothing is shown: the head of the audit trail is missing; run 'homeward audit verify'"
	local n
	for cmd in "person show HW-000001" "person show HW-000001 --format json" "history HW-000001" \
		"person list" "search Коваленко" "export persons"; do
		# shellcheck disable=SC2086
		hw $cmd
		expect_status 3
		expect_stdout_empty
		expect_stderr_line "homeward: $why"
	done
	hw export persons --output out.csv
	expect_status 3
	[ ! -e out.csv ] || fail "the export was written without its record"
	csv list.csv "full_name" "Коваленко Олександр"
	hw match list.csv --output m.csv
	expect_status 3
	[ ! -e m.csv ] || fail "the match was written without its record"
	hw person add --family Мельник --given Сергій
	expect_status 3
	expect_stdout_empty
	expect_stderr_contains "cannot write the audit record, so nothing was changed"
	hw person edit HW-000001 --unit X
	expect_status 3
	hw event add HW-000001 captivity_confirmed
	expect_status 3
	csv p.csv "family_name,given_name" "Шевченко,Тарас"
	hw import persons p.csv
	expect_status 3
	expect_stderr_contains "cannot write the audit record, so nothing was imported"
	n=$(sqlite3 "$HOMEWARD_DB" "SELECT count(*) FROM persons; SELECT count(*) FROM events;
		SELECT version FROM persons WHERE id = 1" | tr '\n' ' ')
	expect_equal "$n" "1 1 1 " "persons, events, the version after the refused writes"
}
