# test_match.sh - search (one name against the registry) and match (a list
# of names against the registry): spellings, namesakes, dates as lists
# write them, explanations, output forms, and every kind of bad list (all
# or nothing).  Neither command changes the database.

# match_fixture: a registry of 37 persons.  The seven below come first, so
# their references are fixed:
#   HW-000001 Коваленко Олександр Петрович, 1987-03-14, marines, в/ч А0001
#   HW-000002 Мельник Сергій Іванович, 1980-01-01
#   HW-000003 Мельник Сергій Іванович, 1992-06-30 (a namesake, another person)
#   HW-000004 Поліщук Василь Олегович
#   HW-000005 Білоуський Андрій
#   HW-000006 Ґудзь Богдан
#   HW-000007 Шевчук Ганна Петрівна, F, with the external reference family:F-7
# then 30 made-up persons with other names, imported, so that the weights
# of rare names are those of a registry rather than of a handful (a field's
# weight grows with the size of the registry).
match_fixture()
{
	hw init
	expect_status 0
	add_person --family Коваленко --given Олександр --patronymic Петрович --sex M \
		--birth-date 1987-03-14 --branch marines --unit 'в/ч А0001'
	add_person --family Мельник --given Сергій --patronymic Іванович --sex M \
		--birth-date 1980-01-01
	add_person --family Мельник --given Сергій --patronymic Іванович --sex M \
		--birth-date 1992-06-30
	add_person --family Поліщук --given Василь --patronymic Олегович
	add_person --family Білоуський --given Андрій
	add_person --family Ґудзь --given Богдан
	add_person --family Шевчук --given Ганна --patronymic Петрівна --sex F --ref family:F-7
	expect_equal "$REF" HW-000007 "the last fixture reference"

	local fams=(Задорожний Руснак Ткаченко Бондаренко Кравець Литвиненко Савчук Гончар
		Панченко Дячук Остапенко Романюк Гуменюк Тарасенко Яковенко Петрук Кушнір
		Зінченко Приходько Онищенко Гаврилюк Дорошенко Яремчук Федорук Мирошник Стасюк
		Головко Лозинський Кузьменко Степаненко)
	local givs=(Дмитро Іван Микола Юрій Віктор Олег Роман Тарас Ігор Степан Максим Артем
		Денис Назар Ярослав)
	local pats=(Миколайович Юрійович Вікторович Романович Тарасович Ігорович Степанович
		Дмитрович)
	local i
	{
		echo ref,family_name,given_name,patronymic,sex,birth_date
		for i in $(seq 0 29); do
			printf 'P-%02d,%s,%s,%s,M,%d-%02d-%02d\n' "$i" "${fams[i]}" \
				"${givs[i % 15]}" "${pats[i % 8]}" $((1970 + i)) $((i % 12 + 1)) \
				$((i % 28 + 1))
		done
	} >filler.csv
	hw import persons filler.csv
	expect_status 0
	expect_stdout_equals "filler.csv: 30 rows: 30 created, 0 updated, 0 unchanged, 0 rejected"
}

# search_finds WANT QUERY [OPTIONS]: `search QUERY` ranks WANT first.
search_finds()
{
	local want=$1 query=$2
	shift 2
	hw search "$query" --format json "$@"
	expect_status 0
	expect_stderr_empty
	expect_json_field '(j["candidates"] or [{"person": "nobody"}])[0]["person"]' "$want"
}

# search_decision WANT QUERY [OPTIONS]: the decision of `search QUERY`.
search_decision()
{
	local want=$1 query=$2
	shift 2
	hw search "$query" --format json "$@"
	expect_status 0
	expect_json_field 'j["decision"]' "$want"
}

# ---- search ------------------------------------------------------------

# One person, written in either script, in any order, with the Russian
# form of the given name, with initials, or with a typo.
t_search_spellings()
{
	match_fixture
	local q
	for q in 'Коваленко Олександр Петрович' 'Коваленко Александр Петрович' \
		'KOVALENKO Oleksandr' 'Aleksandr Kovalenko' 'Olexandr Kovalenko' \
		'Kovalenko Aleksandr Petrovich' 'Коваленко О.П.' 'Коваленко Олекасндр' \
		'Олександр Петрович Коваленко' 'Коваленко, Олександр'; do
		search_finds HW-000001 "$q"
	done
	# the whole text output of one of them
	hw search 'Коваленко Александр Петрович'
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "decision: review (the best fit is not certain (14.2 bits))
 1.   14.2  HW-000001  Коваленко Олександр Петрович  (HW-000001)"
}

