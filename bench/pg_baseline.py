#!/usr/bin/env python3
"""pg_baseline.py - a PostgreSQL 15 + pg_trgm baseline for `homeward match`.

    pg_baseline.py load  --host SOCKDIR [--port P] [--user U] [--dbname D] REGISTRY.csv
    pg_baseline.py match --host SOCKDIR [--port P] [--user U] [--dbname D] LIST.csv \\
        --output RESULT.csv

`load` transliterates the registry's names to plain lower-case Latin,
COPYs them into a table `persons`, and builds GIN trigram indexes
(gin_trgm_ops) on the full name and on the family name.  `match` looks every
line of an exchange list up by trigram similarity, checks the birth date and
decides match / review / none, writing the CSV that bench/match_eval.py reads
(line,decision,ref,score,candidates).  Both print their timings on stdout as
`key value` lines for bench/match_pg.sh.  Design and figures: bench/PG.md.

Needs psycopg2 (Debian package python3-psycopg2).
"""

import argparse
import csv
import functools
import os
import re
import statistics
import sys
import tempfile
import time
import unicodedata

import psycopg2

# ---------------------------------------------------------------------------
# Transliteration: Cyrillic (Ukrainian and Russian) -> plain lower-case Latin.
# The Ukrainian 2010 table (KMU resolution No. 55) without its word-initial
# forms, used for Russian too; the Russian-only letters as ё e, ы y, э e, ъ -.
# Then a few foldings, applied to every name whatever its script, so that the
# usual Latin spellings of one name meet: g=h, y=j=i, w=v, x=ks, tz=ts, c=ts
# (not before h), doubled letters single.  Apostrophes and soft signs go.
# ---------------------------------------------------------------------------
CYR = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "ё": "e", "ы": "y", "э": "e", "ъ": "",
    # diacritic Latin (scholarly transliteration) and apostrophes
    "š": "sh", "č": "ch", "ž": "zh", "è": "e", "ë": "e",
    "'": "", "’": "", "ʼ": "", "`": "", "´": "", "ʹ": "", "‘": "",
}
TABLE = str.maketrans(CYR)
FOLDS = [(re.compile(a), b) for a, b in (
    (r"[^a-z ]+", " "),          # what is left that is not a Latin letter
    (r"c(?!h)", "ts"), (r"tz", "ts"), (r"x", "ks"), (r"w", "v"),
    (r"g", "h"), (r"[yj]", "i"),
    (r"([a-z])\1+", r"\1"),      # doubled letters (and the fold's own: ii)
    (r" +", " "),
)]


@functools.lru_cache(maxsize=1 << 18)
def tr(text):
    """A name (any script) in the baseline's plain Latin."""
    s = unicodedata.normalize("NFC", text.lower()).translate(TABLE)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    for rx, rep in FOLDS:
        s = rx.sub(rep, s)
    return s.strip()


# ---------------------------------------------------------------------------
# Birth dates.  A date is (year, month, day) with month and day None when not
# known.  The list writes YYYY-MM-DD, DD.MM.YYYY, MM.YYYY, YYYY, sometimes
# month-first MM.DD.YYYY (recognised when the middle number is over 12).
# ---------------------------------------------------------------------------
def parse_date(s):
    s = (s or "").strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", s)
    if m:
        y, mo, d = m.groups()
        return int(y), int(mo) if mo else None, int(d) if d else None
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if b > 12 and a <= 12:      # month-first
            a, b = b, a
        return y, b, a
    m = re.fullmatch(r"(\d{1,2})\.(\d{4})", s)
    if m:
        return int(m.group(2)), int(m.group(1)), None
    return None


# Date weights, added to the trigram similarity (0..1).
DATE_EXACT_DAY = 0.30      # same day, month and year
DATE_EXACT_MONTH = 0.20    # both know the month at most: same month and year
DATE_YEAR = 0.10           # one side knows only the year, and it agrees
DATE_SLIP = 0.05           # one digit off, day and month swapped, year off by one
DATE_CONFLICT = -0.40      # anything else


