// What one moim page spends per second of a call: an N-person call in one headless Chromium,
// Chromium's own counters per page (CDP Performance.getMetrics) over a window after every
// video is up, and a short trace of the renderers' main threads. Prints figures, asserts nothing.
//
//   node bench/profile-page.mjs [--n 6,4] [--runs 3] [--window 10] [--trace 4]
//                               [--build base=/tmp/base-dist --build new=apps/web/dist]
//                               [--capture 320x180@15 | --capture app] [--port 4270]
//
// Each --build is a built web app (a `dist` folder) served by the same apps/server build;
// runs alternate between builds so both see the same machine load. Needs `pnpm build`.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, freePort, median } from './lib.mjs';
import {
  browserProcesses,
  captureScript,
  cpuByKind,
  cpuByThread,
  metrics,
  startServer,
  TRACE_EVENTS,
  traceRenderers,
  videosUp,
} from './profile-lib.mjs';

const { values: options } = parseArgs({
  options: {
    n: { type: 'string', default: '6,4' },
    runs: { type: 'string', default: '3' },
    window: { type: 'string', default: '10' },
    trace: { type: 'string', default: '4' },
    build: { type: 'string', multiple: true, default: ['current=apps/web/dist'] },
    capture: { type: 'string', default: '320x180@15' },
    port: { type: 'string' },
    json: { type: 'string' },
    // Measure anyway after this long if not every video is up (the table says how many were).
    'up-timeout': { type: 'string', default: '60' },
  },
});

