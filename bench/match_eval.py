#!/usr/bin/env python3
"""Score `homeward match` output against a truth file from listgen.py.

usage: match_eval.py TRUTH.csv RESULT.csv [--errors N]

RESULT.csv is `homeward match --format csv` output (line,decision,ref,
score,candidates).  Prints the issue's figures:
  precision of automatic matches, recall of automatic matches (over lines
  whose person is in the registry), the share of those found (matched, or
  among the top 5 review candidates), the review load (share of all lines
  sent to review), and how absent people were decided.
With --errors N, also prints up to N wrong matches and misses per kind.
"""
import csv
import sys


def load(path, key):
    with open(path, newline='', encoding='utf-8') as f:
        return {row[key]: row for row in csv.DictReader(f)}


def main(argv):
    show = 0
    if '--errors' in argv:
        i = argv.index('--errors')
        show = int(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    truth, result = load(argv[1], 'line'), load(argv[2], 'line')
    matched = correct = present = found = review = absent = absent_none = 0
    wrong, missed = [], []
    for line, t in truth.items():
        r = result.get(line)
        if r is None:
            print(f'line {line}: no result', file=sys.stderr)
            return 1
        ref = t['ref']
        cands = [c for c in r['candidates'].split(';') if c]
        if r['decision'] == 'review':
            review += 1
        if r['decision'] == 'match':
            matched += 1
            if r['ref'] == ref:
                correct += 1
            else:
                wrong.append((line, t, r))
        if ref:
            present += 1
            if (r['decision'] == 'match' and r['ref'] == ref) or \
               (r['decision'] == 'review' and ref in cands[:5]):
                found += 1
            else:
                missed.append((line, t, r))
        else:
            absent += 1
            absent_none += r['decision'] == 'none'
    n = len(truth)
    precision = correct / matched if matched else 1.0
    recall = correct / present if present else 0.0
    print(f'lines                 {n}')
    print(f'auto-matched          {matched}  ({matched / n:.3f} of lines)')
    print(f'precision             {precision:.4f}   target >= 0.995')
    print(f'recall                {recall:.4f}   target >= 0.90')
    print(f'found (match or top5) {found / present if present else 0:.4f}   target >= 0.98')
    print(f'review load           {review / n:.4f}   target <= 0.10')
    print(f'absent decided none   {absent_none}/{absent}')
    print(f'BENCH match_precision {precision:.4f}')
    print(f'BENCH match_recall {recall:.4f}')
    print(f'BENCH match_found {found / present if present else 0:.4f}')
    print(f'BENCH match_review_load {review / n:.4f}')
    for title, rows in (('wrong matches', wrong), ('missed', missed)):
        for line, t, r in rows[:show]:
            print(f'{title}: line {line}: truth {t["ref"] or "-"} ({t["kind"]}; '
                  f'{t["corruptions"]}) -> {r["decision"]} {r["ref"]} [{r["candidates"]}] '
                  f'{r["score"]}')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