# The birth date decides: with it the person stands out.
t_search_with_birth_date()
{
	match_fixture
	local dob
	for dob in 14.03.1987 1987-03-14; do
		search_finds HW-000001 'Коваленко Олександр Петрович' --dob "$dob"
		expect_json_field 'j["decision"]' match
		expect_json_field 'len(j["candidates"])' 1
		search_decision match 'KOVALENKO Oleksandr' --dob "$dob"
		search_decision match 'Коваленко О.П.' --dob "$dob"
	done
	# the year alone is enough with the whole name; a year off by one is
	# a candidate to review
	search_finds HW-000001 'Коваленко Олександр Петрович' --dob 1987
	expect_json_field 'j["decision"]' match
	search_finds HW-000001 'Коваленко Олександр Петрович' --dob 1988
	expect_json_field 'j["decision"]' review
	# the text form of a match
	hw search 'Aleksandr Kovalenko' --dob 14.03.1987
	expect_status 0
	expect_stdout_equals "decision: match (one person stands out (23.1 bits, next 0.0))
 1.   23.1  HW-000001  Коваленко Олександр Петрович  (HW-000001)"
}

# --dob parses a date strictly, as person add does: a date written month
# first (as lists often write them, and as `match` reads them) is refused.
# (Asserts what the program does; see the report: `match` reads 03.14.1987
# as 14 March, `search --dob` refuses it.)
# A date only valid month first is read so, as in lists, and the evidence
# says so; a date valid in neither order is refused.
t_search_dob_month_first()
{
	match_fixture
	hw search 'Коваленко Олександр Петрович' --dob 03.14.1987 --explain
	expect_status 0
	expect_stdout_contains "decision: match"
	expect_stdout_contains "same birth date (the list writes the month first)"
	expect_refused 1 "homeward: dob: '31.02.1990' is not a date (no such day)" \
		search 'Коваленко Олександр Петрович' --dob 31.02.1990
}

# Other surnames, each alone, in other spellings (Russian Cyrillic, Latin
# of either language, г for ґ): the registry holds each once, so the
# surname alone must propose that person.
t_search_surname_alone()
{
	match_fixture
	search_finds HW-000001 Коваленко
	local spec
	for spec in HW-000004:Поліщук HW-000004:Polishchuk HW-000004:Полищук \
		HW-000005:Білоуський HW-000005:Bilouskyi HW-000006:Ґудзь HW-000006:Gudz \
		HW-000006:Hudz HW-000006:Гудзь HW-000002:Мельник HW-000007:Шевчук; do
		search_finds "${spec%%:*}" "${spec#*:}"
	done
}

# The same surnames with the given name (which also has its other forms).
t_search_surname_spellings_with_given_name()
{
	match_fixture
	local spec
	for spec in 'HW-000004:Polishchuk Vasyl' 'HW-000004:Полищук Василий' \
		'HW-000004:Поліщук В.' 'HW-000005:Белоуский Андрей' \
		'HW-000005:Bilouskyi Andrii' 'HW-000005:Bilouskyy Andriy' \
		'HW-000006:Gudz Bohdan' 'HW-000006:Hudz Bohdan' 'HW-000006:Гудзь Богдан' \
		'HW-000006:Гудзь Богдан' 'HW-000007:Shevchuk Hanna Petrivna'; do
		search_finds "${spec%%:*}" "${spec#*:}"
	done
	# the person's external reference is shown beside the public one
	hw search 'Шевчук Ганна Петрівна'
	expect_stdout_contains "HW-000007  Шевчук Ганна Петрівна  (family:F-7)"
}

