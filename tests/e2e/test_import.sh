# test_import.sh - import persons: the CSV interchange format, idempotent
# re-imports, updates, and every kind of bad input (all or nothing).

HEADER=ref,family_name,given_name,patronymic,sex,birth_date,birth_place,citizenship,category,branch,unit,rank,service_number,status,held_by,captured_on,capture_place,region,tags,notes

# good_csv FILE: the sample file: a BOM, CRLF line ends, Cyrillic names,
# quoted fields with commas, doubled quotes and a line break.
good_csv()
{
	{
		printf '\xef\xbb\xbf'
		printf '%s\n' \
			"$HEADER" \
			'R-001,Коваленко,Олександр,Петрович,M,14.03.1990,"Київ, Україна",UA,military,marines,в/ч А0001,senior_soldier,СН-1,captive,adversary,2022-04,Маріуполь,donetsk,mariupol;azovstal,"Сказав ""так"", потім пішов"' \
			'R-002,Мельник,Сергій,Іванович,M,1985,,ua,military,navy,,,,missing,adversary,,,crimea,,"рядок один' \
			'рядок два"' \
			'R-003,Бондар,Ганна,Петрівна,F,1992-07,,,civilian,,,,,captive,adversary,2022-03-05,Херсон,kherson,,' \
			'R-004,Шевчук,Іван,,M,,,,military,other,,,,captive,us,,,,,' |
			sed 's/$/\r/'
	} >"$1"
}

# A checksum of everything but the sources table, where an import records
# itself, and the audit trail, where each import is recorded.
db_checksum_but_sources()
{
	sqlite3 "$HOMEWARD_DB" .dump | grep -vE '^INSERT INTO (sources|"?audit(_head)?"?) ' |
		sha256sum | cut -d' ' -f1
}

# import_fixture: a database with one person, whom a failed import must not
# disturb, and nothing else.
import_fixture()
{
	hw init
	add_person --family Ткаченко --given Петро --ref family:F-1
}

t_import_good()
{
	import_fixture
	good_csv good.csv
	hw import persons good.csv
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "good.csv: 4 rows: 4 created, 0 updated, 0 unchanged, 0 rejected"

	hw person show import:R-001 --format json
	expect_status 0
	expect_json_field 'j["ref"]' HW-000002
	expect_json_field 'j["family_name"]' Коваленко
	expect_json_field 'j["given_name"]' Олександр
	expect_json_field 'j["patronymic"]' Петрович
	expect_json_field 'j["birth_date"]' 1990-03-14
	expect_json_field 'j["birth_place"]' 'Київ, Україна'
	expect_json_field 'j["citizenship"]' UA
	expect_json_field 'j["branch"]' marines
	expect_json_field 'j["unit"]' 'в/ч А0001'
	expect_json_field 'j["rank"]' senior_soldier
	expect_json_field 'j["service_number"]' СН-1
	expect_json_field 'j["status"]' captive
	expect_json_field 'j["captured_on"]' 2022-04
	expect_json_field 'j["region"]' donetsk
	expect_json_field 'j["tags"]' "['azovstal', 'mariupol']"
	expect_json_field 'j["notes"]' 'Сказав "так", потім пішов'
	hw person show R-002 --format json
	expect_json_field 'j["citizenship"]' UA
	expect_json_field 'j["birth_date"]' 1985
	expect_json_field 'j["notes"].replace("\r\n", "\n")' $'рядок один\nрядок два'
	hw person show R-003 --format json
	expect_json_field 'j["category"]' civilian
	expect_json_field 'j["sex"]' F
	expect_json_field 'j["birth_date"]' 1992-07
	hw person show R-004 --format json
	expect_json_field 'j["held_by"]' us
	expect_json_field 'j["status"]' captive
	expect_json_field 'j["patronymic"]' null
	# the registration event carries the status of the row
	hw history R-001
	expect_stdout_contains "registered"
	expect_stdout_contains "captive"
	hw person list --limit 0
	expect_equal "$(wc -l <"$RUN_OUT")" 5 "persons after the import"
}

