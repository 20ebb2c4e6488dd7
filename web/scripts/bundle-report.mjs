// Reports what a first visit downloads: the entry chunk (from index.html) with everything it
// imports statically, and the same for the sign-in and grid routes (entry + the route's lazy
// chunk + static imports). Sizes are of the .gz files compress.mjs wrote.
// Usage: node scripts/bundle-report.mjs [outDir]   (default: $CCRM_WEB_OUT_DIR, else dist/)
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(
  process.argv[2] ?? process.env.CCRM_WEB_OUT_DIR ?? path.join(here, '..', 'dist'),
);
const assets = path.join(outDir, 'assets');
const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');

const STATIC_IMPORT = /\bimport\s*(?:[^"'();]*?\bfrom\s*)?["'](\.\/[^"']+\.js)["']/g;

function closure(start) {
  const seen = new Set();
  const stack = [...start];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(path.join(assets, file), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) stack.push(path.basename(m[1]));
  }
  return seen;
}

const gz = (file) => {
  const p = path.join(assets, `${file}.gz`);
  return existsSync(p) ? statSync(p).size : NaN;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

const entry = [...html.matchAll(/<script[^>]+src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
const css = [...html.matchAll(/<link[^>]+href="\/assets\/([^"]+\.css)"/g)].map((m) => m[1]);
const signInChunk = readdirSync(assets).find((f) => /^sign-in-page-.*\.js$/.test(f));
const leadsChunk = readdirSync(assets).find((f) => /^leads-page-.*\.js$/.test(f));

function report(title, files) {
  const list = [...files, ...css];
  const total = list.reduce((sum, f) => sum + gz(f), 0);
  console.log(`${title}: ${kb(total)} gzip in ${list.length} files`);
  for (const f of list.sort((a, b) => gz(b) - gz(a))) console.log(`  ${kb(gz(f)).padStart(10)}  ${f}`);
  return total;
}

report('Entry (index.html + static imports)', closure(entry));
if (signInChunk) report('Sign-in route (entry + sign-in chunk + static imports)', closure([...entry, signInChunk]));
if (leadsChunk) report('Grid route /leads (entry + leads chunk + static imports)', closure([...entry, leadsChunk]));
