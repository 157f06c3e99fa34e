# test_export.sh - export persons as CSV and JSON, to stdout or a file, and
# a small export/import round trip with every field.

EXPORT_HEADER=ref,family_name,given_name,patronymic,sex,birth_date,birth_place,citizenship,category,branch,unit,rank,service_number,status,held_by,captured_on,capture_place,region,tags,notes,health,next_of_kin

# export_fixture: persons using every field, with events.
export_fixture()
{
	hw init
	add_person --family Коваленко --given Олександр --patronymic Петрович --sex M \
		--birth-date 1990-03-14 --birth-place 'м. Київ' --citizenship UA --branch marines \
		--unit 'в/ч А0001' --rank senior_soldier --service-number 'СН-1' --captured-on 2022-04 \
		--capture-place 'Маріуполь, завод' --region donetsk --tag mariupol --tag azovstal \
		--health 'wounded;seriously_ill' --next-of-kin 'Коваленко Ганна, мати' \
		--notes $'Сказав "так",\nпотім пішов' --ref family:F-1 --ref unit:U-7 --status captive
	add_person --family Бондар --given Ганна --patronymic Петрівна --sex F --category civilian \
		--birth-date 1961 --region kherson --captured-on 2022-11-02 --capture-place Херсон
	add_person --family Шевчук --given Іван --held-by us --branch other --birth-date 1999-12
	add_person --family Мельник --given Сергій --patronymic Іванович --branch ngu --rank major
	hw event add HW-000001 listed
	hw event add HW-000004 returned
	hw event add HW-000003 handed_over
}

t_export_csv()
{
	export_fixture
	hw export persons
	expect_status 0
	expect_stderr_empty
	expect_equal "$(head -n 1 "$RUN_OUT")" "$EXPORT_HEADER" "the header row"
	expect_golden export/persons.csv
	# --format csv is the default
	cp "$RUN_OUT" default.csv
	hw export persons --format csv
	expect_file_equals "$RUN_OUT" default.csv
}

t_export_json()
{
	export_fixture
	hw export persons --format json
	expect_status 0
	expect_stderr_empty
	expect_stdout_json
	expect_json_field 'len(j)' 4
	expect_json_field '[p["ref"] for p in j]' "['HW-000001', 'HW-000002', 'HW-000003', 'HW-000004']"
	expect_json_field '[p["status"] for p in j]' "['listed', 'missing', 'handed_over', 'returned']"
	expect_json_field 'j[0]["health"]' "['wounded', 'seriously_ill']"
	expect_json_field 'j[0]["next_of_kin"]' 'Коваленко Ганна, мати'
	expect_json_field 'j[0]["notes"]' $'Сказав "так",\nпотім пішов'
	expect_json_field 'sorted(r["source"] + ":" + r["ref"] for r in j[0]["refs"])' \
		"['family:F-1', 'unit:U-7']"
	expect_json_field 'j[0]["tags"]' "['azovstal', 'mariupol']"
	expect_json_field 'j[1]["category"]' civilian
	expect_json_field 'j[1]["branch"]' null
	expect_json_field 'j[2]["held_by"]' us
	expect_json_field 'j[3]["rank_class"]' officer
	expect_json_field '[len(p["names"]) for p in j]' "[1, 1, 1, 1]"
}

t_export_output_file()
{
	export_fixture
	hw export persons
	cp "$RUN_OUT" stdout.csv
	hw export persons --output out.csv
	expect_status 0
	expect_stdout_empty
	expect_stderr_empty
	expect_file_equals out.csv stdout.csv
	hw export persons --format json
	cp "$RUN_OUT" stdout.json
	hw export persons --format json --output out.json
	expect_status 0
	expect_stdout_empty
	expect_file_equals out.json stdout.json
	# an existing file is replaced whole
	printf 'old content that is longer than nothing\n%.0s' {1..2000} >out.csv
	hw export persons --output out.csv
	expect_status 0
	expect_file_equals out.csv stdout.csv
	# no temporary file is left behind
	local left
	left=$(find . -name '*.tmp*' | head -n 3)
	[ -z "$left" ] || fail "temporary files left: $left"
	# a directory that does not exist: an error, no file
	hw export persons --output nodir/out.csv
	[ "$STATUS" = 1 ] || [ "$STATUS" = 3 ] || fail "exit status $STATUS writing into a missing directory"
	expect_stderr_contains "homeward: cannot write 'nodir/out.csv'"
	expect_stdout_empty
}

t_export_empty_registry()
{
	hw init
	hw export persons
	expect_status 0
	expect_stdout_equals "$EXPORT_HEADER"
	hw export persons --format json
	expect_status 0
	expect_stdout_json
	expect_json_field 'j' '[]'
}

# Export, import into a new database, export again: the same bytes, and
# the same persons.
t_export_import_roundtrip()
{
	export_fixture
	hw export persons --output a.csv
	expect_status 0
	expect_export_reimports a.csv 4
	local r
	for r in HW-000001 HW-000002 HW-000003 HW-000004; do
		show_stable a.txt person show "$r"
		show_stable b.txt --db b.db person show "$r"
		expect_file_equals b.txt a.txt
	done
	# the export imported into its own registry changes nothing
	hw import persons a.csv
	expect_status 0
	expect_stdout_equals "a.csv: 4 rows: 0 created, 0 updated, 4 unchanged, 0 rejected"
}
