# test_report.sh - `homeward report`: a stage, an agreement and a period, as
# text, JSON and CSV, in English and Ukrainian; the running and cumulative
# totals (with a historic counts-only exchange); usage errors and unknown
# references.  The data go through the real ledger: persons imported, an
# agreement with two stages, the other side's lists imported and verified,
# detainees put on the outgoing lists, the stages completed.

# report_fixture: the registry below and three agreements:
#   EX-000001 "history", historic, one stage on 2024-01-10: 100 came home
#   EX-000002 "Test exchange" (national number 52, mediated by the United
#     Arab Emirates), stage 1 on 2024-05-31: a1 a2 a3 home, r1 handed over;
#     stage 2 on 2024-06-01: a4 a5 home, r2 handed over
report_fixture()
{
	hw init
	expect_status 0
	csv p.csv \
		'ref,family_name,given_name,patronymic,sex,category,branch,rank,status,held_by,captured_on,region,tags,health' \
		'a1,Коваленко,Олександр,Петрович,M,military,navy,senior_seaman,captive,adversary,2022-02-24,kherson,snake_island,' \
		'a2,Мельник,Ганна,Іванівна,F,civilian,,,captive,adversary,2022-03-15,kherson,,wounded' \
		'a3,Бондаренко,Тарас,Юрійович,M,military,tdf,lieutenant,captive,adversary,2023-12,kharkiv,,' \
		'a4,Ткаченко,Ігор,Степанович,M,military,ngu,sergeant,captive,adversary,2022-05,donetsk,mariupol,seriously_ill;disability' \
		'a5,Литвиненко,Роман,Олегович,,military,sbgs,,captive,adversary,,,,' \
		'r1,Иванов,Пётр,Сергеевич,M,military,other,soldier,captive,us,2024-01-01,,,' \
		'r2,Смирнов,Алексей,Иванович,M,military,other,soldier,captive,us,2024-01-01,,,'
	hw import persons p.csv
	expect_status 0
	hw exchange create history --historic
	expect_status 0
	hw exchange stage add history --date 2024-01-10 --counted-in 100 --counted-out 100
	expect_status 0
	hw exchange create 'Test exchange' --agreed 2024-05-20 --place 'Abu Dhabi' \
		--mediator 'United Arab Emirates' --number 52
	expect_status 0
	complete_stage 2024-05-31 r1 a1 a2 a3
	complete_stage 2024-06-01 r2 a4 a5
}

# complete_stage DATE OUT IN...: the next stage of EX-000002 on DATE, with
# the persons IN on the other side's list (verified by hand) and OUT on ours.
complete_stage()
{
	local date=$1 out=$2 line=0 ref stage
	shift 2
	hw exchange stage add EX-000002 --date "$date" --planned-in $# --planned-out 1
	expect_status 0
	stage=$(cut -f1 "$RUN_OUT")
	{
		echo line,full_name
		for ref in "$@"; do
			line=$((line + 1))
			printf '%d,%s\n' "$line" "$(grep "^$ref," p.csv | cut -d, -f2-4 | tr , ' ')"
		done
	} >list.csv
	hw exchange import "$stage" list.csv
	expect_status 0
	line=0
	for ref in "$@"; do
		line=$((line + 1))
		hw exchange verify "$stage" "$line" --confirm --person "import:$ref" --reason 'checked'
		expect_status 0
	done
	hw exchange out "$stage" "import:$out"
	expect_status 0
	hw exchange complete "$stage"
	expect_status 0
}