# Two persons with the same name: the birth date tells them apart; without
# it a verifier must choose; with another date neither is a match.
t_search_namesakes()
{
	match_fixture
	search_finds HW-000003 'Мельник Сергій Іванович' --dob 1992-06-30
	expect_json_field 'j["decision"]' match
	expect_json_field '[c["person"] for c in j["candidates"]]' "['HW-000003']"
	search_finds HW-000002 'Мельник Сергій Іванович' --dob 01.01.1980
	expect_json_field 'j["decision"]' match
	expect_json_field '[c["person"] for c in j["candidates"]]' "['HW-000002']"

	hw search 'Мельник Сергій Іванович' --format json
	expect_status 0
	expect_json_field 'j["decision"]' review
	expect_json_field 'sorted(c["person"] for c in j["candidates"])' \
		"['HW-000002', 'HW-000003']"
	hw search 'Мельник Сергій Іванович'
	expect_stdout_line "decision: review (the best fit is not certain (12.2 bits))"
	expect_stdout_contains "HW-000002  Мельник Сергій Іванович"
	expect_stdout_contains "HW-000003  Мельник Сергій Іванович"

	search_decision none 'Мельник Сергій Іванович' --dob 1975-05-05
	expect_json_field '[c["person"] for c in j["candidates"] if c["score"] >= 11]' "[]"

	# --limit 1 keeps the best only
	hw search 'Мельник Сергій Іванович' --limit 1 --format json
	expect_status 0
	expect_json_field 'len(j["candidates"])' 1
}

# --explain: every field's weight, signed, in text and JSON.
t_search_explain()
{
	match_fixture
	hw search 'Коваленко Олександр Петрович' --dob 1987-03-14 --unit 'в/ч А0001' --explain
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "decision: match (one person stands out (31.2 bits, next 0.0))
 1.   31.2  HW-000001  Коваленко Олександр Петрович  (HW-000001)
               +5.1  family_name  same family name (1 of 37 records)
               +5.1  given_name   the same name (in any form or spelling)
               +4.1  patronymic   the same name (in any form or spelling)
              +13.0  birth_date   same birth date
               +4.0  unit         same unit"
	# a disagreement weighs against
	hw search 'Коваленко Олександр Петрович' --dob 1987-05-20 --explain
	expect_status 0
	expect_stdout_line "               -6.0  birth_date   same year, different day"
	hw search 'Коваленко Олександр Петрович' --unit 'в/ч А0002' --explain
	expect_stdout_line "               -1.0  unit         another unit (units change)"
	# without --explain, no weights
	hw search 'Коваленко Олександр Петрович' --dob 1987-03-14
	expect_stdout_not_contains family_name

	hw search 'Коваленко Олександр Петрович' --dob 1987-05-20 --explain --format json
	expect_status 0
	expect_stdout_json
	expect_json_field 'j["decision"]' none
	expect_json_field 'j["candidates"][0]["person"]' HW-000001
	expect_json_field 'j["candidates"][0]["ref"]' HW-000001
	expect_json_field 'j["candidates"][0]["name"]' 'Коваленко Олександр Петрович'
	expect_json_field '[e["field"] for e in j["candidates"][0]["evidence"]]' \
		"['family_name', 'given_name', 'patronymic', 'birth_date']"
	expect_json_field '[e["weight"] for e in j["candidates"][0]["evidence"]][3]' -6.0
	expect_json_field 'round(j["candidates"][0]["score"] - sum(e["weight"] for e in j["candidates"][0]["evidence"]), 6)' 0.0
	# JSON without --explain has no evidence
	hw search 'Коваленко Олександр Петрович' --format json
	expect_stdout_json
	expect_json_field '"evidence" in j["candidates"][0]' False
	expect_json_field 'j["why"]' "the best fit is not certain (14.2 bits)"
}

t_search_errors()
{
	match_fixture
	expect_refused 1 "homeward: dob: '31.02.1990' is not a date (no such day)" \
		search 'Мельник Сергій' --dob 31.02.1990
	expect_refused 1 "homeward: dob: 'вчора' is not a date (use YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)" \
		search 'Мельник Сергій' --dob вчора
	local n
	for n in 0 11 99 -1 x ''; do
		expect_refused 2 "homeward: --limit takes 1 to 10" search 'Мельник Сергій' --limit "$n"
		expect_stderr_line "homeward: see 'homeward search --help'"
	done
	expect_refused 2 "homeward: give one name, in quotes" search
	expect_refused 2 "homeward: give one name, in quotes" search Мельник Сергій
	expect_refused 2 "homeward: unknown format 'csv' (allowed: text, json)" \
		search Мельник --format csv
	expect_refused 2 "homeward: unknown option '--bogus'" search Мельник --bogus
	expect_refused 1 "homeward: full_name: no name given" search ''
	# a name without letters: refused, naming the field
	local sum
	sum=$(db_checksum)
	hw search 12345
	expect_status 1
	expect_stdout_empty
	expect_stderr_contains "homeward: full_name: "
	expect_stderr_contains "no letters"
	expect_db_unchanged "$sum"
}

