// reasons.test.mjs - every sentence the matcher writes to explain a
// weight or a decision (the string literals of src/match/score.c and
// find.c, and of the search filters) is recognised by the interface's
// table, and has its words in both catalogues.  So a reason added to the
// matcher fails here until it is translated.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import en from '../src/i18n/en.js';
import uk from '../src/i18n/uk.js';
import { reasonKey } from '../src/reasons_table.js';

const root = new URL('../../', import.meta.url);
const sources = ['src/match/score.c', 'src/match/find.c', 'src/server/search_filter.c'];
// literals of these files that are not explanations
const notReasons = new Set(["no family name in '%s'", 'no name given', 'name: ', 'tag: not a tag']);

function sentences(file) {
  let s = readFileSync(new URL(file, root), 'utf8');
  s = s.replace(/\/\*[\s\S]*?\*\//g, '').replace(/"\s*\n\s*"/g, '');
  return [...s.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).filter((l) => l.includes(' ') && !notReasons.has(l));
}

test('every explanation of the matcher is known, in both languages', () => {
  const unknown = [];
  let n = 0;
  for (const file of sources) {
    for (const fmt of sentences(file)) {
      n++;
      const text = fmt.replace(/%\.0f/g, '12').replace(/%\.1f/g, '3.5');
      if (fmt.includes('%s')) {
        // "one stands out (%.1f bits), but %s": its own key, and the contradiction
        assert.ok(/^one stands out/.test(fmt), `${file}: '${fmt}'`);
        continue;
      }
      const k = reasonKey(text);
      if (!k) { unknown.push(`${file}: '${fmt}'`); continue; }
      assert.ok(en[k.key] && uk[k.key], `${k.key} in both catalogues`);
    }
  }
  assert.ok(n > 40, `only ${n} sentences found: has the source moved?`);
  assert.deepEqual(unknown, [], 'explanations the interface does not know');
});

test('numbers are read out of the sentence', () => {
  assert.deepEqual(reasonKey('same family name (49 of 2490 records)'), { key: 'reason.sameFamily', params: { n: 49, total: 2490 } });
  assert.deepEqual(reasonKey('one person stands out (32.6 bits, next 0.0)'), { key: 'why.standsOut', params: { score: 32.6, next: 0 } });
  assert.equal(reasonKey('something new'), null);
});
