# test_person.sh - person add, show, edit and list.

# Every option of `person add`, and what `person show` makes of it.
t_add_all_options()
{
	hw init
	hw person add --family Коваленко --given Олександр --patronymic Петрович \
		--alias 'Коваленко;Александр;Петрович' --alias 'Kovalenko;Oleksandr' \
		--sex M --birth-date 14.03.1990 --birth-place 'м. Київ' --citizenship ua \
		--category military --branch marines --unit 'в/ч А0001' --rank senior_soldier \
		--service-number 'СН-123456' --held-by adversary --captured-on 2022-04 \
		--capture-place 'Маріуполь, завод' --region donetsk --tag mariupol --tag azovstal \
		--health 'wounded;disability' --next-of-kin 'Коваленко Ганна Петрівна, мати' \
		--notes 'Примітка з комою, і "лапками"' --ref family:F-0001 --ref unit:U/77 \
		--status captive
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals HW-000001

	show_stable shown.txt person show HW-000001
	cat >expected.txt <<'EOF'
HW-000001
  names:          Коваленко Олександр Петрович  [primary, cyrl]
                  Коваленко Александр Петрович  [alias, cyrl]
                  Kovalenko Oleksandr  [alias, latn]
  status:         captive (у полоні)
  held by:        adversary (утримується противником)
  sex:            M (чоловік)
  birth date:     1990-03-14
  birth place:    м. Київ
  citizenship:    UA
  category:       military (військовий)
  branch:         marines (Морська піхота)
  unit:           в/ч А0001
  rank:           senior_soldier (старший солдат)
  service number: СН-123456
  captured on:    2022-04
  capture place:  Маріуполь, завод
  region:         donetsk (Донецький напрямок)
  health:         wounded;disability
  next of kin:    Коваленко Ганна Петрівна, мати
  tags:           azovstal, mariupol
  references:     family:F-0001, unit:U/77
  notes:          Примітка з комою, і "лапками"
EOF
	# the script of a name record is the program's guess: compare the rest
	sed -E 's/\[(primary|alias|former), [a-z]+\]/[\1]/' shown.txt >a.txt
	sed -E 's/\[(primary|alias|former), [a-z]+\]/[\1]/' expected.txt >b.txt
	expect_file_equals a.txt b.txt

	# the second person gets the next reference
	add_person --family Мельник --given Сергій
	expect_equal "$REF" HW-000002 "second reference"
}

t_add_minimal_defaults()
{
	hw init
	add_person --family Бондар --given Ганна
	hw person show HW-000001 --format json
	expect_json_field 'j["status"]' missing
	expect_json_field 'j["held_by"]' adversary
	expect_json_field 'j["category"]' military
	expect_json_field 'j["sex"]' U
	expect_json_field 'j["patronymic"]' null
	# held by us: captive by default
	add_person --family Шевчук --given Іван --held-by us
	hw person show "$REF" --format json
	expect_json_field 'j["status"]' captive
	expect_json_field 'j["held_by"]' us
}

