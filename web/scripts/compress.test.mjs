// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'compress.mjs');
let dir;

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('compress.mjs', () => {
  it('writes .gz and .br beside text assets, and only those', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ccrm-compress-'));
    mkdirSync(path.join(dir, 'assets'));
    const js = 'export const x = "hello";\n'.repeat(50);
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), js);
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dir, 'assets', 'logo.png'), Buffer.from([137, 80, 78, 71]));

    execFileSync(process.execPath, [script, dir]);

    const gz = readFileSync(path.join(dir, 'assets', 'index-abc123.js.gz'));
    const br = readFileSync(path.join(dir, 'assets', 'index-abc123.js.br'));
    expect(zlib.gunzipSync(gz).toString()).toBe(js);
    expect(zlib.brotliDecompressSync(br).toString()).toBe(js);
    expect(existsSync(path.join(dir, 'index.html.gz'))).toBe(true);
    expect(existsSync(path.join(dir, 'index.html.br'))).toBe(true);
    expect(existsSync(path.join(dir, 'favicon.svg.br'))).toBe(true);
    expect(existsSync(path.join(dir, 'assets', 'logo.png.gz'))).toBe(false);
  });
});