# The same file twice: the second run changes nothing in the registry (its
# --help says so), not even a record of the run as a source; only its audit
# record is added.
t_import_idempotent()
{
	import_fixture
	good_csv good.csv
	hw import persons good.csv
	expect_status 0
	local sum sum_but_sources
	sum=$(db_checksum_but_audit)
	sum_but_sources=$(db_checksum_but_sources)
	hw import persons good.csv
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "good.csv: 4 rows: 0 created, 0 updated, 4 unchanged, 0 rejected"
	# persons, names, events, references and tags first, then the rest
	expect_equal "$(db_checksum_but_sources)" "$sum_but_sources" \
		"the persons after a second identical import"
	expect_registry_unchanged "$sum"
	hw person show R-001 --format json
	expect_json_field 'j["version"]' 1
}

# A changed field updates the person (a new version), never a duplicate.
t_import_update()
{
	import_fixture
	good_csv good.csv
	hw import persons good.csv
	sed 's/,1985,,ua,military,navy,/,1986,,ua,military,navy,/' good.csv >changed.csv
	hw import persons changed.csv
	expect_status 0
	expect_stdout_equals "changed.csv: 4 rows: 0 created, 1 updated, 3 unchanged, 0 rejected"
	hw person show R-002 --format json
	expect_json_field 'j["birth_date"]' 1986
	expect_json_field 'j["version"]' 2
	expect_json_field 'j["ref"]' HW-000003
	hw person list --limit 0
	expect_equal "$(wc -l <"$RUN_OUT")" 5 "persons after the update"
	# a changed name: the old one is kept as former
	sed 's/R-003,Бондар,Ганна/R-003,Бондар-Коваль,Ганна/' good.csv >renamed.csv
	hw import persons renamed.csv
	expect_status 0
	hw person show R-003 --format json
	expect_json_field 'j["family_name"]' Бондар-Коваль
	expect_json_field 'sorted(n["kind"] + ":" + n["family_name"] for n in j["names"])' \
		"['former:Бондар', 'primary:Бондар-Коваль']"
}

# A changed status in the file is recorded as the event that leads there;
# a change no event allows is refused with its position.
t_import_status_change()
{
	import_fixture
	csv s1.csv "ref,family_name,given_name,status" "S1,Коваленко,Олександр,missing" \
		"S2,Мельник,Сергій,returned"
	hw import persons s1.csv
	expect_status 0
	csv s2.csv "ref,family_name,given_name,status" "S1,Коваленко,Олександр,captive" \
		"S2,Мельник,Сергій,returned"
	hw import persons s2.csv
	expect_status 0
	expect_stdout_equals "s2.csv: 2 rows: 0 created, 1 updated, 1 unchanged, 0 rejected"
	history_words_import S1
	expect_equal "$HISTORY" "registered>missing captivity_confirmed>captive" "history of S1"
	local sum
	sum=$(db_checksum)
	csv s3.csv "ref,family_name,given_name,status" "S1,Коваленко,Олександр,captive" \
		"S2,Мельник,Сергій,handed_over"
	hw import persons s3.csv
	expect_status 1
	expect_stdout_empty
	expect_stderr_contains "homeward: s3.csv:3:"
	expect_stderr_contains "status: cannot change from 'returned' to 'handed_over' by an import: no event leads there (record a 'status_corrected' event with a reason)"
	expect_stderr_line "homeward: 1 invalid row; nothing was imported"
	expect_db_unchanged "$sum"
}

history_words_import()
{
	hw history "$1"
	expect_status 0
	HISTORY=$(awk '{for (i = 1; i <= NF; i++) if ($i == "->") print $(i-1) ">" $(i+1)}' \
		"$RUN_OUT" | tr '\n' ' ' | sed 's/ $//')
}