t_report_stage_text()
{
	report_fixture
	local sum
	sum=$(db_checksum)
	hw report --stage EX-000002/1
	expect_status 0
	expect_stderr_empty
	expect_stdout_line 'Exchange: Test exchange (EX-000002)'
	expect_stdout_line 'National number: 52'
	expect_stdout_line 'Stage: 1 (EX-000002/1), 31 May 2024'
	expect_stdout_line 'The 52nd exchange, “Test exchange”, stage 1, 31 May 2024. Mediator: United Arab Emirates. 3 people are home: 2 military and 1 civilian; 1 woman and 2 men. Of the military, 1 officer and 1 private or sergeant. By service: Armed Forces of Ukraine 1 (of them Navy 1), Territorial Defence Forces 1. Among them: 1 defender of Snake Island. 1 is wounded, seriously ill or disabled (1 wounded). 1 person was handed over. By 31 May 2024, 103 people had come home since the full-scale invasion.'
	expect_stdout_contains '  returned home                                         3'
	expect_stdout_contains '  Armed Forces of Ukraine (without Territorial Defence) 1'
	expect_stdout_not_contains 'Коваленко'
	expect_db_unchanged "$sum"

	hw report --stage EX-000002/2 --lang uk
	expect_status 0
	expect_stdout_line 'Етап: 2 (EX-000002/2), 1 червня 2024 року'
	expect_stdout_line '52-й обмін, «Test exchange», етап 2, 1 червня 2024 року. Посередник: United Arab Emirates. Додому повернулися 2 особи: усі військові; 1 чоловік і 1 особа без зазначеної статі. Серед військових: рядового і сержантського складу — 1, звання не зазначено — 1. За приналежністю: Національна гвардія України — 1, Державна прикордонна служба України — 1. Серед звільнених — 1 захисник Маріуполя. Поранених, тяжкохворих або з інвалідністю — 1 (тяжкохворих — 1, з інвалідністю — 1). Передано 1 особу. За етапи 1–2 цієї домовленості додому повернулися 5 осіб. Станом на 1 червня 2024 року від початку повномасштабного вторгнення додому повернулися 105 осіб.'
	expect_stdout_contains 'Як в оголошенні (військові)'
}

t_report_stage_json()
{
	report_fixture
	hw report --stage 'Test exchange/2' --format json
	expect_status 0
	expect_stdout_json
	expect_json_field 'j["scope"]["kind"]' stage
	expect_json_field 'j["scope"]["stage"]["ref"]' EX-000002/2
	expect_json_field 'j["scope"]["stage"]["number"]' 2
	expect_json_field 'j["scope"]["stage"]["date"]' 2024-06-01
	expect_json_field 'j["scope"]["exchange"]["national_number"]' 52
	expect_json_field 'j["scope"]["exchange"]["mediators"]' "['United Arab Emirates']"
	expect_json_field 'j["scope"]["exchange"]["place"]' 'Abu Dhabi'
	expect_json_field 'j["scope"]["stages"]' null
	expect_json_field 'j["returned"]' 2
	expect_json_field 'j["handed_over"]' 1
	expect_json_field 'j["sex"]' "{'men': 1, 'women': 0, 'unknown': 1}"
	expect_json_field 'j["rank_class"]' "{'officer': 0, 'nco': 1, 'enlisted': 0, 'privates_and_sergeants': 1, 'unknown': 1}"
	expect_json_field 'j["branch_group"]["mia"]' 2
	expect_json_field 'j["announced"]["national_guard"]' 1
	expect_json_field 'j["announced"]["border_guard"]' 1
	expect_json_field 'j["tags"]' "{'mariupol': 1}"
	expect_json_field 'j["health"]' "{'wounded': 0, 'seriously_ill': 1, 'disability': 1, 'any': 1, 'none': 1}"
	expect_json_field 'j["captivity"]["2_to_3_years"]' 1
	expect_json_field 'j["captivity"]["unknown"]' 1
	expect_json_field 'j["running_total"]' "{'returned': 5, 'handed_over': 2}"
	expect_json_field 'j["cumulative"]["returned"]' 105
	expect_json_field 'j["cumulative"]["historic"]' 100
	expect_json_field 'j["cumulative"]["to"]' 2024-06-01
	expect_json_field 'j["summary"]["uk"].startswith("52-й обмін")' True
	expect_json_field 'j["summary"]["en"].startswith("The 52nd exchange")' True
	expect_json_field 'sorted(j)' "['announced', 'branch', 'branch_group', 'captivity', 'capture_year', 'category', 'cumulative', 'handed_over', 'health', 'rank_class', 'region', 'returned', 'running_total', 'scope', 'sex', 'summary', 'tags']"
}

