// `pnpm dev`: the signaling server (restarted on change) on SIGNALING_PORT (default 3001)
// and Vite's dev server with hot reload on PORT (default 3000), proxying /socket.io to it.
import { spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const port = process.env.PORT ?? '3000';
const signalingPort = process.env.SIGNALING_PORT ?? '3001';

const children = [
  spawn('pnpm', ['--filter', '@moim/server', 'run', 'dev'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PORT: signalingPort, HOST: '127.0.0.1', WEB_DIST: '' },
  }),
  spawn(
    'pnpm',
    ['--filter', '@moim/web', 'exec', 'vite', '--port', port, '--host', process.env.HOST ?? '0.0.0.0'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, MOIM_SIGNALING_URL: `http://127.0.0.1:${signalingPort}` },
    },
  ),
];

function stop(code = 0) {
  for (const child of children) child.kill('SIGTERM');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop());
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
