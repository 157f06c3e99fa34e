#!/bin/sh
# demo.sh HOMEWARD DB - creates a demo database of generated persons (once)
# and shows how to explore it.  Called by `make run`.
set -eu
hw=$1
db=$2
if [ ! -f "$db" ]; then
	tmp=$(mktemp "${TMPDIR:-/tmp}/homeward-demo.XXXXXX.csv")
	trap 'rm -f "$tmp"' EXIT
	"$hw" --db "$db" init
	"$hw" generate persons 2000 --seed 2024 --output "$tmp"
	"$hw" --db "$db" import persons "$tmp" --source demo
	# a short history for the first person, so `history` has something to show
	"$hw" --db "$db" event add HW-000001 captivity_confirmed --date 2024-03-02 \
		--note "confirmed by an international body (demo)" >/dev/null 2>&1 || true
fi
echo
echo "Homeward demo database: $db (synthetic persons; no real names)"
echo
"$hw" --db "$db" person list --limit 8
echo
echo "Explore it:"
echo "  $hw --db $db person show HW-000001"
echo "  $hw --db $db history HW-000001"
echo "  $hw --db $db person list --status captive --region donetsk --limit 20"
echo "  $hw --db $db person list --tag mariupol"
echo "  $hw --db $db search \"Kovalenko Oleksandr\" --explain    # any script or spelling"
echo "  $hw --db $db export persons --format json --output persons.json"
echo "  $hw --help"