# Each invalid value: exit 1, one line naming the field, the database unchanged.
t_add_validation()
{
	hw init
	add_person --family Коваленко --given Олександр
	local base=(person add --family Мельник --given Сергій)
	expect_refused 1 "homeward: branch: unknown branch 'cavalry' (allowed: army, navy, marines, air_force, air_assault, tdf, sso, ngu, sbgs, police, sbu, other)" \
		"${base[@]}" --branch cavalry
	expect_refused 1 "homeward: region: unknown region 'atlantis' (allowed: donetsk, luhansk, kherson, kharkiv, zaporizhzhia, sumy, chernihiv, kyiv, mykolaiv, crimea, other)" \
		"${base[@]}" --region atlantis
	expect_refused 1 "homeward: birth_date: '31.02.1990' is not a date (no such day)" \
		"${base[@]}" --birth-date 31.02.1990
	expect_refused 1 "homeward: birth_date: '1990-13' is not a date (no such month)" \
		"${base[@]}" --birth-date 1990-13
	expect_refused 1 "homeward: birth_date: 'yesterday' is not a date (use YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)" \
		"${base[@]}" --birth-date yesterday
	expect_refused 1 "homeward: birth_date: in the future" "${base[@]}" --birth-date 2999-01-01
	expect_refused 1 "homeward: birth_date: before 1900" "${base[@]}" --birth-date 1899
	expect_refused 1 "homeward: captured_on: in the future" "${base[@]}" --captured-on 2999
	expect_refused 1 "homeward: captured_on: before the birth date" \
		"${base[@]}" --birth-date 1990 --captured-on 1980
	expect_refused 1 "homeward: branch: a civilian has no branch" \
		"${base[@]}" --category civilian --branch army
	expect_refused 1 "homeward: rank: a civilian has no rank" \
		"${base[@]}" --category civilian --rank soldier
	expect_refused 1 "homeward: service_number: a civilian has no service number" \
		"${base[@]}" --category civilian --service-number 123
	expect_refused 1 "homeward: citizenship: 'UKR' is not an ISO 3166-1 alpha-2 code" \
		"${base[@]}" --citizenship UKR
	expect_refused 1 "homeward: tags: tag 'Mariupol!' must be 1 to 40 of a-z, 0-9, '_', '-', starting with a letter" \
		"${base[@]}" --tag 'Mariupol!'
	expect_refused 1 "homeward: family_name: is required" person add --given Сергій
	expect_refused 1 "homeward: given_name: is required" person add --family Мельник
	expect_refused 1 "homeward: family_name: is required" person add --family '' --given Сергій
	expect_refused 1 "homeward: sex: unknown sex 'X' (allowed: U, M, F)" "${base[@]}" --sex X
	expect_refused 1 "homeward: category: unknown category 'police' (allowed: military, civilian)" \
		"${base[@]}" --category police
	expect_refused 1 "homeward: held_by: unknown held_by 'them' (allowed: adversary, us)" \
		"${base[@]}" --held-by them
	expect_refused 1 "homeward: status: unknown status 'free' (allowed: missing, captive, listed, returned, handed_over, deceased, released)" \
		"${base[@]}" --status free
	expect_refused 1 "homeward: status: a person in our custody cannot have status 'returned' (allowed: captive, listed, handed_over, deceased, released)" \
		"${base[@]}" --held-by us --status returned
	expect_refused 1 "homeward: ref: 'nocolon' is not SOURCE:REF" "${base[@]}" --ref nocolon
	expect_refused 1 "homeward: health: unknown health 'sad' (allowed: wounded, seriously_ill, disability)" \
		"${base[@]}" --health sad
	# a reference that another person already has
	hw person add --family Бондар --given Ганна --ref family:F-1
	expect_status 0
	local sum
	sum=$(db_checksum)
	hw "${base[@]}" --ref family:F-1
	expect_status 1
	expect_stdout_empty
	expect_stderr_contains "homeward: "
	expect_db_unchanged "$sum"
}

# The error quotes the citizenship as typed, not mangled.
t_add_bad_citizenship_message()
{
	hw init
	expect_refused 1 "homeward: citizenship: '12' is not an ISO 3166-1 alpha-2 code" \
		person add --family Мельник --given Сергій --citizenship 12
	expect_refused 1 "homeward: citizenship: 'u1' is not an ISO 3166-1 alpha-2 code" \
		person add --family Мельник --given Сергій --citizenship u1
}

t_show_by_references()
{
	hw init
	add_person --family Коваленко --given Олександр --ref family:F-77
	add_person --family Мельник --given Сергій --ref unit:U-5 --ref family:F-78
	local ref
	for ref in HW-000002 hw-000002 HW-2 unit:U-5 family:F-78 U-5; do
		hw person show "$ref"
		expect_status 0
		expect_stderr_empty
		grep -q '^HW-000002 (version 1)$' "$RUN_OUT" || fail "person show $ref: not HW-000002"
		expect_stdout_contains "Мельник Сергій"
	done
	expect_refused 1 "homeward: no person HW-000099" person show HW-000099
	expect_refused 1 "homeward: no person with reference 'nosuch'" person show nosuch
	expect_refused 1 "homeward: no person with reference 'family:F-99'" person show family:F-99
}

