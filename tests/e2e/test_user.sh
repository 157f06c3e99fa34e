# test_user.sh - `homeward user` and the first admin of `homeward init`:
# generated passwords shown once, passwords from stdin, the rules of
# names, roles and passwords, disabling, listing, and the audit records
# of every change.

# user_pw USER: the password `hw` printed for USER (from $RUN_OUT).
user_pw()
{
	sed -n "s/^password of '$1': //p" "$RUN_OUT"
}

# hw_stdin TEXT ARGS: runs homeward with TEXT (and a newline) on stdin.
hw_stdin()
{
	local text=$1
	shift
	run sh -c 'printf "%s\n" "$0" | "$HOMEWARD" "$@"' "$text" "$@"
}

t_init_prints_admin_password_once()
{
	hw init
	expect_status 0
	expect_stderr_empty
	expect_stdout_line "added user 'admin' with role admin"
	local pw
	pw=$(user_pw admin)
	[[ $pw =~ ^[2-9a-km-zA-HJ-NP-Z]{24}$ ]] || fail "admin password '$pw' is not 24 unambiguous characters"
	expect_equal "$(grep -c "$pw" "$RUN_OUT")" 1 "times the password is printed"
	expect_stdout_contains "shown only once"
	# owner only, and the password is nowhere in the files
	expect_equal "$(stat -c %a "$HOMEWARD_DB")" 600 "mode of the database"
	if grep -qaF "$pw" "$HOMEWARD_DB" "$HOMEWARD_DB"-wal 2>/dev/null; then
		fail "the password is stored in the database"
	fi
	expect_equal "$(sqlite3 "$HOMEWARD_DB" "SELECT substr(password_hash, 1, 10) FROM users WHERE name = 'admin'")" \
		'$argon2id$' "hash of the admin password"
	# never again
	hw user list
	expect_status 0
	expect_stdout_not_contains "$pw"
	expect_stdout_contains "admin"
	hw audit log
	expect_stdout_not_contains "$pw"
	expect_stdout_contains "cli:${USER:-$(id -un)} local user.add user:admin ok"
	# a second init is refused and adds nobody
	hw init
	expect_status 1
	expect_stdout_empty
	expect_equal "$(sqlite3 "$HOMEWARD_DB" 'SELECT count(*) FROM users')" 1 "users"
}

