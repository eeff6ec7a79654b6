// bundle: gzip size of the JavaScript each page of the app loads, against a blank Vite page
// that imports the same runtime dependencies in one script.
//
// What a page "loads", read from the build's manifest (the app is built here with
// `vite build --manifest`, the same build as `pnpm build` plus that file):
// - home (`/`): index.html's script with everything it imports statically, and the home
//   page's part of the largest language catalogue (src/locales/<language>.json?part=home:
//   the page loads its words before it renders; src/locales/parts.ts);
// - room (`/r/:id`): index.html's script and its imports, plus the room route's chunk
//   (src/ui/RoomPage.tsx, imported lazily by App.tsx) with everything it imports statically,
//   and the room's part of the largest catalogue: what the room needs before a call is
//   usable, the lobby and the call screen included;
// - on demand: every other chunk imported lazily (a feature loaded on first use, such as
//   files or the safety code's hash), with what it imports that the room page has not
//   loaded yet, and each feature's words (the largest language). Listed one by one, and
//   not part of the room page's figure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { root } from './lib.mjs';

const gzipBytes = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
/** The room route's module, as App.tsx imports it. */
const ROOM_ROUTE = 'src/ui/RoomPage.tsx';
/** A catalogue in the manifest: `src/locales/ko.json` (the room's part) or `…ko.json?part=home`. */
const CATALOGUE = /^src\/locales\/[a-z]{2}(?:-[A-Z]{2})?\.json(?:\?part=(\w+))?$/;

function viteBuild(args, cwd) {
  const vite = join(root, 'apps/web/node_modules/.bin/vite');
  const built = spawnSync(vite, ['build', ...args, '--emptyOutDir', '--logLevel', 'silent'], {
    cwd,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error(`vite build ${args.join(' ')} failed`);
}

/** The chunk `key` of the manifest and every chunk it imports statically, as file names. */
function withImports(manifest, key, into = new Set()) {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const imported of chunk.imports ?? []) withImports(manifest, imported, into);
  return into;
}

/** What the built app's pages load (see the top of this file), in gzip bytes. */
function appJavaScript(dist) {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));
  const size = (files) => [...files].reduce((sum, file) => sum + gzipBytes(join(dist, file)), 0);
  const keys = Object.keys(manifest);
  /** Gzip bytes of the largest language's part `part` of the catalogue. */
  const words = (part) =>
    Math.max(
      0,
      ...keys
        .filter((key) => (CATALOGUE.exec(key)?.[1] ?? (CATALOGUE.test(key) ? 'room' : null)) === part)
        .map((key) => gzipBytes(join(dist, manifest[key].file))),
    );
  const parts = new Set(keys.map((key) => CATALOGUE.exec(key)?.[1]).filter(Boolean));
  const entry = keys.find((key) => manifest[key].isEntry);
  if (!entry || !manifest[ROOM_ROUTE]) throw new Error(`no entry or no ${ROOM_ROUTE} chunk in the manifest`);
  const home = withImports(manifest, entry);
  const room = withImports(manifest, ROOM_ROUTE, new Set(home));
  const onDemand = [
    ...keys
      .filter((key) => manifest[key].isDynamicEntry && key !== ROOM_ROUTE && !CATALOGUE.test(key))
      .map((key) => ({
        name: manifest[key].name,
        bytes: size([...withImports(manifest, key)].filter((file) => !room.has(file))),
      })),
    ...[...parts]
      .filter((part) => part !== 'home')
      .map((part) => ({ name: `words, ${part}`, bytes: words(part) })),
  ];
  return {
    home: size(home) + words('home'),
    room: size(room) + words('room'),
    catalogue: words('room'),
    onDemand,
  };
}

/** A blank page importing the app's runtime dependencies, each used once (none dropped as unused). */
function floorJavaScript() {
  const floorDir = join(root, 'apps/web/.bench-floor');
  rmSync(floorDir, { recursive: true, force: true });
  mkdirSync(floorDir, { recursive: true });
  writeFileSync(
    join(floorDir, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="./main.js"></script></body></html>',
  );
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
  const dist = join(floorDir, 'dist');
  viteBuild([floorDir, '--outDir', dist], join(root, 'apps/web'));
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
  const bytes = files.reduce((sum, file) => sum + gzipBytes(join(dist, file)), 0);
  rmSync(floorDir, { recursive: true, force: true });
  return bytes;
}

export async function bundle() {
  const web = join(root, 'apps/web');
  const appDir = join(web, '.bench-app');
  viteBuild(['--manifest', '--outDir', appDir], web);
  const app = appJavaScript(appDir);
  rmSync(appDir, { recursive: true, force: true });
  const floor = floorJavaScript();
  const kb = (bytes) => bytes / 1024;
  return [
    {
      name: 'room page JavaScript (gzip)',
      value: kb(app.room),
      baseline: kb(floor),
      unit: 'KB',
      target: '<= floor + 25 KB',
      note: `language catalogue ${kb(app.catalogue).toFixed(2)} KB of it`,
      met: app.room - floor <= 25 * 1024,
    },
    {
      name: 'home page JavaScript (gzip), vs the room page',
      value: kb(app.home),
      baseline: kb(app.room),
      unit: 'KB',
      target: '< room page',
      met: app.home < app.room,
    },
    ...app.onDemand.map(({ name, bytes }) => ({
      name: `on demand: ${name} (gzip)`,
      value: kb(bytes),
      baseline: null,
      unit: 'KB',
    })),
  ];
}