t_search_without_database()
{
	hw search 'Мельник Сергій'
	expect_status 1
	expect_stdout_empty
	expect_stderr_line "homeward: no database at '$PWD/homeward.db' (No such file or directory; run 'homeward init' to create one)"
	[ ! -e homeward.db ] || fail "search created a database"
	hw match list.csv
	expect_status 1
	csv list.csv full_name 'Мельник Сергій'
	hw match list.csv
	expect_status 1
	expect_stdout_empty
	expect_stderr_line "homeward: no database at '$PWD/homeward.db' (No such file or directory; run 'homeward init' to create one)"
	[ ! -e homeward.db ] || fail "match created a database"
}

# ---- match: good lists ---------------------------------------------------

MATCH_HEADER=line,decision,ref,score,candidates

# full_list FILE: a list in the full_name form, with line numbers of its own.
full_list()
{
	csv "$1" line,full_name,birth_date \
		'A1,Коваленко Олександр Петрович,14.03.1987' \
		'A2,Мельник Сергій Іванович,' \
		'A3,Шевчук Ганна Петрівна,' \
		'A4,Зеленюк Тимофій,' \
		'A5,KOVALENKO Oleksandr,1987-03-14' \
		'A6,Мельник Сергій Іванович,30.06.1992' \
		'A7,"Shevchuk, Hanna",1990' \
		'A8,Гудзь Богдан,'
}

FULL_LIST_OUT="$MATCH_HEADER
A1,match,HW-000001,27.2,
A2,review,,12.2,HW-000002;HW-000003
A3,review,,14.2,family:F-7
A4,none,,,
A5,match,HW-000001,23.1,
A6,match,HW-000003,25.2,
A7,none,,10.1,
A8,none,,10.1,"

t_match_full_name_list()
{
	match_fixture
	full_list list.csv
	hw match list.csv
	expect_status 0
	expect_stderr_empty
	expect_equal "$(head -n 1 "$RUN_OUT")" "$MATCH_HEADER" "the header row"
	# a match names the person (by the external reference when there is
	# one); a review lists the candidates, best first, separated by ';'
	expect_stdout_equals "$FULL_LIST_OUT"
	# --format csv is the default
	cp "$RUN_OUT" default.csv
	hw match list.csv --format csv
	expect_file_equals "$RUN_OUT" default.csv
}

# The split form, with a BOM, CRLF line ends, no line column (the row
# number is the line), sex, unit and notes.
t_match_split_list()
{
	match_fixture
	add_person --family Коваль --given Ігор --ref unit:U-9 --birth-date 1990-02-02
	{
		printf '\xef\xbb\xbf'
		printf '%s\n' family_name,given_name,patronymic,birth_date,sex,unit,notes \
			'Коваленко,Олександр,Петрович,1987-03-14,M,в/ч А0001,"записано, з комою"' \
			'Мельник,Сергій,Іванович,,M,,' \
			'Шевчук,Ганна,,,F,,' \
			'Kowal,Ihor,,02.02.1990,,,' \
			'Мельник,Сергій,Іванович,1992-06-30,,,' |
			sed 's/$/\r/'
	} >split.csv
	hw match split.csv
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "$MATCH_HEADER
1,match,HW-000001,31.4,
2,review,,12.4,HW-000002;HW-000003
3,none,,10.2,
4,match,unit:U-9,21.6,
5,match,HW-000003,25.4,"
}

t_match_json()
{
	match_fixture
	full_list list.csv
	hw match list.csv --format json
	expect_status 0
	expect_stderr_empty
	expect_stdout_json
	expect_json_field 'len(j)' 8
	expect_json_field '[x["line"] for x in j]' "['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8']"
	expect_json_field '[x["decision"] for x in j]' \
		"['match', 'review', 'review', 'none', 'match', 'match', 'none', 'none']"
	expect_json_field '[x["ref"] for x in j]' \
		"['HW-000001', None, None, None, 'HW-000001', 'HW-000003', None, None]"
	expect_json_field '[c["person"] for c in j[1]["candidates"]]' "['HW-000002', 'HW-000003']"
	expect_json_field 'j[2]["candidates"][0]["ref"]' family:F-7
	expect_json_field 'j[3]["candidates"]' "[]"
	expect_json_field 'any("evidence" in c for x in j for c in x["candidates"])' False
	hw match list.csv --format json --explain
	expect_status 0
	expect_stdout_json
	expect_json_field '[e["field"] for e in j[0]["candidates"][0]["evidence"]]' \
		"['family_name', 'given_name', 'patronymic', 'birth_date']"
}

