// `pnpm start`: builds what is missing or out of date, then serves the app and the
// signaling on one port (PORT, default 3000). A SIGTERM or SIGINT goes on to the server, whose
// graceful shutdown runs, and this process ends as the server did. The package.json script
// `exec`s this file so that pnpm, which signals only its own child, signals this process.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:os';
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

/** The process running now (the build, then the server): our signals go to it. */
let child = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child) child.kill(signal);
    else process.exit(128 + constants.signals[signal]);
  });
}

/** Runs a command with our signals forwarded to it; resolves with how it ended. */
function run(command, args) {
  return new Promise((resolve) => {
    child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      child = null;
      resolve({ code, signal });
    });
  });
}

/** Ends this process the way the child ended: same exit code, or killed by the same signal. */
function exitLike({ code, signal }) {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
}

if (!built || stale) {
  console.log(built ? 'Sources changed since the last build: building…' : 'Building…');
  const build = await run('pnpm', ['run', 'build']);
  if (build.code !== 0) exitLike(build);
}

exitLike(await run(process.execPath, [join(root, 'apps/server/dist/main.js')]));