const NAMES = ['Ana', 'Ben', 'Cho', 'Dev', 'Eli', 'Fay', 'Gus', 'Hal'];
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function measure({ dist, n, windowS, traceS, capture, port }) {
  const server = await startServer(dist, port);
  // A flag Chromium ignores, to find this browser's processes among other runs on the machine.
  const tag = `--moim-profile=${randomBytes(4).toString('hex')}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, tag],
  });
  try {
    const room = `profile-${n}-${Date.now()}`;
    const script = captureScript(capture);
    const pages = [];
    for (const name of NAMES.slice(0, n)) {
      const context = await browser.newContext({
        permissions: ['camera', 'microphone'],
        viewport: { width: 1280, height: 720 },
      });
      if (script) await context.addInitScript(script);
      const page = await context.newPage();
      // The machine is shared: be patient with slow loads rather than fail the run.
      page.setDefaultTimeout(120_000);
      await page.goto(`${server.url}/r/${room}?name=${name}&lang=en`);
      await page.getByRole('button', { name: 'Join call' }).click();
      await page.getByRole('figure', { name: `${name} (you)` }).waitFor();
      pages.push(page);
    }
    const lastJoin = Date.now();
    const expected = n * (n - 1);
    let up = 0;
    const until = Date.now() + Number(options['up-timeout']) * 1000;
    while (Date.now() < until) {
      up = (await Promise.all(pages.map(videosUp))).reduce((a, b) => a + b, 0);
      if (up >= expected) break;
      await sleep(250);
    }
    const upMs = Date.now() - lastJoin;
    await sleep(2000); // let the joins' own work settle

    const visible = await Promise.all(pages.map((page) => page.evaluate(() => document.visibilityState)));
    if (visible.some((state) => state !== 'visible')) console.error(`pages not visible: ${visible}`);
    // Wall-clock durations (timeTicks: what the issue measured, includes waiting for a core)
    // and the main threads' own CPU time (threadTicks), from two sessions per page.
    const sessions = await Promise.all(pages.map((page) => page.context().newCDPSession(page)));
    const cpuSessions = await Promise.all(pages.map((page) => page.context().newCDPSession(page)));
    await Promise.all(sessions.map((cdp) => cdp.send('Performance.enable', { timeDomain: 'timeTicks' })));
    await Promise.all(
      cpuSessions.map((cdp) => cdp.send('Performance.enable', { timeDomain: 'threadTicks' })),
    );
    const processes = browserProcesses(tag);
    const cpuStart = cpuByKind(processes);
    const threadsStart = cpuByThread(processes);
    const before = await Promise.all(sessions.map(metrics));
    const cpuBefore = await Promise.all(cpuSessions.map(metrics));
    const start = Date.now();
    await sleep(windowS * 1000);
    const after = await Promise.all(sessions.map(metrics));
    const cpuAfter = await Promise.all(cpuSessions.map(metrics));
    const seconds = (Date.now() - start) / 1000;
    const cpuEnd = cpuByKind(processes);
    const threadsEnd = cpuByThread(processes);
    const threads = Object.fromEntries(
      Object.keys(threadsEnd).map((name) => [
        name,
        (threadsEnd[name] - (threadsStart[name] ?? 0)) / seconds / n,
      ]),
    );
    const cpu = Object.fromEntries(
      Object.keys(cpuEnd).map((kind) => [kind, (cpuEnd[kind] - (cpuStart[kind] ?? 0)) / seconds]),
    );
    const perPage = after.map((end, i) => {
      const rate = (key) => (end[key] - before[i][key]) / seconds;
      return {
        task: rate('TaskDuration'),
        taskCpu: (cpuAfter[i].TaskDuration - cpuBefore[i].TaskDuration) / seconds,
        scriptCpu: (cpuAfter[i].ScriptDuration - cpuBefore[i].ScriptDuration) / seconds,
        script: rate('ScriptDuration'),
        layout: rate('LayoutDuration'),
        style: rate('RecalcStyleDuration'),
        layouts: rate('LayoutCount'),
        styles: rate('RecalcStyleCount'),
      };
    });
    const trace = traceS > 0 ? await traceRenderers(browser, traceS) : [];
    const upAtEnd = (await Promise.all(pages.map(videosUp))).reduce((a, b) => a + b, 0);
    const avg = (list, key) => list.reduce((sum, item) => sum + item[key], 0) / Math.max(1, list.length);
    return {
      upMs,
      up,
      // Whole processes, per page and per second: renderers (decode, audio, compositor, script),
      // and the shared ones (GPU process doing the compositing, audio service) divided by N.
      rendererCpu: (cpu.renderer ?? 0) / n,
      gpuCpu: (cpu['gpu-process'] ?? 0) / n,
      audioCpu: (cpu.audio ?? 0) / n,
      allCpu: Object.values(cpu).reduce((a, b) => a + b, 0) / n,
      upAtEnd,
      expected,
      task: avg(perPage, 'task'),
      taskCpu: avg(perPage, 'taskCpu'),
      scriptCpu: avg(perPage, 'scriptCpu'),
      script: avg(perPage, 'script'),
      layout: avg(perPage, 'layout'),
      style: avg(perPage, 'style'),
      layouts: avg(perPage, 'layouts'),
      styles: avg(perPage, 'styles'),
      // Trace counts per page per second.
      ...Object.fromEntries(TRACE_EVENTS.map((name) => [name, avg(trace, name) / Math.max(traceS, 1)])),
      traced: trace.length,
      threads,
    };
  } finally {
    await browser.close();
    server.stop();
  }
}

const builds = options.build.map((entry) => {
  const at = entry.indexOf('=');
  return at > 0 ? { label: entry.slice(0, at), dist: entry.slice(at + 1) } : { label: entry, dist: entry };
});
const sizes = options.n.split(',').map(Number);
const runs = Number(options.runs);
const port = Number(options.port ?? process.env.E2E_PORT ?? (await freePort()));
const results = [];
for (const n of sizes) {
  for (let run = 0; run < runs; run++) {
    // Alternate the order too, so neither build always goes first.
    const order = run % 2 ? [...builds].reverse() : builds;
    for (const build of order) {
      let figures;
      try {
        figures = await measure({
          dist: build.dist,
          n,
          windowS: Number(options.window),
          traceS: Number(options.trace),
          capture: options.capture,
          port,
        });
      } catch (error) {
        // A starved machine can time a page out: report it and go on with the other runs.
        console.error(`n=${n} run=${run} ${build.label}: failed: ${error.message.split('\n')[0]}`);
        continue;
      }
      results.push({ build: build.label, n, run, ...figures });
      // Written after every run, so a run cut short still leaves its figures.
      if (options.json) writeFileSync(options.json, JSON.stringify(results, null, 2));
      console.error(
        `n=${n} run=${run} ${build.label}: busy ${figures.task.toFixed(3)} s/s, script ${figures.script.toFixed(3)} s/s, ` +
          `CPU ${figures.allCpu.toFixed(3)} s/s (renderer ${figures.rendererCpu.toFixed(3)}), ` +
          `TimerFire ${figures.TimerFire.toFixed(1)}/s, BeginMainFrame ${figures['ProxyMain::BeginMainFrame'].toFixed(1)}/s, ` +
          `streams ${figures.up}/${figures.expected} in ${figures.upMs} ms`,
      );
    }
  }
}

const columns = [
  ['busy s/s', 'task', 3],
  ['script s/s', 'script', 3],
  ['busy CPU s/s', 'taskCpu', 3],
  ['script CPU s/s', 'scriptCpu', 3],
  ['renderer CPU s/s', 'rendererCpu', 3],
  ['GPU proc CPU s/s', 'gpuCpu', 3],
  ['audio svc CPU s/s', 'audioCpu', 3],
  ['all CPU s/s', 'allCpu', 3],
  ['layout s/s', 'layout', 4],
  ['style s/s', 'style', 4],
  ['layouts/s', 'layouts', 1],
  ['TimerFire/s', 'TimerFire', 1],
  ['BeginMainFrame/s', 'ProxyMain::BeginMainFrame', 1],
  ['Paint/s', 'Paint', 1],
  ['Commit/s', 'ProxyMain::BeginMainFrame::commit', 1],
  ['FunctionCall/s', 'FunctionCall', 1],
  ['EventDispatch/s', 'EventDispatch', 1],
  ['streams up', 'upAtEnd', 0],
];
console.log(
  `\nPer page, medians of ${runs} runs (range in brackets); window ${options.window} s, trace ${options.trace} s, capture ${options.capture}`,
);
console.log(`| N | build | ${columns.map(([title]) => title).join(' | ')} |`);
console.log(`| --- | --- | ${columns.map(() => '---:').join(' | ')} |`);
for (const n of sizes) {
  for (const { label } of builds) {
    const mine = results.filter((r) => r.n === n && r.build === label);
    const cells = columns.map(([, key, digits]) => {
      const list = mine.map((r) => r[key]);
      const show = (v) => v.toFixed(digits);
      return list.length > 1
        ? `${show(median(list))} (${show(Math.min(...list))}–${show(Math.max(...list))})`
        : show(list[0]);
    });
    console.log(`| ${n} | ${label} | ${cells.join(' | ')} |`);
  }
}
console.log('\nRenderer threads, CPU s/s per page (medians), busiest first');
for (const n of sizes) {
  const names = new Set(results.filter((r) => r.n === n).flatMap((r) => Object.keys(r.threads)));
  const rows = [...names].map((name) => ({
    name,
    values: builds.map(({ label }) =>
      median(results.filter((r) => r.n === n && r.build === label).map((r) => r.threads[name] ?? 0)),
    ),
  }));
  rows.sort((a, b) => Math.max(...b.values) - Math.max(...a.values));
  console.log(`| N=${n} thread | ${builds.map(({ label }) => label).join(' | ')} |`);
  console.log(`| --- | ${builds.map(() => '---:').join(' | ')} |`);
  for (const row of rows.filter((r) => Math.max(...r.values) >= 0.002)) {
    console.log(`| ${row.name} | ${row.values.map((v) => v.toFixed(3)).join(' | ')} |`);
  }
}
