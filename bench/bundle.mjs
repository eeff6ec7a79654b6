// bundle: gzip size of the JavaScript the room page loads (its language catalogue included),
// against a blank Vite page that imports the same runtime dependencies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './lib.mjs';

const gzipBytes = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

/** Gzip bytes of every script and module preload `index.html` in `dist` loads. */
function pageJavaScript(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
  return files.reduce((sum, file) => sum + gzipBytes(join(dist, file)), 0);
}

/**
 * Gzip bytes of the largest language catalogue (src/locales/<language>.json, built as
 * `assets/<language>-<hash>.js`): the page loads exactly one before it renders.
 */
function catalogueJavaScript(dist) {
  const catalogues = readdirSync(join(dist, 'assets')).filter((file) =>
    /^[a-z]{2}(-[A-Z]{2})?-[\w-]{8}\.js$/.test(file),
  );
  return Math.max(0, ...catalogues.map((file) => gzipBytes(join(dist, 'assets', file))));
}

export async function bundle() {
  const web = join(root, 'apps/web');
  const floorDir = join(web, '.bench-floor');
  rmSync(floorDir, { recursive: true, force: true });
  mkdirSync(floorDir, { recursive: true });
  writeFileSync(
    join(floorDir, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
  // Each dependency used once, so that none is dropped as unused.
  writeFileSync(
    join(floorDir, 'main.js'),
    `import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { io } from 'socket.io-client';
import Peer from '@thaunknown/simple-peer';
import { i18n } from '@lingui/core';
import * as v from 'valibot';
i18n.loadAndActivate({ locale: 'en', messages: {} });
createRoot(document.getElementById('root')).render(createElement('div', null, i18n._('x')));
window.deps = [createStore, useStore, io, Peer, v.parse(v.strictObject({ a: v.pipe(v.string(), v.maxLength(2)) }), {})];
`,
  );
  const vite = join(web, 'node_modules/.bin/vite');
  const built = spawnSync(
    vite,
    ['build', floorDir, '--outDir', join(floorDir, 'dist'), '--emptyOutDir', '--logLevel', 'silent'],
    {
      cwd: web,
      stdio: 'inherit',
    },
  );
  if (built.status !== 0) throw new Error('the floor page did not build');
  const floor = pageJavaScript(join(floorDir, 'dist'));
  const catalogue = catalogueJavaScript(join(web, 'dist'));
  const ours = pageJavaScript(join(web, 'dist')) + catalogue;
  rmSync(floorDir, { recursive: true, force: true });
  return [
    {
      name: 'room page JavaScript (gzip)',
      value: ours / 1024,
      baseline: floor / 1024,
      unit: 'KB',
      target: '<= floor + 25 KB',
      note: `language catalogue ${(catalogue / 1024).toFixed(2)} KB of it`,
      met: ours - floor <= 25 * 1024,
    },
  ];
}
