#!/bin/sh
# fuzz.sh BUILD_DIR [SECONDS] - runs every libFuzzer target of BUILD_DIR for
# SECONDS (default 60) each, on a copy of its seed corpus, so new inputs do
# not land in the repository.  Crashes are left in BUILD_DIR/fuzz-crashes/.
set -eu
build=$1
secs=${2:-60}
mkdir -p "$build/fuzz-crashes"
for exe in "$build"/tests/fuzz/fuzz_*; do
	[ -f "$exe" ] && [ -x "$exe" ] || continue
	name=$(basename "$exe" | sed 's/^fuzz_//')
	work=$(mktemp -d)
	cp tests/fuzz/corpus/"$name"/* "$work"/ 2>/dev/null || true
	echo "fuzz: $name for ${secs}s"
	"$exe" -max_total_time="$secs" -artifact_prefix="$build/fuzz-crashes/$name-" "$work"
	rm -rf "$work"
done
