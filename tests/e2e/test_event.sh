# test_event.sh - event add and history, with the status transition table
# of src/core/event.c.

# history_words REF: the event types and statuses of a person's history, as
# "type>status" words.
history_words()
{
	hw history "$1"
	expect_status 0
	expect_stderr_empty
	HISTORY=$(awk '{for (i = 1; i <= NF; i++) if ($i == "->") print $(i-1) ">" $(i+1)}' \
		"$RUN_OUT" | tr '\n' ' ' | sed 's/ $//')
}

t_event_sequence()
{
	hw init
	add_person --family Коваленко --given Олександр --patronymic Петрович
	history_words HW-000001
	expect_equal "$HISTORY" "registered>missing" "history after add"

	hw event add --date 2022-05-01 --note 'за даними МКЧХ' HW-000001 captivity_confirmed
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "HW-000001: captivity_confirmed, status now captive"
	hw event add --date 2023-01 HW-000001 listed
	expect_status 0
	expect_stdout_equals "HW-000001: listed, status now listed"
	hw event add --date 2023-02-14 HW-000001 returned
	expect_status 0
	expect_stdout_equals "HW-000001: returned, status now returned"

	history_words HW-000001
	expect_equal "$HISTORY" \
		"registered>missing captivity_confirmed>captive listed>listed returned>returned" \
		"history"
	# a line: when recorded, when it happened, the event, the status, the note
	grep -E '^[0-9T:-]+Z +2022-05-01 +captivity_confirmed +-> captive\b' "$RUN_OUT" |
		grep -qF 'за даними МКЧХ' ||
		fail "the history line of captivity_confirmed" "$(cat "$RUN_OUT")"
	grep -qE ' 2023-01 +listed +-> listed\b' "$RUN_OUT" || fail "the month date of 'listed'"

	hw person show HW-000001 --format json
	expect_json_field 'j["status"]' returned
	hw person list --status returned
	expect_stdout_contains HW-000001
}

# Options before the arguments; a bad date names the field.
t_event_options_before_args()
{
	hw init
	add_person --family Коваленко --given Олександр
	hw event add --date 01.05.2022 --note 'до аргументів' HW-000001 captivity_confirmed
	expect_status 0
	expect_stdout_equals "HW-000001: captivity_confirmed, status now captive"
	expect_refused 1 "homeward: date: '31.02.2022' is not a date (no such day)" \
		event add --date 31.02.2022 HW-000001 listed
}

# `event add REF TYPE [--date DATE] [--note TEXT]` as its --help shows it.
t_event_options_after_args()
{
	hw init
	add_person --family Коваленко --given Олександр
	hw event add HW-000001 captivity_confirmed --date 2022-05-01 --note 'після аргументів'
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "HW-000001: captivity_confirmed, status now captive"
}

# Transitions the table refuses: exit 1, the message names the current
# status (or the custody), nothing is written.
t_event_refused()
{
	hw init
	add_person --family Коваленко --given Олександр --status captive
	add_person --family Шевчук --given Іван --held-by us
	expect_refused 1 "homeward: type: 'removed_from_list' is not allowed for a person whose status is 'captive' (allowed from: listed)" \
		event add HW-000001 removed_from_list
	expect_refused 1 "homeward: type: 'handed_over' is not allowed for a person held by the other side" \
		event add HW-000001 handed_over
	expect_refused 1 "homeward: type: 'returned' is not allowed for a person in our custody" \
		event add HW-000002 returned
	expect_refused 1 "homeward: type: already registered" event add HW-000001 registered
	expect_refused 1 "homeward: type: 'found' is not allowed for a person whose status is 'captive' (allowed from: missing)" \
		event add HW-000001 found
	hw event add --date 2023 HW-000001 died
	expect_status 0
	expect_stdout_equals "HW-000001: died, status now deceased"
	expect_refused 1 "homeward: type: 'returned' is not allowed for a person whose status is 'deceased' (allowed from: missing, captive, listed)" \
		event add HW-000001 returned
	expect_refused 1 "homeward: no person HW-000077" event add HW-000077 listed
	history_words HW-000001
	expect_equal "$HISTORY" "registered>captive died>deceased" "history after refusals"
}

t_status_corrected()
{
	hw init
	add_person --family Коваленко --given Олександр
	expect_refused 1 "homeward: status: 'status_corrected' needs a status" \
		event add --note 'помилка' HW-000001 status_corrected
	expect_refused 1 "homeward: note: a status correction needs a note saying why" \
		event add --status captive HW-000001 status_corrected
	expect_refused 1 "homeward: status: unknown status 'free' (allowed: missing, captive, listed, returned, handed_over, deceased, released)" \
		event add --status free --note x HW-000001 status_corrected
	hw event add --status captive --note 'помилково внесено як зниклого' HW-000001 status_corrected
	expect_status 0
	expect_stdout_equals "HW-000001: status_corrected, status now captive"
	history_words HW-000001
	expect_equal "$HISTORY" "registered>missing status_corrected>captive" "history"
	expect_stdout_contains "помилково внесено як зниклого"
	# the custody still limits the status
	add_person --family Шевчук --given Іван --held-by us
	expect_refused 1 "homeward: status: a person in our custody cannot have status 'returned' (allowed: captive, listed, handed_over, deceased, released)" \
		event add --status returned --note x HW-000002 status_corrected
}

t_unknown_event_type()
{
	hw init
	add_person --family Коваленко --given Олександр
	expect_refused 1 "homeward: event type: unknown event type 'teleported' (allowed: registered, reported_missing, captivity_confirmed, transferred, hospitalised, listed, removed_from_list, returned, handed_over, died, escaped, released, found, identity_confirmed, records_merged, status_corrected)" \
		event add HW-000001 teleported
}

t_history_json()
{
	hw init
	add_person --family Коваленко --given Олександр --ref family:F-9
	hw event add --date 2022-05-01 --note 'примітка' HW-000001 captivity_confirmed
	hw event add HW-000001 hospitalised
	hw history family:F-9 --format json
	expect_status 0
	expect_stderr_empty
	expect_stdout_json
	expect_json_field '[e["type"] for e in j]' "['registered', 'captivity_confirmed', 'hospitalised']"
	expect_json_field '[e["status_after"] for e in j]' "['missing', 'captive', 'captive']"
	expect_json_field 'j[1]["date"]' 2022-05-01
	expect_json_field 'j[1]["note"]' примітка
	expect_json_field 'j[0]["date"]' null
	expect_json_field 'all(e["recorded_at"] for e in j)' True
	expect_refused 1 "homeward: no person HW-000005" history HW-000005
}