t_report_exchange()
{
	report_fixture
	hw report --exchange EX-000002 --format json
	expect_status 0
	expect_json_field 'j["scope"]["kind"]' exchange
	expect_json_field 'j["scope"]["from"]' 2024-05-31
	expect_json_field 'j["scope"]["to"]' 2024-06-01
	expect_json_field 'j["scope"]["stage"]' null
	expect_json_field '[(s["ref"], s["returned"], s["handed_over"]) for s in j["scope"]["stages"]]' \
		"[('EX-000002/1', 3, 1), ('EX-000002/2', 2, 1)]"
	expect_json_field 'j["returned"]' 5
	expect_json_field 'j["handed_over"]' 2
	expect_json_field 'j["category"]' "{'military': 4, 'civilian': 1}"
	expect_json_field 'j["branch_group"]["afu"]' 2
	expect_json_field 'j["cumulative"]["returned"]' 105
	# by name too, in Ukrainian text
	hw report --exchange 'Test exchange' --lang uk
	expect_status 0
	expect_stdout_contains '52-й обмін, «Test exchange», у 2 етапи, з 31 травня 2024 року по 1 червня 2024 року.'
	expect_stdout_line 'Етап 1 (EX-000002/1), 31 травня 2024 року: повернулися 3, передано 1'
	# a historic agreement has no persons: its counts are in the totals
	hw report --exchange history --format json
	expect_status 0
	expect_json_field 'j["returned"]' 0
	expect_json_field 'j["running_total"]["returned"]' 100
	expect_json_field 'j["scope"]["exchange"]["historic"]' True
	expect_json_field 'j["scope"]["stages"][0]["counted_in"]' 100
}

t_report_period()
{
	report_fixture
	hw report --from 2024-06-01 --format json
	expect_status 0
	expect_json_field 'j["scope"]["kind"]' period
	expect_json_field 'j["scope"]["from"]' 2024-06-01
	expect_json_field 'j["scope"]["to"]' null
	expect_json_field 'j["scope"]["exchange"]' null
	expect_json_field 'j["returned"]' 2
	expect_json_field 'j["running_total"]' null
	expect_json_field 'j["cumulative"]["returned"]' 105
	hw report --to 2024-05 --format json
	expect_status 0
	expect_json_field 'j["returned"]' 3
	expect_json_field 'j["cumulative"]["returned"]' 103
	hw report --from 2024-05-01 --to 2024-06-30
	expect_status 0
	expect_stdout_line 'Period: from 1 May 2024 to 30 June 2024'
	expect_stdout_contains 'Exchanges from 1 May 2024 to 30 June 2024. 5 people are home: 4 military and 1 civilian; 1 woman, 3 men and 1 person of unrecorded sex.'
	hw report --to 2024-06 --lang uk
	expect_status 0
	expect_stdout_contains 'Обміни до кінця червня 2024 року. Додому повернулися 5 осіб'
	expect_stdout_contains 'Станом на кінець червня 2024 року від початку повномасштабного вторгнення додому повернулися 105 осіб.'
}

