// The site the search query set runs on: the sample site (content/) and,
// imported beside it the way staff import a signed PDF's text, the real
// 2024 plan of the Phong Thổ district union (04/KH-LĐLĐ, 27 KB of text).
//
//     node tests/search/site.mjs OUT     builds it into OUT
//
// DANVAN_BIN names a built binary; else `cargo run` builds one.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function danvan(args, cwd = root) {
  const bin = process.env.DANVAN_BIN;
  if (bin) return execFileSync(resolve(root, bin), args, { cwd, stdio: 'pipe' });
  return execFileSync('cargo', ['run', '--quiet', '--manifest-path', join(root, 'Cargo.toml'), '--', ...args], {
    cwd,
    stdio: 'pipe',
  });
}

/** Builds the query-set site into `out`; returns `out`. */
export function buildQuerySite(out) {
  const site = mkdtempSync(join(tmpdir(), 'danvan-query-site-'));
  try {
    cpSync(join(root, 'content'), join(site, 'content'), { recursive: true });
    cpSync(join(root, 'tests/fixtures/import/ke-hoach-04-KH-LDLD-2024.txt'), join(site, 'ke-hoach.txt'));
    danvan(['import', '--site', site, join(site, 'ke-hoach.txt')]);
    rmSync(out, { recursive: true, force: true });
    danvan(['build', '--site', site, '--output', out]);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!process.argv[2]) {
    console.error('usage: node tests/search/site.mjs OUT');
    process.exit(2);
  }
  buildQuerySite(resolve(process.argv[2]));
}
