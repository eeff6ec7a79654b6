// Helpers shared by the benchmarks: child servers, process memory and CPU, medians.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The flags of e2e/chromium.ts (BASE_ARGS); camera and microphone are granted per context. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
  '--use-fake-device-for-media-stream',
];

export const root = new URL('..', import.meta.url).pathname;

export function freePort() {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export async function waitFor(check, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('timed out');
}

/** Starts a node script as a server on a free port; resolves once /healthz answers. */
export async function startServer(script, env = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok);
  return { url, pid: child.pid, stop: () => child.kill('SIGKILL') };
}

/** Resident memory of a process, in bytes. */
export function rss(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** The topmost process whose command line holds `mark` (its children may copy the flag). */
export function findProcess(mark) {
  const pids = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(mark);
      } catch {
        return false;
      }
    })
    .map(Number);
  const top = pids.find((pid) => !pids.includes(parentOf(pid)));
  if (top === undefined) throw new Error(`no process with ${mark}`);
  return top;
}

function parentOf(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  } catch {
    return null;
  }
}

/** A process and all its descendants (read from /proc), e.g. a browser and its renderers. */
export function processTree(root) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(entry);
    if (ppid !== null) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]) ?? []));
  return tree;
}

/** CPU seconds (user + system) used so far by these processes. */
export function cpuSeconds(pids) {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      // The process ended.
    }
  }
  return total;
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/** CPU seconds used so far by every thread of these processes, by "process kind/thread name" (pool numbers stripped). */
export function cpuByThread(pids) {
  const totals = {};
  for (const pid of pids) {
    let kind = 'browser';
    let tids = [];
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      const type = args.find((a) => a.startsWith('--type='))?.slice(7);
      const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
      kind = sub ? sub.split('.').at(-1) : (type ?? 'browser');
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[\d/]+$/, '');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${kind}/${name}`;
        totals[key] = (totals[key] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        // Ended.
      }
    }
  }
  return totals;
}

/**
 * The turnserver flags every benchmark's coturn shares (as docs/deploy.md sets it up): shared
 * secret credentials for `realm`, UDP and TCP only, no CLI, logs on stdout.
 */
export function turnserverFlags(secret, realm = 'moim.bench') {
  return [
    '-n',
    '--use-auth-secret',
    `--static-auth-secret=${secret}`,
    `--realm=${realm}`,
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    '--fingerprint',
    '--pidfile=',
    '--log-file=stdout',
  ];
}

/**
 * Debian's coturn on loopback with `use-auth-secret`, as e2e/servers.ts (startCoturn) runs
 * it for the TURN test; resolves once it has set up its relay ports. Relay ports are the
 * 100 after `port + 100`.
 */
export async function startCoturn(secret) {
  let port = await freePort();
  while (port > 65_000) port = await freePort();
  const child = spawn(
    '/usr/bin/turnserver',
    [
      ...turnserverFlags(secret),
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--allow-loopback-peers',
      `--min-port=${port + 100}`,
      `--max-port=${port + 200}`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });
  await waitFor(async () => output.includes('Total General servers') || child.exitCode !== null);
  if (child.exitCode !== null) throw new Error(`turnserver exited: ${output.slice(-500)}`);
  return { port, pid: child.pid, stop: () => child.kill('SIGKILL') };
}
