#!/bin/sh
# demo.sh HOMEWARD DB [LISTEN] - `make run`: creates the demo database with
# `homeward demo` (once), a demo login for each role (once), and starts the
# server on LISTEN (default 127.0.0.1:8080) until Ctrl-C.  docs/demo.md
# says what the database holds.
#
# The demo logins are users named after their roles (admin, coordinator,
# registrar, verifier, medical, analyst) with generated passwords, kept in
# DB.logins (owner-only, beside the database, ignored by git) so that the
# next `make run` can show them again.  They are for this machine's demo
# only: the server listens on loopback.
set -eu
hw=$1
db=$2
listen=${3:-127.0.0.1:8080}
logins=$db.logins
roles="coordinator registrar verifier medical analyst admin"

if [ ! -f "$db" ]; then
	# prints its progress on stderr
	"$hw" --db "$db" demo >/dev/null
	rm -f "$logins"
fi

# password: 24 characters of base64url from the kernel's random source
password()
{
	head -c 18 /dev/urandom | base64 | tr '+/' '-_'
}

if [ ! -f "$logins" ]; then
	umask 077
	: >"$logins.tmp"
	for role in $roles; do
		pw=$(password)
		if ! printf '%s\n' "$pw" |
			"$hw" --db "$db" user add "$role" --role "$role" --password-stdin \
				>/dev/null 2>&1; then
			# the user exists (made by hand, or the file was removed)
			printf '%s\n' "$pw" |
				"$hw" --db "$db" user passwd "$role" --password-stdin >/dev/null
		fi
		printf '%-12s %s\n' "$role" "$pw" >>"$logins.tmp"
	done
	mv "$logins.tmp" "$logins"
fi

first=$(head -n 1 "$logins")
echo
echo "Homeward demo: $db (synthetic persons; no real names)"
echo
echo "  open     http://$listen/"
echo "  sign in  ${first%% *} / ${first##* }"
echo "  (a login for each role is in $logins: user name = role)"
echo
echo "The command line works on the same database (homeward is $hw):"
echo "  homeward --db $db exchange list"
echo "  homeward --db $db report --exchange \"1000 for 1000\""
echo "  homeward --db $db search \"Kovalenko Oleksandr\" --explain"
echo "Ctrl-C stops the server.  'homeward --db $db demo --force' and removing"
echo "$logins makes the demo anew."
echo
exec "$hw" --db "$db" serve --listen "$listen"
