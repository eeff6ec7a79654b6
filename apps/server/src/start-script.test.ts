import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * A copy of the repository's `start` script and scripts/start.mjs around finished build
 * outputs, so nothing is built: the "server" is a stand-in that, like main.ts, closes its
 * port and exits 0 on SIGTERM, and says when it has.
 */
function fixture() {
  const root = mkdtempSync(join(tmpdir(), 'moim-start-'));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const { scripts } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  write(
    'package.json',
    JSON.stringify({
      name: 'start-fixture',
      private: true,
      type: 'module',
      scripts: { start: scripts.start },
    }),
  );
  mkdirSync(join(root, 'scripts'));
  copyFileSync(join(repo, 'scripts/start.mjs'), join(root, 'scripts/start.mjs'));
  write('packages/protocol/dist/index.js', '');
  write('apps/web/dist/index.html', '');
  write(
    'apps/server/dist/main.js',
    `import { createServer } from 'node:http';
const server = createServer((req, res) => res.end('ok'));
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening ' + process.pid + ' ' + server.address().port));
process.on('SIGTERM', () => server.close(() => { console.log('closed'); process.exit(0); }));
`,
  );
  return root;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

let root: string | undefined;
let serverPid: number | undefined;
let launcher: ChildProcess | undefined;

afterEach(() => {
  // Only the processes this test started, by their ids.
  if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
  if (launcher?.exitCode === null && launcher.signalCode === null) launcher.kill('SIGKILL');
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('pnpm start', () => {
  it('stops the server gracefully when its own process gets SIGTERM, and exits as the server did', async () => {
    root = fixture();
    launcher = spawn('pnpm', ['start'], { cwd: root, env: { ...process.env, PORT: '0' } });
    let output = '';
    launcher.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      launcher?.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const listening = () => /listening (\d+) (\d+)/.exec(output);
    await expect.poll(listening, { timeout: 30_000 }).toBeTruthy();
    serverPid = Number(listening()?.[1]);
    const port = Number(listening()?.[2]);
    expect(await portOpen(port)).toBe(true);

    // What a supervisor does: signal the one pid it started.
    launcher.kill('SIGTERM');

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(output).toContain('closed');
    expect(alive(serverPid)).toBe(false);
    expect(await portOpen(port)).toBe(false);
  }, 60_000);
});
