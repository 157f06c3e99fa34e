// i18n.test.mjs - the two catalogues of the interface agree: the same
// keys, the same placeholders, the plural forms each language needs, and
// every key the code uses is there.  Also the vocabularies read from the C
// headers (build.mjs) are complete.  Run: node --test test/*.test.mjs
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { vocabulary } from '../build.mjs';
import en from '../src/i18n/en.js';
import uk from '../src/i18n/uk.js';

const src = fileURLToPath(new URL('../src', import.meta.url));
const plural = { en: ['one', 'other'], uk: ['one', 'few', 'many', 'other'] };

// permission names ('person.write') look like keys but are not
const permission = /^(person|event|report|name|list|exchange|health|user|settings|audit)\.(read|write|search|match|verify|admin|read_health)$/;
const placeholders = (v) => [...new Set((typeof v === 'object' ? Object.values(v).join(' ') : v).match(/\{\w+\}/g) || [])].sort();

function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.js') ? [p] : [];
  });
}

test('the catalogues have the same keys', () => {
  const onlyEn = Object.keys(en).filter((k) => !(k in uk));
  const onlyUk = Object.keys(uk).filter((k) => !(k in en));
  assert.deepEqual(onlyEn, [], `keys only in en.js: ${onlyEn.join(', ')}`);
  assert.deepEqual(onlyUk, [], `keys only in uk.js: ${onlyUk.join(', ')}`);
});

test('every string is translated, with the same placeholders', () => {
  for (const [lang, cat] of Object.entries({ en, uk })) {
    for (const [key, value] of Object.entries(cat)) {
      if (typeof value === 'object') {
        assert.deepEqual(Object.keys(value).sort(), [...plural[lang]].sort(), `${lang} ${key}: plural forms`);
        for (const form of Object.values(value)) assert.ok(form.trim(), `${lang} ${key}: an empty form`);
      } else {
        assert.equal(typeof value, 'string', `${lang} ${key}`);
        assert.ok(value.trim(), `${lang} ${key} is empty`);
      }
    }
  }
  for (const key of Object.keys(en)) {
    assert.deepEqual(placeholders(uk[key]), placeholders(en[key]), `placeholders of ${key}`);
    assert.equal(typeof uk[key], typeof en[key], `${key}: plural in one language only`);
  }
});

test('the Ukrainian catalogue is in Ukrainian', () => {
  // a string without a Cyrillic letter is allowed only when it is a name
  const latinOk = new Set(['lang.en']);
  for (const [key, value] of Object.entries(uk)) {
    const text = typeof value === 'object' ? Object.values(value).join(' ') : value;
    // codes and formats (EX-000052/2, CSV) read the same in both
    if (latinOk.has(key) || /[а-яіїєґ]/i.test(text) || /^[A-Z0-9 /.№-]+$/.test(text)) continue;
    assert.fail(`uk.js ${key} has no Ukrainian: '${text}'`);
  }
});

test('every key the code uses is in the catalogues', () => {
  const used = new Set();
  const dynamic = {
    'field.': ['family_name', 'given_name', 'patronymic', 'sex', 'birth_date', 'birth_place', 'citizenship',
      'category', 'branch', 'rank', 'unit', 'service_number', 'held_by', 'captured_on', 'capture_place',
      'region', 'status', 'tags', 'notes', 'health', 'next_of_kin'],
    'role.': ['admin', 'coordinator', 'registrar', 'verifier', 'medical', 'analyst'],
    'lang.': ['uk', 'en'],
    'search.decision.': ['match', 'review', 'none'],
    'search.filter.': ['status', 'category', 'branch', 'region', 'tag'],
  };
  for (const file of sources(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([\w.]+)'/g)) used.add(m[1]);
    // keys passed on as strings: figure('dash.inCaptivity', ...), row('field.sex', ...)
    for (const m of text.matchAll(/(?<!h\()'((?:dash|person|field|search|event|edit|conflict|nav|xchg|report|admin|verify)\.[\w.]+)'/g)) {
      if (!permission.test(m[1])) used.add(m[1]);
    }
  }
  for (const [prefix, names] of Object.entries(dynamic)) for (const n of names) used.add(prefix + n);
  const missing = [...used].filter((k) => !(k in en) || !(k in uk));
  assert.deepEqual(missing, [], `keys used but not in the catalogues: ${missing.join(', ')}`);
});

test('the vocabularies of the C headers are complete in both languages', async () => {
  const v = await vocabulary();
  for (const [name, codes] of Object.entries(v.codes)) {
    assert.ok(codes.length > 0, `vocabulary ${name} is empty`);
    for (const c of codes) {
      assert.ok(v.en[`v.${name}.${c}`], `en v.${name}.${c}`);
      assert.ok(v.uk[`v.${name}.${c}`], `uk v.${name}.${c}`);
    }
  }
  assert.ok(v.codes.status.includes('captive'));
  assert.ok(v.codes.event.includes('status_corrected'));
  assert.equal(v.uk['v.status.captive'], 'у полоні');
});