# The public reference of this registry identifies a person too.
t_import_by_public_ref()
{
	import_fixture
	csv p.csv "ref,family_name,given_name,unit" "HW-000001,Ткаченко,Петро,в/ч А0009"
	hw import persons p.csv
	expect_status 0
	expect_stdout_equals "p.csv: 1 rows: 0 created, 1 updated, 0 unchanged, 0 rejected"
	hw person show HW-000001 --format json
	expect_json_field 'j["unit"]' 'в/ч А0009'
	expect_json_field 'sorted(r["source"] + ":" + r["ref"] for r in j["refs"])' "['family:F-1']"
}

# Physical lines count, also inside a quoted field.
t_import_line_numbers()
{
	import_fixture
	printf '%s\n' "family_name,given_name,notes,birth_date" \
		'Коваленко,Олександр,"a' 'b",1990' "Мельник,Сергій,,31.02.1990" >lines.csv
	expect_refused 1 "homeward: lines.csv:4:17: birth_date: '31.02.1990' is not a date (no such day)" \
		import persons lines.csv
}

# import_bad FILE LINE...: the import of FILE fails with exit 1, prints each
# LINE, nothing on stdout, and leaves the database unchanged.
import_bad()
{
	local f=$1 sum line
	shift
	sum=$(db_checksum)
	hw import persons "$f"
	expect_status 1
	expect_stdout_empty
	for line in "$@"; do
		expect_stderr_line "$line"
	done
	expect_db_unchanged "$sum"
}

t_import_invalid_utf8()
{
	import_fixture
	printf 'family_name,given_name\nМельник,Сергій\nКоваленко,Ол\xffександр\n' >bad.csv
	import_bad bad.csv "homeward: bad.csv:3:13: given_name: invalid UTF-8"
}

t_import_missing_required_column()
{
	import_fixture
	csv bad.csv "given_name,patronymic" "Олександр,Петрович"
	import_bad bad.csv "homeward: bad.csv:1: required column 'family_name' is missing"
	csv bad2.csv "family_name,patronymic" "Коваленко,Петрович"
	import_bad bad2.csv "homeward: bad2.csv:1: required column 'given_name' is missing"
}

t_import_unknown_column()
{
	import_fixture
	csv bad.csv "family_name,given_name,colour" "Коваленко,Олександр,red"
	import_bad bad.csv "homeward: bad.csv:1:24: unknown column 'colour' (allowed: ref, family_name, given_name, patronymic, sex, birth_date, birth_place, citizenship, category, branch, unit, rank, service_number, status, held_by, captured_on, capture_place, region, tags, notes, health, next_of_kin)"
}

t_import_repeated_column()
{
	import_fixture
	csv bad.csv "family_name,given_name,family_name" "Коваленко,Олександр,Мельник"
	import_bad bad.csv "homeward: bad.csv:1:24: column 'family_name' appears twice"
}

t_import_wrong_field_count()
{
	import_fixture
	csv bad.csv "family_name,given_name,sex" "Коваленко,Олександр,M" "Мельник,Сергій" \
		"Бондар,Ганна,F,зайве"
	import_bad bad.csv "homeward: bad.csv:3: expected 3 fields, found 2" \
		"homeward: bad.csv:4: expected 3 fields, found 4" \
		"homeward: 2 invalid rows; nothing was imported"
}

t_import_unterminated_quote()
{
	import_fixture
	csv bad.csv "family_name,given_name,notes" "Мельник,Сергій,x" \
		'Коваленко,Олександр,"не закрито' "Бондар,Ганна,y"
	import_bad bad.csv "homeward: bad.csv:3:21: notes: unterminated quoted field"
}

t_import_bad_date()
{
	import_fixture
	csv bad.csv "family_name,given_name,birth_date" "Мельник,Сергій,1985" \
		"Коваленко,Олександр,31.02.1990"
	import_bad bad.csv "homeward: bad.csv:3:21: birth_date: '31.02.1990' is not a date (no such day)" \
		"homeward: 1 invalid row; nothing was imported"
}

t_import_unknown_branch()
{
	import_fixture
	csv bad.csv "family_name,given_name,branch" "Мельник,Сергій,navy" \
		"Коваленко,Олександр,cavalry"
	import_bad bad.csv "homeward: bad.csv:3:21: branch: unknown branch 'cavalry' (allowed: army, navy, marines, air_force, air_assault, tdf, sso, ngu, sbgs, police, sbu, other)" \
		"homeward: 1 invalid row; nothing was imported"
}