t_match_explain()
{
	match_fixture
	full_list list.csv
	hw match list.csv --explain
	expect_status 0
	expect_stderr_empty
	expect_equal "$(head -n 1 "$RUN_OUT")" "$MATCH_HEADER,explanation" "the header row"
	expect_stdout_line "A1,match,HW-000001,27.2,,family_name +5.1 same family name (1 of 37 records); given_name +5.1 the same name (in any form or spelling); patronymic +4.1 the same name (in any form or spelling); birth_date +13.0 same birth date"
	expect_stdout_line "A4,none,,,,"
	# the rest of each line is as without --explain
	cut -d, -f1-5 "$RUN_OUT" | tail -n +2 >explained.csv
	printf '%s\n' "$FULL_LIST_OUT" | tail -n +2 >plain.csv
	expect_file_equals explained.csv plain.csv
}

# --output writes the file whole (through a temporary file renamed at the
# end) and nothing to stdout; it replaces an older file.
t_match_output_file()
{
	match_fixture
	full_list list.csv
	hw match list.csv
	cp "$RUN_OUT" expected.csv
	echo old >out.csv
	hw match list.csv --output out.csv
	expect_status 0
	expect_stdout_empty
	expect_stderr_empty
	expect_file_equals out.csv expected.csv
	hw match list.csv --output out.json --format json
	expect_status 0
	expect_stdout_empty
	python3 -m json.tool out.json >/dev/null 2>&1 || fail "out.json is not valid JSON"
	local left
	left=$(find . -maxdepth 1 -name '*.tmp*' | head -n 3)
	expect_equal "$left" "" "temporary files left behind"
	# a directory that does not exist: nothing written
	hw match list.csv --output nodir/out.csv
	expect_status 3
	expect_stdout_empty
	expect_stderr_contains "homeward: cannot write 'nodir/out.csv'"
}

# Threads change nothing in the output: a longer list, each way.
t_match_threads()
{
	match_fixture
	local i names=('Коваленко Олександр Петрович' 'Мельник Сергій Іванович' 'Polishchuk Vasyl'
		'Белоуский Андрей' 'Hudz Bohdan' 'Шевчук Ганна' 'Ткаченко Микола' 'Зеленюк Тимофій')
	{
		echo full_name,birth_date
		for i in $(seq 0 199); do
			printf '%s,%s\n' "${names[i % 8]}" "$((1970 + i % 30))"
		done
	} >long.csv
	hw match long.csv
	expect_status 0
	cp "$RUN_OUT" default.csv
	expect_equal "$(wc -l <default.csv)" 201 "lines of output"
	hw match long.csv --threads 1
	expect_status 0
	expect_file_equals "$RUN_OUT" default.csv
	hw match long.csv --threads 7 --explain
	expect_status 0
	cut -d, -f1-5 "$RUN_OUT" >seven.csv
	expect_file_equals seven.csv default.csv
	local n
	for n in 0 65 x -2 ''; do
		expect_refused 2 "homeward: --threads takes 1 to 64" match long.csv --threads "$n"
		expect_stderr_line "homeward: see 'homeward match --help'"
	done
}

# A birth date the list writes month first (valid only that way) is read so
# and said so; one that is no date is a warning and the line is matched
# without it; neither refuses the list.
t_match_list_dates()
{
	match_fixture
	csv dates.csv full_name,birth_date \
		'Коваленко Олександр Петрович,03.14.1987' \
		'Мельник Сергій Іванович,06.30.1992' \
		'Мельник Сергій Іванович,невідомо' \
		'Мельник Сергій Іванович,31.02.1990' \
		'Мельник Сергій Іванович,01.01.1980'
	hw match dates.csv --explain
	expect_status 0
	expect_stderr_equals "homeward: warning: dates.csv:4:25: birth_date: birth date 'невідомо' is not a date: matched without it
homeward: warning: dates.csv:5:25: birth_date: birth date '31.02.1990' is not a date: matched without it"
	expect_stdout_contains "1,match,HW-000001,27.2,,"
	expect_stdout_contains "birth_date +13.0 same birth date (the list writes the month first)"
	expect_stdout_contains "2,match,HW-000003,25.2,,"
	expect_stdout_contains "3,review,,12.2,HW-000002;HW-000003,"
	expect_stdout_contains "4,review,,12.2,HW-000002;HW-000003,"
	# day first when both readings are dates
	expect_stdout_contains "5,match,HW-000002,25.2,,"
	grep '^5,' "$RUN_OUT" | grep -qF "(the list writes the month first)" &&
		fail "01.01.1980 said to be month first"
}