# A bare reference used by two sources is ambiguous, and says which.
t_show_ambiguous_ref()
{
	hw init
	add_person --family Коваленко --given Олександр --ref family:77
	add_person --family Мельник --given Сергій --ref unit:77
	hw person show 77
	expect_status 1
	expect_stdout_empty
	expect_stderr_contains "homeward: reference '77' is ambiguous"
	hw person show unit:77
	expect_status 0
	expect_stdout_contains "Мельник Сергій"
}

t_show_json()
{
	hw init
	add_person --family Коваленко --given Олександр --patronymic Петрович --sex M \
		--birth-date 1990-03-14 --branch ngu --rank captain --region kharkiv --tag mariupol \
		--health wounded --next-of-kin 'Коваленко Ганна' --ref family:F-1 --captured-on 2022
	hw person show HW-000001 --format json
	expect_status 0
	expect_stderr_empty
	expect_stdout_json
	expect_json_field 'j["ref"]' HW-000001
	expect_json_field 'j["id"]' 1
	expect_json_field 'j["version"]' 1
	expect_json_field 'j["family_name"]' Коваленко
	expect_json_field 'j["given_name"]' Олександр
	expect_json_field 'j["patronymic"]' Петрович
	expect_json_field 'j["sex"]' M
	expect_json_field 'j["birth_date"]' 1990-03-14
	expect_json_field 'j["captured_on"]' 2022
	expect_json_field 'j["category"]' military
	expect_json_field 'j["branch"]' ngu
	expect_json_field 'j["branch_group"]' mia
	expect_json_field 'j["rank"]' captain
	expect_json_field 'j["rank_class"]' officer
	expect_json_field 'j["region"]' kharkiv
	expect_json_field 'j["status"]' missing
	expect_json_field 'j["held_by"]' adversary
	expect_json_field 'j["tags"]' "['mariupol']"
	expect_json_field 'j["health"]' "['wounded']"
	expect_json_field 'j["next_of_kin"]' 'Коваленко Ганна'
	expect_json_field 'j["refs"]' "[{'ref': 'F-1', 'source': 'family'}]"
	expect_json_field '[n["kind"] for n in j["names"]]' "['primary']"
	# --format text is the default
	hw person show HW-000001 --format text
	expect_status 0
	expect_stdout_contains "HW-000001 (version 1)"
}

t_edit_field()
{
	hw init
	add_person --family Коваленко --given Олександр --unit 'в/ч А0001' --tag mariupol
	hw person edit HW-000001 --unit 'в/ч А0002' --region kherson --tag azovstal
	expect_status 0
	expect_stderr_empty
	expect_stdout_contains "HW-000001 (version 2)"
	hw person show HW-000001 --format json
	expect_json_field 'j["unit"]' 'в/ч А0002'
	expect_json_field 'j["region"]' kherson
	expect_json_field 'j["version"]' 2
	expect_json_field 'sorted(j["tags"])' "['azovstal', 'mariupol']"
	# --clear-tags replaces the tags
	hw person edit HW-000001 --clear-tags --tag snake_island
	expect_status 0
	hw person show HW-000001 --format json
	expect_json_field 'j["tags"]' "['snake_island']"
	expect_json_field 'j["version"]' 3
	# the status is unchanged by edits
	expect_json_field 'j["status"]' missing
	# wherever it stands, --clear-tags clears the stored tags, not those
	# given with it (also in the --tag=TAG form)
	hw person edit HW-000001 --tag=chornobyl_npp --clear-tags --tag mariupol
	expect_status 0
	hw person show HW-000001 --format json
	expect_json_field 'sorted(j["tags"])' "['chornobyl_npp', 'mariupol']"
}

