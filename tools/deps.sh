#!/bin/sh
# deps.sh PACKAGE... - install the Debian packages that are missing.
# As root it installs them with apt-get; otherwise it names them and fails.
set -eu
# installed PACKAGE: installed, or provided by an installed package (a
# virtual one: NodeSource's nodejs provides npm, which Debian's npm would
# conflict with)
installed()
{
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" && return 0
	dpkg-query -W -f='${Status}\t${Provides}\n' 2>/dev/null | grep "^install ok installed" |
		cut -f2 | tr ',' '\n' | sed 's/ *(.*//; s/^ *//' | grep -qx "$1"
}
missing=""
for p in "$@"; do
	if ! installed "$p"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