# many_csv FILE: one good row and four bad ones.
many_csv()
{
	csv "$1" "ref,family_name,given_name,birth_date,branch,region" \
		"A1,Коваленко,Олександр,1990,army,donetsk" \
		"A2,Мельник,Сергій,31.02.1990,army,donetsk" \
		"A3,Бондар,Ганна,1990,cavalry,donetsk" \
		"A4,Шевчук,Іван,1990,army,atlantis" \
		"A5,,Петро,,,"
}

# Several bad rows: every one is listed, with its position, and nothing is
# imported.
t_import_many_errors()
{
	import_fixture
	many_csv many.csv
	import_bad many.csv
	expect_golden import/many_errors.stderr "$RUN_ERR"
}

# An error of the CSV reader is printed once, like any other.
t_import_error_reported_once()
{
	import_fixture
	printf 'family_name,given_name\nКоваленко,Ол\xffександр\n' >utf8.csv
	import_bad utf8.csv
	expect_stderr_equals "homeward: utf8.csv:2:13: given_name: invalid UTF-8
homeward: utf8.csv: the file cannot be read on; nothing was imported"
	csv quote.csv "family_name,given_name,notes" 'Коваленко,Олександр,"не закрито'
	import_bad quote.csv
	expect_stderr_equals "homeward: quote.csv:2:21: notes: unterminated quoted field
homeward: quote.csv: the file cannot be read on; nothing was imported"
}

# Errors in a field name the field, as FILE:LINE:COLUMN: field: message,
# also those found by the CSV reader.
t_import_reader_errors_name_the_field()
{
	import_fixture
	printf 'family_name,given_name\nКоваленко,Ол\xffександр\n' >utf8.csv
	import_bad utf8.csv "homeward: utf8.csv:2:13: given_name: invalid UTF-8"
	csv quote.csv "family_name,given_name,notes" 'Коваленко,Олександр,"не закрито'
	import_bad quote.csv "homeward: quote.csv:2:21: notes: unterminated quoted field"
}

t_import_skip_invalid()
{
	import_fixture
	many_csv many.csv
	hw import persons many.csv --skip-invalid
	expect_status 0
	expect_stdout_equals "many.csv: 5 rows: 1 created, 0 updated, 0 unchanged, 4 rejected
rejected rows are in many.csv.rejects.csv"
	expect_stderr_line "homeward: many.csv:3:19: birth_date: '31.02.1990' is not a date (no such day)"
	expect_stderr_line "homeward: many.csv:6:4: family_name: is required"
	cat >expected.csv <<'EOF'
ref,family_name,given_name,birth_date,branch,region,reason
A2,Мельник,Сергій,31.02.1990,army,donetsk,many.csv:3:19: birth_date: '31.02.1990' is not a date (no such day)
A3,Бондар,Ганна,1990,cavalry,donetsk,"many.csv:4:22: branch: unknown branch 'cavalry' (allowed: army, navy, marines, air_force, air_assault, tdf, sso, ngu, sbgs, police, sbu, other)"
A4,Шевчук,Іван,1990,army,atlantis,"many.csv:5:26: region: unknown region 'atlantis' (allowed: donetsk, luhansk, kherson, kharkiv, zaporizhzhia, sumy, chernihiv, kyiv, mykolaiv, crimea, other)"
A5,,Петро,,,,many.csv:6:4: family_name: is required
EOF
	expect_file_equals many.csv.rejects.csv expected.csv
	hw person show A1
	expect_status 0
	hw person list --limit 0
	expect_equal "$(wc -l <"$RUN_OUT")" 2 "persons after --skip-invalid"
	# --rejects names the file; a second run: the good row is unchanged
	mkdir out
	hw import persons many.csv --skip-invalid --rejects out/rej.csv
	expect_status 0
	expect_stdout_equals "many.csv: 5 rows: 0 created, 0 updated, 1 unchanged, 4 rejected
rejected rows are in out/rej.csv"
	expect_file_equals out/rej.csv expected.csv
	# with nothing rejected, the rejects file holds the header only
	csv ok.csv "ref,family_name,given_name" "B1,Мельник,Сергій"
	hw import persons ok.csv --skip-invalid --rejects ok-rej.csv
	expect_status 0
	expect_stdout_equals "ok.csv: 1 rows: 1 created, 0 updated, 0 unchanged, 0 rejected"
	[ ! -e ok-rej.csv ] || [ "$(cat ok-rej.csv)" = "ref,family_name,given_name,reason" ] ||
		fail "rejects file with nothing rejected: $(cat ok-rej.csv)"
}