t_user_add_generated()
{
	hw init
	hw user add olena --role registrar
	expect_status 0
	expect_stderr_empty
	expect_stdout_line "added user 'olena' with role registrar"
	local pw
	pw=$(user_pw olena)
	[ ${#pw} -eq 24 ] || fail "generated password '$pw' is not 24 characters"
	hw user add taras --role verifier
	[ "$(user_pw taras)" != "$pw" ] || fail "two generated passwords are the same"
	hw user list
	expect_status 0
	expect_equal "$(awk '{print $1, $2, $3}' "$RUN_OUT")" "admin admin active
olena registrar active
taras verifier active" "user list"
	hw user list --format json
	expect_status 0
	expect_stdout_json
	expect_json_field 'len(j)' 3
	expect_json_field 'j[1]["name"]' olena
	expect_json_field 'j[1]["role"]' registrar
	expect_json_field 'j[1]["disabled"]' False
	expect_json_field 'any("hash" in k or k == "password" for u in j for k in u)' False
}

t_user_add_password_stdin()
{
	hw init
	hw_stdin 'olena-password-1' user add olena --role medical --password-stdin
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "added user 'olena' with role medical"
	local sum
	sum=$(db_checksum)
	hw_stdin 'short' user add taras --role analyst --password-stdin
	expect_status 1
	expect_stdout_empty
	expect_stderr_equals "homeward: password: a password has at least 12 characters"
	hw_stdin 'taras' user add taras --role analyst --password-stdin
	expect_status 1
	expect_stderr_equals "homeward: password: a password has at least 12 characters"
	hw_stdin 'taras.kovalenko' user add taras.kovalenko --role analyst --password-stdin
	expect_status 1
	expect_stderr_equals "homeward: password: the password must not be the user name"
	expect_db_unchanged "$sum"
}

t_user_errors()
{
	hw init
	hw user add olena --role registrar
	local sum
	sum=$(db_checksum)
	expect_refused 1 "homeward: name: user name 'Olena' does not start with a letter a-z" \
		user add Olena --role registrar
	expect_refused 1 "homeward: name: user name 'ol ena': only a-z, 0-9, '.', '_' and '-' are allowed" \
		user add 'ol ena' --role registrar
	expect_refused 1 "homeward: role: unknown role 'root' (allowed: admin, coordinator, registrar, verifier, medical, analyst)" \
		user add taras --role root
	expect_refused 1 "homeward: name: a user named 'olena' exists already" \
		user add olena --role analyst
	expect_refused 1 "homeward: no user named 'nobody'" user passwd nobody
	expect_refused 1 "homeward: no user named 'nobody'" user disable nobody
	expect_refused 2 "homeward: --role is needed" user add taras
	expect_refused 2 "homeward: a user name is needed" user add --role analyst
	expect_refused 2 "homeward: option '--role' is not for this command" user passwd olena --role admin
	expect_refused 2 "homeward: option '--format' is not for this command" user add taras --role analyst --format json
	expect_refused 2 "homeward: unexpected argument 'extra'" user disable olena extra
	expect_refused 2 "homeward: unknown subcommand 'remove' (add, passwd, disable, list)" user remove olena
	expect_refused 2 "homeward: a subcommand is needed (add, passwd, disable, list)" user
	expect_refused 2 "homeward: unknown format 'csv' (allowed: text, json)" user list --format csv
	expect_db_unchanged "$sum"
	hw user --help
	expect_status 0
	expect_stdout_contains "usage: homeward user add NAME --role ROLE [--password-stdin]"
}

t_user_disable()
{
	hw init
	hw user add olena --role registrar
	hw user disable olena
	expect_status 0
	expect_stdout_equals "disabled user 'olena'; its sessions have ended"
	hw user list
	expect_stdout_contains "disabled"
	hw user list --format json
	expect_json_field 'j[1]["disabled"]' True
	# again: nothing to do, nothing audited
	hw user disable olena
	expect_status 0
	expect_equal "$(sqlite3 "$HOMEWARD_DB" "SELECT count(*) FROM audit WHERE action = 'user.disable'")" 1 \
		"user.disable records"
	# the last admin stays
	expect_refused 1 "homeward: 'admin' is the last enabled admin; add another admin before disabling it" \
		user disable admin
	hw user add admin2 --role admin
	hw user disable admin
	expect_status 0
}

t_user_passwd()
{
	hw init
	hw_stdin 'olena-password-1' user add olena --role registrar --password-stdin
	local before
	before=$(sqlite3 "$HOMEWARD_DB" "SELECT password_hash FROM users WHERE name = 'olena'")
	hw user passwd olena
	expect_status 0
	expect_stdout_line "changed the password of 'olena'; its sessions have ended"
	[ ${#before} -gt 0 ] && [ -n "$(user_pw olena)" ] || fail "no new password printed"
	hw_stdin 'olena-password-2' user passwd olena --password-stdin
	expect_status 0
	expect_stdout_equals "changed the password of 'olena'; its sessions have ended"
	[ "$(sqlite3 "$HOMEWARD_DB" "SELECT password_hash FROM users WHERE name = 'olena'")" != "$before" ] ||
		fail "the hash did not change"
	hw audit log --action 'user.*'
	expect_equal "$(awk '{print $5, $6}' "$RUN_OUT")" "user.add user:admin
user.add user:olena
user.passwd user:olena
user.passwd user:olena" "audited changes"
	hw audit verify
	expect_status 0
}