# Blank lines between the rows of a list are skipped (list_csv.c skips
# records the CSV reader marks blank), whatever the number of columns.
t_match_blank_lines()
{
	match_fixture
	printf '%s\n' full_name 'Коваленко Олександр Петрович' '' 'Мельник Сергій Іванович' >one.csv
	hw match one.csv
	expect_status 0
	expect_stdout_equals "$MATCH_HEADER
1,review,,14.2,HW-000001
2,review,,12.2,HW-000002;HW-000003"
	printf '%s\n' full_name,birth_date 'Коваленко Олександр Петрович,1987-03-14' '' \
		'Мельник Сергій Іванович,' >two.csv
	hw match two.csv
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "$MATCH_HEADER
1,match,HW-000001,27.2,
2,review,,12.2,HW-000002;HW-000003"
}

# A line with the family name only (split form) proposes the person of
# that surname, as search does (see t_search_surname_alone).
t_match_surname_alone()
{
	match_fixture
	csv fam.csv family_name,given_name 'Поліщук,' 'Gudz,' 'Коваленко,'
	hw match fam.csv --format json
	expect_status 0
	expect_stdout_json
	expect_json_field '[(x["candidates"] or [{"person": "nobody"}])[0]["person"] for x in j]' \
		"['HW-000004', 'HW-000006', 'HW-000001']"
}

# An empty registry or a list of no rows: nothing fails.
t_match_empty()
{
	hw init
	full_list list.csv
	hw match list.csv
	expect_status 0
	expect_stdout_contains "A1,none,,,"
	expect_equal "$(grep -c ',none,,,$' "$RUN_OUT")" 8 "lines without candidates"
	csv head.csv line,full_name
	hw match head.csv
	expect_status 0
	expect_stdout_equals "$MATCH_HEADER"
}

# Neither command changes the registry: each adds its audit record only.
t_match_leaves_database()
{
	match_fixture
	local sum
	sum=$(db_checksum_but_audit)
	full_list list.csv
	hw match list.csv
	expect_status 0
	hw match list.csv --format json --explain --output out.json --threads 3
	expect_status 0
	hw search 'Мельник Сергій Іванович' --dob 1992-06-30 --explain
	expect_status 0
	expect_registry_unchanged "$sum"
	hw audit log --action 'list.match'
	expect_equal "$(wc -l <"$RUN_OUT")" 2 "audit records of the matches"
	hw audit log --action 'person.search'
	expect_equal "$(wc -l <"$RUN_OUT")" 1 "audit records of the search"
	[ ! -e homeward.db-wal ] || [ ! -s homeward.db-wal ] || fail "a write-ahead log was left"
}

# ---- match: bad lists ----------------------------------------------------

# match_bad FILE LINE...: `match FILE --output out.csv` exits 1, prints each
# LINE on stderr, nothing on stdout, creates no output file and leaves the
# database unchanged.
match_bad()
{
	local f=$1 sum line
	shift
	sum=$(db_checksum)
	rm -f out.csv
	hw match "$f" --output out.csv
	expect_status 1
	expect_stdout_empty
	for line in "$@"; do
		expect_stderr_line "$line"
	done
	[ ! -e out.csv ] || fail "match $f created out.csv"
	expect_db_unchanged "$sum"
	# to stdout too: nothing
	hw match "$f"
	expect_status 1
	expect_stdout_empty
}