def date_score(a, b):
    """Agreement of the list's date `a` with the registry's `b`."""
    if a is None or b is None:
        return 0.0
    ya, ma, da = a
    yb, mb, db = b
    if ma is None or mb is None:
        if ya == yb:
            return DATE_YEAR
        return DATE_SLIP if abs(ya - yb) == 1 or _one_digit(ya, yb) else DATE_CONFLICT
    if da is None or db is None:
        if (ya, ma) == (yb, mb):
            return DATE_EXACT_MONTH
        if ya == yb:
            return DATE_SLIP if _one_digit(ma, mb) else DATE_YEAR / 2
        return DATE_SLIP if ma == mb and (abs(ya - yb) == 1 or _one_digit(ya, yb)) else DATE_CONFLICT
    if a == b:
        return DATE_EXACT_DAY
    if ya == yb:
        if (ma, da) == (db, mb) or (ma == mb and _one_digit(da, db)) or \
                (da == db and _one_digit(ma, mb)):
            return DATE_SLIP
        return DATE_YEAR / 2 if ma == mb else 0.0
    if (ma, da) == (mb, db) and (abs(ya - yb) == 1 or _one_digit(ya, yb)):
        return DATE_SLIP
    return DATE_CONFLICT


def _one_digit(x, y):
    sx, sy = "%04d" % x, "%04d" % y
    return sum(p != q for p, q in zip(sx, sy)) == 1


# ---------------------------------------------------------------------------
# Decision rule, chosen on registry seed 2 (1,000,000 persons), list seed 2
# (bench/PG.md): the best recall + found - review load with precision >= 0.995.
# ---------------------------------------------------------------------------
THRESHOLD = 0.45           # pg_trgm.similarity_threshold for full names
FAMILY_THRESHOLD = 0.40    # for the family name alone (lines with initials)
LIMIT = 100                # candidates fetched per line, by similarity
MATCH_SCORE = 0.85         # combined score (similarity + date) to match ...
MATCH_MARGIN = 0.20        # ... with this lead over the second candidate
REVIEW_SCORE = 0.70        # below this: none
INITIALS_WEIGHT = 0.7      # similarity of the family name alone, scaled
REVIEW_CANDIDATES = 5

# Three words or more: against family + given + patronymic; two words (the
# patronymic left out, or the person has none): against family + given, so
# that a dropped patronymic costs nothing.
# The birth date takes part in the ranking already, so that the LIMIT does
# not cut off the right person among many namesakes (a common name has
# hundreds of near-equal candidates in a million): exact agreement at the
# list's precision first, then the year.  Slips are scored afterwards.
DATE_RANK = """CASE WHEN birth_date = %(iso)s THEN 0.3 WHEN left(birth_date, 7) = %(ym)s THEN 0.2
  WHEN left(birth_date, 4) = %(year)s THEN 0.1 ELSE 0 END"""

SQL_FULL = """
SELECT ref, birth_date, similarity(full_tr, %(q)s) AS sim
FROM persons WHERE full_tr %% %(q)s
ORDER BY similarity(full_tr, %(q)s) + """ + DATE_RANK + """ DESC LIMIT %(limit)s"""

SQL_FG = """
SELECT ref, birth_date, similarity(fg_tr, %(q)s) AS sim
FROM persons WHERE fg_tr %% %(q)s
ORDER BY similarity(fg_tr, %(q)s) + """ + DATE_RANK + """ DESC LIMIT %(limit)s"""

SQL_INITIALS = """
SELECT ref, birth_date, similarity(family_tr, %(q)s) AS sim
FROM persons WHERE family_tr %% %(q)s AND given_tr LIKE ANY(%(given)s)
  AND (%(patr)s::text[] IS NULL OR patronymic_tr = '' OR patronymic_tr LIKE ANY(%(patr)s))
ORDER BY similarity(family_tr, %(q)s) + """ + DATE_RANK + """ DESC LIMIT %(limit)s"""


def date_params(d):
    """The list's date as the registry writes it, for DATE_RANK."""
    if d is None:
        return {"iso": None, "ym": None, "year": None}
    y, m, dd = d
    return {"iso": "%04d-%02d-%02d" % (y, m, dd) if dd else ("%04d-%02d" % (y, m) if m else "%04d" % y),
            "ym": "%04d-%02d" % (y, m) if m else None, "year": "%04d" % y}

