// Writes <file>.gz (gzip level 9) and <file>.br (brotli quality 11) beside every text asset of a
// Vite build, so ccrm can embed them and answer Accept-Encoding without compressing per request.
// Usage: node scripts/compress.mjs [outDir]   (default: $CCRM_WEB_OUT_DIR, else dist/)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(
  process.argv[2] ?? process.env.CCRM_WEB_OUT_DIR ?? path.join(here, '..', 'dist'),
);
const EXTENSIONS = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt', '.webmanifest']);

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

if (!statSync(outDir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`compress: ${outDir} is not a directory`);
  process.exit(1);
}

let count = 0;
let raw = 0;
let gz = 0;
let br = 0;
for (const file of walk(outDir)) {
  if (!EXTENSIONS.has(path.extname(file))) continue;
  const data = readFileSync(file);
  const gzipped = zlib.gzipSync(data, { level: 9 });
  const brotli = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(`${file}.gz`, gzipped);
  writeFileSync(`${file}.br`, brotli);
  count += 1;
  raw += data.length;
  gz += gzipped.length;
  br += brotli.length;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `compress: ${count} files in ${path.relative(process.cwd(), outDir) || '.'}: ` +
    `${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`,
);