# A new primary name keeps the old one as 'former'.
t_edit_name_keeps_former()
{
	hw init
	add_person --family Коваленко --given Олександр --patronymic Петрович
	hw person edit HW-000001 --family Мельник
	expect_status 0
	hw person show HW-000001 --format json
	expect_json_field 'j["family_name"]' Мельник
	expect_json_field 'j["given_name"]' Олександр
	expect_json_field 'j["patronymic"]' Петрович
	expect_json_field 'j["version"]' 2
	expect_json_field 'sorted((n["kind"], n["family_name"], n["given_name"]) for n in j["names"])' \
		"[('former', 'Коваленко', 'Олександр'), ('primary', 'Мельник', 'Олександр')]"
	hw person show HW-000001
	grep -qE '^ +Коваленко Олександр Петрович  \[former' "$RUN_OUT" ||
		fail "show does not list the former name" "$(cat "$RUN_OUT")"
	grep -qE '^  names: +Мельник Олександр Петрович  \[primary|^ +Мельник Олександр Петрович  \[primary' "$RUN_OUT" ||
		fail "show does not list the new primary name" "$(cat "$RUN_OUT")"
	# the same name again changes nothing in the names
	hw person edit HW-000001 --family Мельник --given Олександр
	expect_status 0
	hw person show HW-000001 --format json
	expect_json_field 'len(j["names"])' 2
}

t_edit_invalid()
{
	hw init
	add_person --family Коваленко --given Олександр --held-by us
	expect_refused 1 "homeward: birth_date: in the future" person edit HW-000001 --birth-date 2999
	expect_refused 1 "homeward: branch: unknown branch 'cavalry' (allowed: army, navy, marines, air_force, air_assault, tdf, sso, ngu, sbgs, police, sbu, other)" \
		person edit HW-000001 --branch cavalry
	expect_refused 1 "homeward: family_name: is required" person edit HW-000001 --family ''
	expect_refused 1 "homeward: no person HW-000042" person edit HW-000042 --unit X
	# a civilian with a rank, reached by an edit
	add_person --family Бондар --given Ганна --rank soldier
	expect_refused 1 "homeward: rank: a civilian has no rank" \
		person edit HW-000002 --category civilian
	hw person show HW-000002 --format json
	expect_json_field 'j["version"]' 1
}

# The status follows from events: `person edit --status` is a usage error.
t_edit_status_refused()
{
	hw init
	add_person --family Коваленко --given Олександр
	expect_refused 2 "homeward: option '--status' is not for this command" \
		person edit HW-000001 --status returned
	expect_stderr_line "homeward: see 'homeward person edit --help'"
	hw person show HW-000001 --format json
	expect_json_field 'j["status"]' missing
}

t_edit_extra_argument()
{
	hw init
	add_person --family Коваленко --given Олександр
	expect_refused 2 "homeward: unexpected argument 'HW-000002'" \
		person edit HW-000001 HW-000002 --unit X
}

# Fixture for the list tests: six persons of different kinds.
list_fixture()
{
	hw init
	add_person --family Коваленко --given Олександр --branch army --region donetsk --tag mariupol
	add_person --family Мельник --given Сергій --branch navy --region crimea --status captive
	add_person --family Бондар --given Ганна --category civilian --region kherson --sex F
	add_person --family Шевчук --given Іван --held-by us --branch other --region kharkiv
	add_person --family Ткаченко --given Петро --branch army --region donetsk --tag mariupol \
		--status captive
	add_person --family Кравченко --given Микола --branch ngu --region luhansk --status returned
}

# list_refs ARGS: the references `person list ARGS` prints, space separated.
list_refs()
{
	hw person list "$@"
	expect_status 0
	expect_stderr_empty
	LISTED=$(awk '{print $1}' "$RUN_OUT" | tr '\n' ' ' | sed 's/ $//')
}