INITIAL_RE = re.compile(r"^[^\W\d_]{1,2}\.$")


def split_name(full):
    """(words, initials) of a list's full name: words are written out,
    initials are `O.` or `Yu.` (also run together: `O.P.`)."""
    words, initials = [], []
    for tok in re.split(r"[\s,]+", full.replace(".", ". ")):
        if not tok:
            continue
        if INITIAL_RE.match(tok):
            initials.append(tok[:-1])
        elif tr(tok):
            words.append(tok)
    return words, initials


def initial_patterns(ini):
    """LIKE patterns for a given name or patronymic with this initial.  The
    first letter of the Ukrainian and Russian forms differ for a few names
    (Олександр, Александр; Євген, Евгений): o~a, ie~e."""
    t = tr(ini)
    alts = {t}
    if t[:1] in ("o", "a"):
        alts.add(("a" if t[0] == "o" else "o") + t[1:])
    if t.startswith("ie"):
        alts.add("e" + t[2:])
    elif t.startswith("e"):
        alts.add("ie" + t[1:])
    return sorted(a.replace("%", "") + "%" for a in alts if a)


def decide(scored):
    """scored: [(combined, ref)] best first -> decision, ref, score, candidates."""
    if not scored or scored[0][0] < REVIEW_SCORE:
        return "none", "", scored[0][0] if scored else 0.0, []
    best = scored[0][0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best >= MATCH_SCORE and best - second >= MATCH_MARGIN:
        return "match", scored[0][1], best, []
    cands = [ref for s, ref in scored[:REVIEW_CANDIDATES] if s >= REVIEW_SCORE]
    return "review", "", best, cands


def connect(a):
    return psycopg2.connect(host=a.host, port=a.port, user=a.user, dbname=a.dbname)


def cmd_load(a):
    t0 = time.monotonic()
    n = 0
    tmp = tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".tsv",
                                      dir=a.tmpdir, delete=False)
    esc = str.maketrans({"\\": "\\\\", "\t": " ", "\n": " ", "\r": " "})
    with open(a.registry, newline="", encoding="utf-8-sig") as f, tmp:
        for row in csv.DictReader(f):
            ref = (row.get("ref") or "").split(";")[0].strip()
            fam, giv = row.get("family_name") or "", row.get("given_name") or ""
            pat = row.get("patronymic") or ""
            if not ref or not fam:
                continue
            ft, gt, pt = tr(fam), tr(giv), tr(pat)
            full = " ".join(x for x in (ft, gt, pt) if x)
            fg = " ".join(x for x in (ft, gt) if x)
            tmp.write("\t".join(x.translate(esc) for x in (
                ref, fam, giv, pat, full, fg, ft, gt, pt, row.get("birth_date") or "")) + "\n")
            n += 1
    t1 = time.monotonic()
    conn = connect(a)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    cur.execute("DROP TABLE IF EXISTS persons")
    cur.execute("""CREATE TABLE persons (ref text PRIMARY KEY, family text, given text,
        patronymic text, full_tr text, fg_tr text, family_tr text, given_tr text, patronymic_tr text,
        birth_date text)""")
    with open(tmp.name, encoding="utf-8") as f:
        cur.copy_expert("COPY persons FROM STDIN", f, size=1 << 20)
    os.unlink(tmp.name)
    cur.execute("ANALYZE persons")
    t2 = time.monotonic()
    cur.execute("CREATE INDEX persons_full_trgm ON persons USING gin (full_tr gin_trgm_ops)")
    cur.execute("CREATE INDEX persons_fg_trgm ON persons USING gin (fg_tr gin_trgm_ops)")
    t3 = time.monotonic()
    cur.execute("CREATE INDEX persons_family_trgm ON persons USING gin (family_tr gin_trgm_ops)")
    t4 = time.monotonic()
    cur.execute("VACUUM ANALYZE persons")
    cur.execute("SELECT pg_total_relation_size('persons'), pg_relation_size('persons'),"
                " pg_relation_size('persons_full_trgm') + pg_relation_size('persons_fg_trgm'), pg_relation_size('persons_family_trgm')")
    total, heap, ix_full, ix_fam = cur.fetchone()
    t5 = time.monotonic()
    conn.close()
    print("persons", n)
    print("translit_s %.2f" % (t1 - t0))
    print("copy_s %.2f" % (t2 - t1))
    print("index_names_s %.2f" % (t3 - t2))
    print("index_family_s %.2f" % (t4 - t3))
    print("vacuum_s %.2f" % (t5 - t4))
    print("size_total_mib %.1f" % (total / 1048576))
    print("size_heap_mib %.1f" % (heap / 1048576))
    print("size_gin_names_mib %.1f" % (ix_full / 1048576))
    print("size_gin_family_mib %.1f" % (ix_fam / 1048576))
    return 0


