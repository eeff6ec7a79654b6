// `pnpm start`: builds what is missing or out of date, then serves the app and the
// signaling on one port (PORT, default 3000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Newest modification time under `dir`, skipping build output and dependencies. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const outputs = ['packages/protocol/dist/index.js', 'apps/server/dist/main.js', 'apps/web/dist/index.html'];
const sources = ['packages/protocol', 'apps/server', 'apps/web'];
const built = outputs.every((file) => existsSync(join(root, file)));
const stale =
  built &&
  Math.max(...sources.map((dir) => newest(join(root, dir)))) >
    Math.min(...outputs.map((file) => statSync(join(root, file)).mtimeMs));

if (!built || stale) {
  console.log(built ? 'Sources changed since the last build: building…' : 'Building…');
  const result = spawnSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
