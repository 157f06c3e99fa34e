#!/bin/sh
# demo.sh HOMEWARD DB - creates the demo database with `homeward demo` (once)
# and shows how to explore it.  Called by `make run`.  docs/demo.md says
# what the database holds.
set -eu
hw=$1
db=$2
if [ ! -f "$db" ]; then
	# prints its progress on stderr and what to try next
	"$hw" --db "$db" demo
	echo
	echo "The registry:"
	echo "  homeward --db $db person list --status captive --limit 20"
	echo "  homeward --db $db person list --tag snake_island"
	echo "  homeward --db $db search \"Kovalenko Oleksandr\" --explain    # any script or spelling"
	echo "  homeward --help"
	echo "(homeward is $hw)"
	exit 0
fi
echo
echo "Homeward demo database: $db (synthetic persons; no real names)"
if ! "$hw" --db "$db" exchange show "52nd exchange" >/dev/null 2>&1; then
	echo "It was made by an older demo, without exchanges: make it again with"
	echo "  $hw --db $db demo --force"
	exit 0
fi
echo
"$hw" --db "$db" exchange list
echo
echo "Explore it (homeward is $hw; make it again with 'homeward --db $db demo --force'):"
echo "  homeward --db $db report --exchange \"52nd exchange\"           # 31 May 2024"
echo "  homeward --db $db report --exchange \"1000 for 1000\"           # 23-25 May 2025"
echo "  homeward --db $db report --stage \"1000 for 1000/2\" --format json"
echo "  homeward --db $db exchange show \"Demo: next exchange\""
echo "  homeward --db $db exchange entries \"Demo: next exchange/1\" --state pending"
echo "  homeward --db $db exchange propose \"Demo: next exchange\" --count 10"
echo "  homeward --db $db person list --status captive --limit 20"
echo "  homeward --db $db search \"Kovalenko Oleksandr\" --explain    # any script or spelling"
echo "  homeward --help"
