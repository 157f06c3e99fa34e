// build.mjs - builds the web interface into dist/ (docs/web.md).
//
//   node build.mjs            dist/index.html and dist/assets/*-HASH.{js,css}
//
// esbuild bundles src/main.js (ES modules) and src/style.css, each named by
// its content hash so the server may cache them for a year; index.html is
// written from src/index.html with those names and is never cached.  The
// labels of the controlled vocabularies (status, branch, region, event
// types...) are not copied by hand: they are read from the X-macro tables
// of include/homeward/*.h, which hold the code, the English and the
// Ukrainian label of each, and served to the code as the module
// "virtual:vocab".
import * as esbuild from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const include = join(here, '..', 'include', 'homeward');
const dist = join(here, 'dist');

// The X-macro tables the interface labels, by header.
const tables = {
  'vocab.h': ['SEX', 'CATEGORY', 'CUSTODY', 'BRANCH_GROUP', 'BRANCH', 'REGION', 'STATUS',
    'RANK_CLASS', 'RANK', 'SCRIPT', 'NAME_KIND', 'SOURCE_KIND', 'RELIABILITY', 'HEALTH'],
  'event.h': ['EVENT'],
  'exchange.h': ['XSTATE', 'VERIFY', 'DIRECTION', 'PRIORITY'],
};

/** Reads the tables of one header: { STATUS: [[code, en, uk], ...], ... }. */
export function parseTables(text, names) {
  const out = {};
  for (const name of names) {
    const start = text.indexOf(`#define HW_${name}_MAP(X)`);
    if (start < 0) throw new Error(`HW_${name}_MAP not found`);
    const lines = [];
    for (const line of text.slice(start).split('\n').slice(1)) {
      lines.push(line);
      if (!line.trimEnd().endsWith('\\')) break;
    }
    const rows = [...lines.join('\n').matchAll(/X\(\w+,\s*"([^"]*)",\s*"([^"]*)",\s*"([^"]*)"/g)];
    out[name] = rows.map((m) => [m[1], m[2], m[3]]).filter((r) => r[0] !== '');
  }
  return out;
}

/** The catalogue entries of the vocabularies: { en: {key: label}, uk: {...}, codes }. */
export async function vocabulary() {
  const en = {};
  const uk = {};
  const codes = {};
  for (const [header, names] of Object.entries(tables)) {
    const parsed = parseTables(await readFile(join(include, header), 'utf8'), names);
    for (const [name, rows] of Object.entries(parsed)) {
      const vocab = name.toLowerCase();
      codes[vocab] = rows.map((r) => r[0]);
      for (const [code, labelEn, labelUk] of rows) {
        en[`v.${vocab}.${code}`] = labelEn;
        uk[`v.${vocab}.${code}`] = labelUk;
      }
    }
  }
  return { en, uk, codes };
}

const vocabPlugin = {
  name: 'vocab',
  setup(build) {
    build.onResolve({ filter: /^virtual:vocab$/ }, () => ({ path: 'vocab', namespace: 'vocab' }));
    build.onLoad({ filter: /.*/, namespace: 'vocab' }, async () => ({
      contents: `export default ${JSON.stringify(await vocabulary())};`,
      loader: 'js',
    }));
  },
};

async function main() {
  await rm(dist, { recursive: true, force: true });
  await mkdir(join(dist, 'assets'), { recursive: true });
  const result = await esbuild.build({
    entryPoints: { app: join(here, 'src', 'main.js'), style: join(here, 'src', 'style.css') },
    bundle: true,
    format: 'esm',
    target: ['chrome115', 'firefox115'],
    minify: true,
    outdir: join(dist, 'assets'),
    entryNames: '[name]-[hash]',
    assetNames: '[name]-[hash]',
    metafile: true,
    legalComments: 'linked',
    plugins: [vocabPlugin],
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const find = (entry, ext) => {
    const hit = outputs.find(([file, o]) => o.entryPoint && o.entryPoint.endsWith(entry) && file.endsWith(ext));
    if (!hit) throw new Error(`no output for ${entry}`);
    return relative(dist, join(process.cwd(), hit[0]));
  };
  const script = find('main.js', '.js');
  const style = find('style.css', '.css');
  const page = (await readFile(join(here, 'src', 'index.html'), 'utf8'))
    .replace('{{script}}', script)
    .replace('{{style}}', style);
  await writeFile(join(dist, 'index.html'), page);
  console.log(`web: built ${script}, ${style} and index.html in ${relative(process.cwd(), dist) || '.'}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`web: build failed: ${e.message}`);
    process.exit(1);
  });
}