t_list_filters()
{
	list_fixture
	list_refs
	expect_equal "$LISTED" "HW-000001 HW-000002 HW-000003 HW-000004 HW-000005 HW-000006" "all"
	list_refs --status captive
	expect_equal "$LISTED" "HW-000002 HW-000004 HW-000005" "--status captive"
	list_refs --status returned
	expect_equal "$LISTED" "HW-000006" "--status returned"
	list_refs --category civilian
	expect_equal "$LISTED" "HW-000003" "--category civilian"
	list_refs --category military
	expect_equal "$LISTED" "HW-000001 HW-000002 HW-000004 HW-000005 HW-000006" "--category military"
	list_refs --branch army
	expect_equal "$LISTED" "HW-000001 HW-000005" "--branch army"
	list_refs --region donetsk
	expect_equal "$LISTED" "HW-000001 HW-000005" "--region donetsk"
	list_refs --held-by us
	expect_equal "$LISTED" "HW-000004" "--held-by us"
	list_refs --held-by adversary --status captive
	expect_equal "$LISTED" "HW-000002 HW-000005" "--held-by adversary --status captive"
	list_refs --tag mariupol
	expect_equal "$LISTED" "HW-000001 HW-000005" "--tag mariupol"
	list_refs --tag mariupol --status captive --branch army --region donetsk
	expect_equal "$LISTED" "HW-000005" "all filters"
	list_refs --tag nothing_here
	expect_equal "$LISTED" "" "--tag with no person"
	# the line: reference, status, birth date, name
	hw person list --status returned
	grep -qE '^HW-000006 +returned +- +Кравченко Микола$' "$RUN_OUT" ||
		fail "list line is '$(cat "$RUN_OUT")'"
	# bad filter values name the field
	expect_refused 1 "homeward: status: unknown status 'free' (allowed: missing, captive, listed, returned, handed_over, deceased, released)" \
		person list --status free
	expect_refused 1 "homeward: branch: unknown branch 'cavalry' (allowed: army, navy, marines, air_force, air_assault, tdf, sso, ngu, sbgs, police, sbu, other)" \
		person list --branch cavalry
	expect_refused 1 "homeward: tags: tag 'B!' must be 1 to 40 of a-z, 0-9, '_', '-', starting with a letter" \
		person list --tag 'B!'
}

t_list_limit_after()
{
	list_fixture
	list_refs --limit 2
	expect_equal "$LISTED" "HW-000001 HW-000002" "--limit 2"
	list_refs --limit 2 --after HW-000002
	expect_equal "$LISTED" "HW-000003 HW-000004" "--limit 2 --after HW-000002"
	list_refs --limit 2 --after HW-000006
	expect_equal "$LISTED" "" "--after the last"
	list_refs --limit 0
	expect_equal "$LISTED" "HW-000001 HW-000002 HW-000003 HW-000004 HW-000005 HW-000006" "--limit 0"
	list_refs --status captive --limit 1 --after HW-000002
	expect_equal "$LISTED" "HW-000004" "filter, --limit and --after"
	expect_refused 1 "homeward: no person HW-000099" person list --after HW-000099
	# the default limit is 50
	local i
	for ((i = 0; i < 50; i++)); do
		hw person add --family "Петренко" --given "Андрій" --unit "$i"
	done
	list_refs
	expect_equal "$(wc -w <<<"$LISTED")" 50 "default limit"
	list_refs --limit 0
	expect_equal "$(wc -w <<<"$LISTED")" 56 "--limit 0"
}

t_list_json()
{
	list_fixture
	hw person list --format json --status captive
	expect_status 0
	expect_stdout_json
	expect_json_field '[p["ref"] for p in j]' "['HW-000002', 'HW-000004', 'HW-000005']"
	expect_json_field '[p["family_name"] for p in j]' "['Мельник', 'Шевчук', 'Ткаченко']"
	expect_json_field 'sorted(j[0].keys()) == sorted(["ref","id","version","family_name","given_name","patronymic","sex","birth_date","birth_place","citizenship","category","branch","branch_group","unit","rank","rank_class","service_number","status","held_by","captured_on","capture_place","region","notes","created_at","updated_at","names","tags","refs"])' True
	# no match: an empty array
	hw person list --format json --tag nothing_here
	expect_status 0
	expect_stdout_json
	expect_json_field 'j' '[]'
}
