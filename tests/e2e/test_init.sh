# test_init.sh - creating a database, choosing it (--db, HOMEWARD_DB), and
# refusing files that are not a Homeward database this version can open.

t_init_creates()
{
	hw init
	expect_status 0
	expect_stderr_empty
	grep -qxE "created $HOMEWARD_DB \(schema version [0-9]+\)" "$RUN_OUT" ||
		fail "init says '$(cat "$RUN_OUT")'"
	[ -f "$HOMEWARD_DB" ] || fail "no database file after init"
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'PRAGMA journal_mode')" wal "journal mode"
	hw person list
	expect_status 0
	expect_stdout_empty
	expect_stderr_empty
}

t_init_twice()
{
	hw init
	add_person --family Коваленко --given Олександр
	local sum
	sum=$(db_checksum)
	hw init
	expect_status 1
	expect_stdout_empty
	expect_stderr_equals "homeward: '$HOMEWARD_DB' already holds a Homeward database"
	expect_db_unchanged "$sum"
	hw person show HW-000001
	expect_status 0
}

t_db_option_and_env()
{
	# --db PATH, --db=PATH and HOMEWARD_DB name the database; --db wins
	hw --db a.db init
	expect_status 0
	expect_stdout_line "created a.db (schema version $(sqlite3 a.db 'PRAGMA user_version'))"
	hw --db=b.db init
	expect_status 0
	[ -f a.db ] || fail "--db PATH did not create a.db"
	[ -f b.db ] || fail "--db=PATH did not create b.db"
	[ ! -e "$HOMEWARD_DB" ] || fail "--db was ignored: $HOMEWARD_DB exists"
	hw --db a.db person add --family Коваленко --given Олександр
	expect_stdout_equals HW-000001
	HOMEWARD_DB=b.db hw person add --family Мельник --given Сергій
	expect_stdout_equals HW-000001
	HOMEWARD_DB=b.db hw --db a.db person list
	expect_stdout_contains "Коваленко Олександр"
	expect_stdout_not_contains "Мельник"
	HOMEWARD_DB=b.db hw person list
	expect_stdout_contains "Мельник Сергій"
	expect_stdout_not_contains "Коваленко"
	# without either, homeward.db in the working directory
	local saved=$HOMEWARD_DB
	mkdir d && cd d || return
	unset HOMEWARD_DB
	hw init
	expect_status 0
	[ -f homeward.db ] || fail "the default database is not ./homeward.db"
	cd .. || return
	export HOMEWARD_DB=$saved
}

t_missing_db()
{
	local cmd
	for cmd in "person list" "person show HW-000001" "history HW-000001" "export persons"; do
		# shellcheck disable=SC2086
		hw $cmd
		expect_status 1
		expect_stdout_empty
		expect_stderr_equals "homeward: no database at '$HOMEWARD_DB' (No such file or directory; run 'homeward init' to create one)"
	done
	hw person add --family Коваленко --given Олександр
	expect_status 1
	expect_stderr_contains "run 'homeward init' to create one"
	hw event add HW-000001 listed
	expect_status 1
	expect_stderr_contains "run 'homeward init' to create one"
	csv p.csv "family_name,given_name" "Коваленко,Олександр"
	hw import persons p.csv
	expect_status 1
	expect_stderr_contains "run 'homeward init' to create one"
	[ ! -e "$HOMEWARD_DB" ] || fail "a command other than init created the database"
}

# An empty file is a SQLite database with nothing in it: not yet initialised.
t_empty_file()
{
	: >"$HOMEWARD_DB"
	expect_refused 1 "homeward: '$HOMEWARD_DB' holds no Homeward database (run 'homeward init' first)" \
		person list
	hw init
	expect_status 0
	hw person list
	expect_status 0
}

# A SQLite database of another program is refused, by reading and writing
# commands and by init, and is left exactly as it was (also its journal
# mode, which is part of db_checksum).
t_foreign_sqlite()
{
	sqlite3 "$HOMEWARD_DB" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
	local msg="homeward: '$HOMEWARD_DB' is not a Homeward database"
	expect_refused 1 "$msg" person list
	expect_refused 1 "$msg" person show HW-000001
	expect_refused 1 "$msg" person add --family Коваленко --given Олександр
	expect_refused 1 "$msg" init
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'PRAGMA journal_mode')" delete \
		"journal mode of the foreign database"
}

# A file that is not SQLite at all: exit 1 (bad input, not an internal
# error), the message says so, the file is untouched.
t_not_sqlite()
{
	printf 'ref,family_name,given_name\nR1,Коваленко,Олександр\n' >"$HOMEWARD_DB"
	cp "$HOMEWARD_DB" orig
	local msg="homeward: '$HOMEWARD_DB' is not a SQLite database"
	expect_refused 1 "$msg" person list
	expect_refused 1 "$msg" person add --family Коваленко --given Олександр
	expect_refused 1 "$msg" init
	expect_file_equals "$HOMEWARD_DB" orig
}

# A database from a newer Homeward (a higher schema version) is refused by
# every command and not changed.
t_newer_schema()
{
	hw init
	add_person --family Коваленко --given Олександр
	sqlite3 "$HOMEWARD_DB" 'PRAGMA user_version = 999'
	local sum cmd
	sum=$(db_checksum)
	for cmd in "person list" "person show HW-000001" "person add --family Мельник --given Сергій" \
		"event add HW-000001 listed" "init" "export persons"; do
		# shellcheck disable=SC2086
		hw $cmd
		expect_status 1
		expect_stdout_empty
		expect_stderr_contains "has schema version 999, newer than this Homeward understands"
		expect_db_unchanged "$sum"
	done
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'PRAGMA user_version')" 999 "user_version"
}