def match_line(cur, full, bdate):
    """[(combined score, ref)] best first, and the number of queries run."""
    words, initials = split_name(full)
    ldate = parse_date(bdate)
    if initials and words:
        # `Коваленко О.П.`, `O. Kovalenko`: the family name by trigrams, the
        # initials must agree with the given name and patronymic.
        q = tr(" ".join(words))
        cur.execute("SET pg_trgm.similarity_threshold = %s", (FAMILY_THRESHOLD,))
        cur.execute(SQL_INITIALS, dict(date_params(ldate), q=q,
                    given=initial_patterns(initials[0]),
                    patr=initial_patterns(initials[1]) if len(initials) > 1 else None,
                    limit=LIMIT))
        rows = cur.fetchall()
        cur.execute("SET pg_trgm.similarity_threshold = %s", (THRESHOLD,))
        weight = INITIALS_WEIGHT
    else:
        q = tr(" ".join(words + initials))
        if not q:
            return []
        cur.execute(SQL_FULL if len(q.split()) >= 3 else SQL_FG,
                    dict(date_params(ldate), q=q, limit=LIMIT))
        rows = cur.fetchall()
        weight = 1.0
    scored = [(sim * weight + date_score(ldate, parse_date(bd)), ref) for ref, bd, sim in rows]
    scored.sort(key=lambda x: (-x[0], x[1]))
    return scored


def cmd_match(a):
    conn = connect(a)
    cur = conn.cursor()
    cur.execute("SET pg_trgm.similarity_threshold = %s", (THRESHOLD,))
    conn.commit()
    with open(a.list, newline="", encoding="utf-8-sig") as f:
        lines = list(csv.DictReader(f))
    times, out = [], []
    t0 = time.monotonic()
    for row in lines:
        full = row.get("full_name") or " ".join(
            row.get(k) or "" for k in ("family_name", "given_name", "patronymic"))
        q0 = time.monotonic()
        scored = match_line(cur, full, row.get("birth_date"))
        times.append(time.monotonic() - q0)
        decision, ref, score, cands = decide(scored)
        out.append((row.get("line", ""), decision, ref, "%.3f" % score, ";".join(cands)))
    elapsed = time.monotonic() - t0
    conn.rollback()
    conn.close()
    with open(a.output, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("line", "decision", "ref", "score", "candidates"))
        w.writerows(out)
    times.sort()
    print("lines", len(lines))
    print("match_s %.2f" % elapsed)
    print("query_median_ms %.2f" % (statistics.median(times) * 1e3 if times else 0))
    print("query_p95_ms %.2f" % (times[min(len(times) - 1, int(0.95 * len(times)))] * 1e3
                                 if times else 0))
    print("query_max_ms %.2f" % (times[-1] * 1e3 if times else 0))
    return 0


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    for name in ("load", "match"):
        s = sub.add_parser(name)
        s.add_argument("--host", required=True, help="socket directory or host")
        s.add_argument("--port", type=int, default=5432)
        s.add_argument("--user", default="postgres")
        s.add_argument("--dbname", default="postgres")
        if name == "load":
            s.add_argument("registry")
            s.add_argument("--tmpdir", default=None, help="where the TSV for COPY goes")
        else:
            s.add_argument("list")
            s.add_argument("--output", required=True)
    a = p.parse_args(argv[1:])
    return cmd_load(a) if a.cmd == "load" else cmd_match(a)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
