# test_cli.sh - the command as a whole: help, version, unknown commands,
# every subcommand's --help, and usage errors (exit status 2).

t_help()
{
	hw --help
	expect_status 0
	expect_stderr_empty
	expect_golden help/homeward.txt
	hw -h
	expect_status 0
	expect_golden help/homeward.txt
}

t_version()
{
	hw --version
	expect_status 0
	expect_stderr_empty
	grep -qxE 'homeward [0-9]+\.[0-9]+\.[0-9]+' "$RUN_OUT" ||
		fail "--version prints '$(cat "$RUN_OUT")', not 'homeward X.Y.Z'"
}

t_no_command()
{
	hw
	expect_status 2
	expect_stdout_empty
	expect_stderr_contains "usage: homeward [--db PATH] COMMAND [ARGS]"
}

t_unknown_command()
{
	hw frobnicate
	expect_status 2
	expect_stdout_empty
	expect_stderr_equals "homeward: 'frobnicate' is not a command; see 'homeward --help'"
	hw --bogus person list
	expect_status 2
	expect_stdout_empty
	expect_stderr_line "homeward: unknown option '--bogus'"
}

# Every subcommand answers --help with its usage on stdout and exit 0,
# before it looks for a database (there is none here).
t_subcommand_help()
{
	local spec name args
	for spec in \
		"init:init" \
		"person:person" \
		"person_add:person add" \
		"person_show:person show" \
		"person_edit:person edit" \
		"person_list:person list" \
		"event_add:event add" \
		"history:history" \
		"import:import" \
		"export:export" \
		"generate:generate" \
		"search:search" \
		"match:match"; do
		name=${spec%%:*}
		args=${spec#*:}
		# shellcheck disable=SC2086
		hw $args --help
		expect_status 0
		expect_stderr_empty
		expect_stdout_contains "usage: homeward"
		# the schema version changes with every migration
		sed -E 's/schema version [0-9]+/schema version N/' "$RUN_OUT" >help.txt
		expect_golden "help/$name.txt" help.txt
	done
	# -h too, and the help of 'event' is that of 'event add'
	hw person add -h
	expect_status 0
	expect_golden help/person_add.txt
	hw event --help
	expect_status 0
	expect_golden help/event_add.txt
	[ ! -e homeward.db ] || fail "--help created a database"
}

# Usage mistakes: exit 2, one line naming the mistake and a pointer to the
# right --help, nothing on stdout, the database unchanged.
t_usage_errors()
{
	hw init
	expect_status 0
	add_person --family Коваленко --given Олександр
	local see_person_add="homeward: see 'homeward person add --help'"

	expect_refused 2 "homeward: unknown option '--bogus'" \
		person add --family Мельник --given Сергій --bogus
	expect_stderr_line "$see_person_add"
	expect_refused 2 "homeward: option '--family' needs a value" person add --family
	expect_refused 2 "homeward: unexpected argument 'extra'" \
		person add --family Мельник --given Сергій extra
	expect_refused 2 "homeward: 'frob' is not a person subcommand (add, show, edit, list)" \
		person frob
	expect_refused 2 "homeward: which person? (a reference such as HW-000001)" person show
	expect_refused 2 "homeward: unexpected argument 'HW-000002'" \
		person show HW-000001 HW-000002
	expect_refused 2 "homeward: which person? (a reference such as HW-000001)" person edit
	expect_refused 2 "homeward: unknown option '--bogus'" \
		person edit HW-000001 --bogus x
	expect_refused 2 "homeward: unknown option '--bogus'" person list --bogus
	expect_refused 2 "homeward: unexpected argument 'extra'" person list extra
	expect_refused 2 "homeward: give a person's reference and an event type" \
		event add HW-000001
	expect_refused 2 "homeward: give a person's reference and an event type" \
		event add HW-000001 listed extra
	expect_refused 2 "homeward: the event command is 'homeward event add REF TYPE'" event
	expect_refused 2 "homeward: the event command is 'homeward event add REF TYPE'" \
		event list HW-000001
	expect_refused 2 "homeward: unknown option '--bogus'" \
		event add --bogus HW-000001 listed
	expect_refused 2 "homeward: which person? (a reference such as HW-000001)" history
	expect_refused 2 "homeward: use 'homeward import persons FILE.csv'" import
	expect_refused 2 "homeward: use 'homeward import persons FILE.csv'" import persons
	expect_refused 2 "homeward: use 'homeward import persons FILE.csv'" import people x.csv
	expect_refused 2 "homeward: unknown option '--bogus'" import persons x.csv --bogus
	expect_refused 2 "homeward: --source takes a label without ':' or ';'" \
		import persons x.csv --source a:b
	expect_refused 2 "homeward: use 'homeward export persons'" export
	expect_refused 2 "homeward: use 'homeward export persons'" export people
	expect_refused 2 "homeward: option '--output' needs a value" export persons --output
	expect_refused 2 "homeward: use 'homeward generate persons N'" generate
	expect_refused 2 "homeward: use 'homeward generate persons N'" generate persons
	expect_refused 2 "homeward: N must be a whole number up to 100000000, not 'abc'" \
		generate persons abc
	expect_refused 2 "homeward: unknown option '-5'" generate persons -5
	expect_refused 2 "homeward: N must be a whole number up to 100000000, not '100000001'" \
		generate persons 100000001
	expect_refused 2 "homeward: --seed takes a whole number, not 'x'" \
		generate persons 10 --seed x
	expect_refused 2 "homeward: init takes no arguments" init extra
}

# 'homeward person' without a subcommand is a usage error: the usage goes to
# stderr like every other usage error, stdout stays empty.
t_person_without_subcommand()
{
	hw person
	expect_status 2
	expect_stderr_contains "usage: homeward person add|show|edit|list"
	expect_stdout_empty
}

t_bad_format()
{
	hw init
	add_person --family Коваленко --given Олександр
	expect_refused 2 "homeward: unknown format 'xml' (allowed: text, json)" \
		person show HW-000001 --format xml
	expect_stderr_line "homeward: see 'homeward person show --help'"
	expect_refused 2 "homeward: unknown format 'csv' (allowed: text, json)" \
		person list --format csv
	expect_refused 2 "homeward: unknown format 'yaml' (allowed: text, json)" \
		history HW-000001 --format yaml
	expect_refused 2 "homeward: unknown format 'text' (allowed: csv, json)" \
		export persons --format text
	expect_refused 2 "homeward: option '--format' needs a value" person list --format
}

t_bad_limit()
{
	hw init
	local bad
	for bad in x -1 5x '' 1.5; do
		expect_refused 2 "homeward: --limit takes a whole number, not '$bad'" \
			person list --limit "$bad"
		expect_stderr_line "homeward: see 'homeward person list --help'"
	done
}

# Options that belong to other subcommands are usage errors, named as typed.
t_option_for_another_command()
{
	hw init
	add_person --family Коваленко --given Олександр
	expect_refused 2 "homeward: option '--format' is not for this command" \
		person add --family Мельник --given Сергій --format json
	expect_refused 2 "homeward: option '--clear-tags' is not for this command" \
		person add --family Мельник --given Сергій --clear-tags
}