t_match_bad_lists()
{
	match_fixture
	printf 'full_name\nМельник Сергій\nКоваленко Ол\xffександр\n' >utf8.csv
	match_bad utf8.csv "homeward: utf8.csv:3:13: full_name: invalid UTF-8"
	csv unknown.csv full_name,rank 'Мельник Сергій,soldier'
	match_bad unknown.csv "homeward: unknown.csv:1:11: unknown column 'rank' (allowed: line, full_name, family_name, given_name, patronymic, birth_date, unit, sex, notes)"
	csv twice.csv full_name,birth_date,full_name 'Мельник Сергій,1980,Мельник'
	match_bad twice.csv "homeward: twice.csv:1:22: column 'full_name' appears twice"
	csv both.csv full_name,family_name 'Мельник Сергій,Мельник'
	match_bad both.csv "homeward: both.csv:1: give either 'full_name' or 'family_name', 'given_name', 'patronymic', not both"
	csv noname.csv line,given_name,birth_date '1,Сергій,1980'
	match_bad noname.csv "homeward: noname.csv:1: the list needs a 'full_name' or a 'family_name' column"
	csv count.csv full_name,birth_date 'Мельник Сергій,1980' 'Коваленко Олександр,1987,зайве' \
		'Шевчук Ганна'
	match_bad count.csv "homeward: count.csv:3: expected 2 fields, found 3" \
		"homeward: count.csv:4: expected 2 fields, found 1" \
		"homeward: 2 invalid lines in the list; nothing was matched"
	csv quote.csv full_name,birth_date 'Мельник Сергій,1980' '"Коваленко Олександр,1987'
	match_bad quote.csv "homeward: quote.csv:3:1: full_name: unterminated quoted field"
	csv empty.csv line,full_name,birth_date 'A1,Мельник Сергій,1980' 'A2,,1987'
	match_bad empty.csv "homeward: empty.csv:3:4: full_name: no name on this line" \
		"homeward: 1 invalid line in the list; nothing was matched"
	csv emptyfam.csv family_name,given_name 'Мельник,Сергій' ',Олександр'
	match_bad emptyfam.csv "homeward: emptyfam.csv:3:1: family_name: no name on this line"
	csv sex.csv full_name,sex 'Мельник Сергій,M' 'Шевчук Ганна,X'
	match_bad sex.csv "homeward: sex.csv:3:14: sex: unknown sex 'X' (allowed: U, M, F)"
	: >zero.csv
	match_bad zero.csv "homeward: zero.csv: no header row"
}

# A name without letters cannot be matched: the list is refused, naming the
# line and the field.
t_match_name_without_letters()
{
	match_fixture
	csv digits.csv full_name,birth_date 'Мельник Сергій,1980' '12345,1987' '"..., --",1990'
	match_bad digits.csv "homeward: 2 unreadable names in the list; nothing was matched"
	expect_stderr_contains "homeward: digits.csv:3: full_name: "
	expect_stderr_contains "homeward: digits.csv:4: full_name: "
	expect_stderr_contains "no letters"
	csv digits2.csv family_name,given_name 'Мельник,Сергій' '12345,Олександр'
	match_bad digits2.csv "homeward: digits2.csv:3: family_name: no family name in '12345'" \
		"homeward: 1 unreadable name in the list; nothing was matched"
}

# A file the CSV reader cannot read on is reported once, like any other
# error (and as `import persons` does).
t_match_fatal_error_reported_once()
{
	match_fixture
	printf 'full_name\nМельник Сергій\nКоваленко Ол\xffександр\n' >utf8.csv
	hw match utf8.csv
	expect_status 1
	expect_equal "$(grep -c 'invalid UTF-8' "$RUN_ERR")" 1 "lines reporting the invalid UTF-8"
	csv quote.csv full_name,birth_date 'Мельник Сергій,1980' '"Коваленко Олександр,1987'
	hw match quote.csv
	expect_status 1
	expect_equal "$(grep -c 'unterminated quoted field' "$RUN_ERR")" 1 \
		"lines reporting the unterminated quote"
}

t_match_usage()
{
	match_fixture
	full_list list.csv
	expect_refused 2 "homeward: give the list to match (a CSV file)" match
	expect_refused 2 "homeward: give the list to match (a CSV file)" match list.csv list.csv
	expect_refused 2 "homeward: unknown format 'text' (allowed: csv, json)" \
		match list.csv --format text
	expect_refused 2 "homeward: option '--output' needs a value" match list.csv --output
	expect_refused 2 "homeward: unknown option '--dob'" match list.csv --dob 1990
	expect_refused 1 "homeward: cannot read 'missing.csv': No such file or directory" \
		match missing.csv
}
