import { type ChildProcess, spawn } from 'node:child_process';
import { expect } from '@playwright/test';

/** A moim server of a test's own (the built one, as `pnpm start` runs it), on `port`. */
export async function startMoim(port: number, env: Record<string, string> = {}) {
  const server = spawn(process.execPath, ['apps/server/dist/main.js'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: 'inherit',
  });
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      { timeout: 15_000 },
    )
    .toBe(true);
  return server;
}

/**
 * Debian's coturn on loopback with `use-auth-secret`, as docs/deploy.md sets it up, except
 * for `allow-loopback-peers` (tests only: everything here is on 127.0.0.1).
 */
export async function startCoturn(port: number, secret: string) {
  const turn = spawn(
    '/usr/bin/turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=moim.test',
      '--allow-loopback-peers',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--fingerprint',
      `--min-port=${port + 100}`,
      `--max-port=${port + 200}`,
      '--pidfile=',
      '--log-file=stdout',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  turn.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  // Ready once it has set up its relay ports.
  await expect
    .poll(() => output.includes('Total General servers') || turn.exitCode !== null, { timeout: 15_000 })
    .toBe(true);
  if (turn.exitCode !== null) throw new Error(`turnserver exited: ${output.slice(-500)}`);
  return turn;
}

export function stop(process: ChildProcess | undefined) {
  if (process && process.exitCode === null) process.kill('SIGKILL');
}
