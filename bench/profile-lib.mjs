// Helpers of bench/profile-page.mjs: the browser's processes and their CPU, the server it
// measures, the forced camera size and the renderers' trace.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { root, cpuByThread as threadCpu, waitFor } from './lib.mjs';

export const TRACE_EVENTS = [
  'TimerFire',
  'ProxyMain::BeginMainFrame',
  'Paint',
  'Layerize',
  'ProxyMain::BeginMainFrame::commit',
  'UpdateLayoutTree',
  'Layout',
  'FunctionCall',
  'EventDispatch',
];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Forces the camera size and rate every page asks for, so the encoders load the machine the same in every build. */
export function captureScript(capture) {
  const match = /^(\d+)x(\d+)@(\d+)$/.exec(capture);
  if (!match) return null;
  const [, width, height, fps] = match.map(Number);
  return `(() => {
    const media = navigator.mediaDevices;
    if (!media) return;
    const original = media.getUserMedia.bind(media);
    media.getUserMedia = (constraints = {}) => {
      if (constraints.video) {
        const base = typeof constraints.video === 'object' ? constraints.video : {};
        constraints = { ...constraints, video: { ...base, width: { exact: ${width} }, height: { exact: ${height} }, frameRate: { ideal: ${fps} } } };
      }
      return original(constraints);
    };
  })();`;
}

/** Every process of the Chromium started with `tag` among its flags, by kind (renderer, gpu, audio...). */
export function browserProcesses(tag) {
  const procs = [];
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      // Chromium rewrites its children's command lines into one space-separated string.
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
      const ppid = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1];
      procs.push({ pid, ppid, cmdline });
    } catch {
      // Gone meanwhile.
    }
  }
  const root = procs.find((p) => p.cmdline.includes(tag));
  if (!root) return [];
  const mine = new Set([root.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  return procs
    .filter((p) => mine.has(p.pid))
    .map(({ pid, cmdline }) => {
      const type = cmdline.find((arg) => arg.startsWith('--type='))?.slice(7) ?? 'browser';
      const sub = cmdline.find((arg) => arg.startsWith('--utility-sub-type='))?.slice(19);
      const kind = sub?.includes('Audio') ? 'audio' : sub?.includes('Network') ? 'network' : type;
      return { pid, kind };
    });
}

/** CPU seconds (user + system) per kind of process. */
export function cpuByKind(processes) {
  const totals = {};
  for (const { pid, kind } of processes) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      totals[kind] = (totals[kind] ?? 0) + (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // Ended.
    }
  }
  return totals;
}

/** CPU seconds of the renderers' threads, by thread name (lib's count, renderers only). */
export function cpuByThread(processes) {
  const renderers = processes.filter((p) => p.kind === 'renderer').map((p) => p.pid);
  return Object.fromEntries(
    Object.entries(threadCpu(renderers)).map(([key, seconds]) => [key.slice(key.indexOf('/') + 1), seconds]),
  );
}

export async function startServer(dist, port) {
  const child = spawn(process.execPath, ['apps/server/dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      RATE_LIMIT_SCALE: '0',
      WEB_DIST: resolve(root, dist),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`)).ok);
  return { url, stop: () => child.kill('SIGKILL') };
}

/** Remote videos of this page that decode real frames (a never-connected one shows 2x2). */
export const videosUp = (page) =>
  page.evaluate(
    () =>
      [...document.querySelectorAll('figure:not([aria-label$="(you)"]) video')].filter(
        (video) => video.videoWidth > 2,
      ).length,
  );

export async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map(({ name, value }) => [name, value]));
}

/** Counts and total durations of the main-thread events we care about, per renderer main thread. */
export async function traceRenderers(browser, seconds) {
  const cdp = await browser.newBrowserCDPSession();
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'toplevel', 'blink', 'cc', '__metadata'] },
    transferMode: 'ReportEvents',
  });
  await sleep(seconds * 1000);
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  if (process.env.DUMP_TRACE) {
    const all = new Map();
    for (const e of events) {
      if (!mainThreads.has(`${e.pid}:${e.tid}`)) continue;
      const k = `${e.name} ${e.ph} ${e.cat}`;
      all.set(k, (all.get(k) ?? 0) + 1);
    }
    console.error(
      [...all]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 80)
        .map((x) => x.join('  '))
        .join('\n'),
    );
  }
  const perThread = new Map();
  for (const event of events) {
    const key = `${event.pid}:${event.tid}`;
    if (!mainThreads.has(key) || !TRACE_EVENTS.includes(event.name)) continue;
    if (event.ph !== 'X' && event.ph !== 'B' && event.ph !== 'I' && event.ph !== 'i') continue;
    const counts = perThread.get(key) ?? Object.fromEntries(TRACE_EVENTS.map((name) => [name, 0]));
    counts[event.name] += 1;
    perThread.set(key, counts);
  }
  // Only renderers that drew our pages did anything; idle ones (about:blank) are left out.
  return [...perThread.values()].filter(
    (counts) => counts.TimerFire + counts['ProxyMain::BeginMainFrame'] > 0,
  );
}
