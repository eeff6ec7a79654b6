// bundle: gzip size of the JavaScript the room page loads, against a blank Vite page that
// imports the same runtime dependencies.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './lib.mjs';

/** Gzip bytes of every script and module preload `index.html` in `dist` loads. */
function pageJavaScript(dist) {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
  return files.reduce((sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length, 0);
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
createRoot(document.getElementById('root')).render(createElement('div'));
window.deps = [createStore, useStore, io, Peer];
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
  const ours = pageJavaScript(join(web, 'dist'));
  rmSync(floorDir, { recursive: true, force: true });
  return [
    {
      name: 'room page JavaScript (gzip)',
      value: ours / 1024,
      baseline: floor / 1024,
      unit: 'KB',
      target: '<= floor + 25 KB',
      met: ours - floor <= 25 * 1024,
    },
  ];
}