t_report_csv()
{
	report_fixture
	hw report --stage EX-000002/1 --format csv
	expect_status 0
	expect_stderr_empty
	expect_equal "$(head -n 1 "$RUN_OUT")" section,key,label,count "the CSV header"
	expect_stdout_line 'scope,national_number,national number,52'
	expect_stdout_line 'scope,stage_number,stage number,1'
	expect_stdout_line 'total,returned,returned home,3'
	expect_stdout_line 'total,handed_over,handed over,1'
	expect_stdout_line 'announced,armed_forces,Armed Forces of Ukraine (without Territorial Defence),1'
	expect_stdout_line 'announced,territorial_defence,Territorial Defence Forces,1'
	expect_stdout_line 'health,any,"wounded, seriously ill or disabled",1'
	expect_stdout_line 'cumulative,returned,returned home since 24 February 2022,103'
	# every row has four fields and a whole number
	python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
assert rows[0] == ["section", "key", "label", "count"], rows[0]
for r in rows[1:]:
    assert len(r) == 4 and r[3].isdigit(), r
' "$RUN_OUT" || fail "CSV rows"
	hw report --exchange EX-000002 --format csv --lang uk
	expect_status 0
	expect_stdout_line 'stage_returned,2,EX-000002/2,2'
	expect_stdout_line 'sex,women,жінки,1'
	expect_stdout_line 'branch,ngu,Національна гвардія України,1'
}

t_report_output_file()
{
	report_fixture
	hw report --stage EX-000002/1 --format json --output r.json
	expect_status 0
	expect_stdout_empty
	expect_stderr_empty
	python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["returned"] == 3' r.json ||
		fail "r.json"
}

t_report_usage_errors()
{
	report_fixture
	expect_refused 2 "homeward: give one of --stage, --exchange or a period (--from, --to)" report
	expect_refused 2 "homeward: give one of --stage, --exchange or a period (--from, --to)" \
		report --stage EX-000002/1 --exchange EX-000002
	expect_refused 2 "homeward: give one of --stage, --exchange or a period (--from, --to)" \
		report --stage EX-000002/1 --from 2024-01-01
	expect_refused 2 "homeward: unknown format 'xml' (allowed: text, json, csv)" \
		report --stage EX-000002/1 --format xml
	expect_refused 2 "homeward: unknown language 'fr' (allowed: en, uk)" \
		report --stage EX-000002/1 --lang fr
	expect_refused 2 "homeward: unexpected argument 'extra'" report --stage EX-000002/1 extra
	hw report --stage
	expect_status 2
	expect_stdout_empty
	expect_stderr_line "homeward: option '--stage' needs a value"
	hw report --colour
	expect_status 2
	expect_stdout_empty
	expect_stderr_line "homeward: unknown option '--colour'"
}

t_report_bad_references()
{
	report_fixture
	expect_refused 1 "homeward: stage: no stage EX-000002/9" report --stage EX-000002/9
	expect_refused 1 "homeward: exchange: no agreement 'EX-000077'" report --exchange EX-000077
	expect_refused 1 "homeward: exchange: no agreement 'no such agreement' (give its name, EX-NNNNNN or its number)" \
		report --exchange 'no such agreement'
	expect_refused 1 "homeward: from: '31.02.2024' is not a date (no such day)" \
		report --from 31.02.2024
	expect_refused 1 "homeward: to: the period ends (2024-01-01) before it starts (2024-06-01)" \
		report --from 2024-06-01 --to 2024-01-01
	rm -f homeward.db
	hw report --from 2024
	expect_status 1
	expect_stdout_empty
	expect_stderr_contains "homeward: no database at"
}

t_report_help()
{
	hw report --help
	expect_status 0
	expect_stdout_contains 'usage: homeward report (--stage REF | --exchange REF | --from DATE [--to DATE] |'
	expect_stdout_contains '--lang LANG'
	expect_stderr_empty
}

# An empty registry: every figure zero, still a whole document.
t_report_empty()
{
	hw init
	hw report --from 2024 --format json
	expect_status 0
	expect_json_field 'j["returned"]' 0
	expect_json_field 'j["tags"]' '{}'
	expect_json_field 'j["capture_year"]' '{}'
	expect_json_field 'j["cumulative"]["returned"]' 0
	expect_json_field 'j["summary"]["en"]' 'Exchanges from 2024. No return is recorded person by person. 0 people have come home since the full-scale invasion.'
}
