# test_generate.sh - generate persons: deterministic synthetic data in the
# interchange format, and the 20,000-person export/import round trip.

GEN_HEADER=ref,family_name,given_name,patronymic,sex,birth_date,birth_place,citizenship,category,branch,unit,rank,service_number,status,held_by,captured_on,capture_place,region,tags,notes,health,next_of_kin

# csv_records FILE: the number of data records (not lines) of a CSV file.
csv_records()
{
	python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    print(sum(1 for _ in csv.reader(f)) - 1)' "$1"
}

t_generate_deterministic()
{
	hw generate persons 300 --seed 7
	expect_status 0
	expect_stderr_empty
	cp "$RUN_OUT" a.csv
	hw generate persons 300 --seed 7
	expect_file_equals "$RUN_OUT" a.csv
	hw generate persons 300 --seed 8
	expect_status 0
	if cmp -s "$RUN_OUT" a.csv; then
		fail "seeds 7 and 8 give the same persons"
	fi
	# the first persons do not depend on how many are asked for
	hw generate persons 100 --seed 7
	head -n 20 a.csv >a20
	head -n 20 "$RUN_OUT" >b20
	expect_file_equals b20 a20
	# no --seed is seed 1
	hw generate persons 50
	cp "$RUN_OUT" d.csv
	hw generate persons 50 --seed 1
	expect_file_equals "$RUN_OUT" d.csv
}

t_generate_format()
{
	hw generate persons 300 --seed 3
	expect_status 0
	cp "$RUN_OUT" g.csv
	expect_equal "$(head -n 1 g.csv)" "$GEN_HEADER" "the header row"
	expect_equal "$(csv_records g.csv)" 300 "data records"
	# every record has every column, valid UTF-8, LF line ends
	python3 - g.csv <<'EOF' || fail "generated records are malformed"
import csv, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")
assert b"\r\n" not in raw, "CRLF line ends"
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
for i, r in enumerate(rows):
    assert len(r) == len(rows[0]), "record %d has %d fields" % (i, len(r))
body = rows[1:]
assert all(r[1] and r[2] for r in body), "a name is missing"
assert len({r[0] for r in body}) == len(body), "references repeat"
assert len({(r[1], r[2], r[3]) for r in body}) > len(body) // 2, "too few distinct names"
EOF
	hw generate persons 0 --seed 3
	expect_status 0
	expect_stdout_equals "$GEN_HEADER"
	hw generate persons 25 --seed 3 --output o.csv
	expect_status 0
	expect_stdout_empty
	expect_equal "$(csv_records o.csv)" 25 "records in --output"
}

t_generate_imports()
{
	hw init
	hw generate persons 300 --seed 11 --output g.csv
	expect_status 0
	hw import persons g.csv
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "g.csv: 300 rows: 300 created, 0 updated, 0 unchanged, 0 rejected"
	hw person list --limit 0
	expect_equal "$(wc -l <"$RUN_OUT")" 300 "persons"
	hw import persons g.csv
	expect_stdout_equals "g.csv: 300 rows: 0 created, 0 updated, 300 unchanged, 0 rejected"
}

# 20,000 generated persons: import, export, import the export into a new
# database, export again.  The two exports are the same bytes, every field
# of the generated file survives, and persons show the same in both.
t_roundtrip_20000()
{
	hw init
	hw generate persons 20000 --seed 7 --output gen.csv
	expect_status 0
	hw import persons gen.csv
	expect_status 0
	expect_stderr_empty
	expect_stdout_equals "gen.csv: 20000 rows: 20000 created, 0 updated, 0 unchanged, 0 rejected"
	hw export persons --output a.csv
	expect_status 0
	expect_export_reimports a.csv 20000
	expect_equal "$(csv_records a.csv)" 20000 "records in the export"

	# the generated fields as the export writes them (ref aside, which
	# gains the public reference)
	python3 - gen.csv a.csv <<'EOF' || fail "fields of the generated persons did not survive"
import csv, sys
def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
gen, exp = rows(sys.argv[1]), rows(sys.argv[2])
assert len(gen) == len(exp), (len(gen), len(exp))
bad = 0
for g, e in zip(gen, exp):
    refs = e["ref"].split(";")
    assert refs[0].startswith("HW-"), e["ref"]
    for k in g:
        if k == "ref":
            want = sorted(x for x in g[k].split(";") if x)
            got = sorted(x for x in refs[1:])
            if want and ":" not in want[0]:
                want = ["import:" + x for x in want]
            same = want == got
        elif k == "tags":
            same = sorted(g[k].split(";")) == sorted(e[k].split(";"))
        else:
            same = g[k] == e[k]
        if not same:
            bad += 1
            if bad <= 10:
                print("%s %s: generated %r, exported %r" % (refs[0], k, g[k], e[k]))
sys.exit(1 if bad else 0)
EOF
	local r
	for r in HW-000001 HW-000002 HW-004321 HW-012345 HW-020000; do
		show_stable a.txt person show "$r"
		show_stable b.txt --db b.db person show "$r"
		expect_file_equals b.txt a.txt
		hw --db b.db person show "$r" --format json
		expect_json_field 'j["ref"]' "$r"
	done
}