# A row with the wrong number of fields goes to the rejects file whole, so
# that it can be corrected and imported again.
t_import_skip_invalid_keeps_short_rows()
{
	import_fixture
	csv bad.csv "family_name,given_name,sex" "Коваленко,Олександр,M" "Мельник,Сергій" \
		"Бондар,Ганна,F,зайве"
	hw import persons bad.csv --skip-invalid --rejects rej.csv
	expect_status 0
	expect_stdout_contains "bad.csv: 3 rows: 1 created, 0 updated, 0 unchanged, 2 rejected"
	grep -q 'Мельник,Сергій' rej.csv || fail "the short row is not in the rejects file" "$(cat rej.csv)"
	grep -q 'Бондар,Ганна,F,зайве' rej.csv || fail "the long row is not in the rejects file" "$(cat rej.csv)"
}

t_import_rejects_without_skip_invalid()
{
	import_fixture
	many_csv many.csv
	expect_refused 2 "homeward: --rejects goes with --skip-invalid" \
		import persons many.csv --rejects rej.csv
	expect_stderr_line "homeward: see 'homeward import --help'"
	[ ! -e rej.csv ] || fail "rej.csv was written"
}

t_import_missing_file()
{
	import_fixture
	expect_refused 1 "homeward: cannot read 'nofile.csv': No such file or directory" \
		import persons nofile.csv
}

t_import_empty_files()
{
	import_fixture
	# a header alone: nothing to do
	csv header.csv "family_name,given_name"
	hw import persons header.csv
	expect_status 0
	expect_stdout_equals "header.csv: 0 rows: 0 created, 0 updated, 0 unchanged, 0 rejected"
	# no header at all: refused
	: >empty.csv
	local sum
	sum=$(db_checksum)
	hw import persons empty.csv
	expect_status 1
	expect_stdout_empty
	expect_stderr_contains "homeward: empty.csv"
	expect_db_unchanged "$sum"
}

# --source labels the references written without a source.
t_import_source_label()
{
	import_fixture
	csv s.csv "ref,family_name,given_name" "77,Мельник,Сергій" "unit:U-1,Бондар,Ганна"
	hw import persons s.csv --source red_cross
	expect_status 0
	hw person show red_cross:77
	expect_status 0
	expect_stdout_contains "Мельник Сергій"
	hw person show unit:U-1
	expect_status 0
	expect_stdout_contains "Бондар Ганна"
	# the history names the import as the source of what it registered
	hw history red_cross:77
	expect_status 0
	expect_stdout_contains "registered"
	expect_stdout_contains "[import of s.csv]"
	hw history red_cross:77 --format json
	expect_json_field 'j[0]["source"]' "import of s.csv"
}

# Past 50 errors the listing stops, and says so; still nothing is imported.
t_import_too_many_errors()
{
	local i
	import_fixture
	{
		echo "family_name,given_name,birth_date"
		for ((i = 0; i < 70; i++)); do
			echo "Коваленко,Олександр,31.02.1990"
		done
	} >many.csv
	import_bad many.csv "homeward: many.csv: too many errors, not listing more"
	expect_equal "$(grep -c "^homeward: many.csv:[0-9]*:21: birth_date: " "$RUN_ERR")" 50 \
		"errors listed"
	expect_stderr_line "homeward: 50 invalid rows; nothing was imported"
}
