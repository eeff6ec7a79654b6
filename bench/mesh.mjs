// The mesh benchmark: N people in one room, as N contexts of one headless Chromium with the
// fake camera, at N = 2, 4, 6 and 8, for moim, moim with adaptation off, and the bare mesh
// floor (bench/bare-mesh: raw RTCPeerConnections on a relay of a few lines) at the browser's
// default camera and at moim's own capture settings. Figures come from every
// RTCPeerConnection's getStats over a window that starts once all videos are up, and from
// /proc for the browser's CPU time.
import { chromium } from '@playwright/test';
import {
  CHROMIUM_ARGS,
  cpuByThread,
  cpuSeconds,
  findProcess,
  median,
  processTree,
  startServer,
} from './lib.mjs';
import { meshPageScript } from './mesh-page.mjs';
import { targets } from './mesh-targets.mjs';

export const VARIANTS = {
  moim: 'moim',
  moimB: 'moim, build B (MESH_DIST_B)',
  moimC: 'moim, build C (MESH_DIST_C)',
  off: 'moim, adaptation off',
  bareAtCapture: "bare, moim's capture",
  bareEncoding: "bare, moim's capture and encoding",
  encRate: "bare, moim's capture and maxFramerate",
  encBitrate: "bare, moim's capture and maxBitrate",
  encDegrade: "bare, moim's capture and degradationPreference",
  encSize: "bare, moim's capture and scaleResolutionDownTo",
  bareApplied: "bare, moim's capture set in place on a 720p camera",
  bareShown: "bare, moim's capture, own camera and larger videos shown",
  bareSelf: "bare, moim's capture, own camera shown",
  bareLarge: "bare, moim's capture, larger videos",
  bare: 'bare, default camera',
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls the pages' up-watchers until every page plays `expected` remote videos (each decoded a
 * frame within the last second); resolves with that time (null: not within `timeoutMs`) and
 * with the time every video decoded within one poll (`strict`, waited for `strictMs` longer).
 */
async function allUp(pages, timeoutMs, strictMs = 0) {
  const until = Date.now() + timeoutMs;
  let at = null;
  let strictUntil = until;
  while (Date.now() < (at === null ? until : strictUntil)) {
    const states = await Promise.all(pages.map((page) => page.evaluate(() => window.__upState())));
    if (at === null && states.every((s) => s.since !== null)) {
      at = Math.max(...states.map((s) => s.since));
      strictUntil = Date.now() + strictMs;
    }
    if (at !== null && states.every((s) => s.sinceStrict !== null)) {
      return { at, strict: Math.max(...states.map((s) => s.sinceStrict)) };
    }
    await sleep(300);
  }
  return { at, strict: null };
}

async function watch(pages, expected) {
  await Promise.all(pages.map((page) => page.evaluate((n) => window.__watchUp(n), expected)));
}

async function unwatch(pages) {
  await Promise.all(pages.map((page) => page.evaluate(() => window.__stopWatch())));
}

/** The variants that run the built app (the others are bare pages). */
const MOIM_VARIANTS = new Set(['moim', 'off', 'moimB', 'moimC']);
/** The builds beside the main one, each served by its own server: variant → its dist's variable. */
const EXTRA_BUILDS = { moimB: 'MESH_DIST_B', moimC: 'MESH_DIST_C' };

const ENC_ONE = {
  encRate: 'maxFramerate',
  encBitrate: 'maxBitrate',
  encDegrade: 'degradationPreference',
  encSize: 'scaleResolutionDownTo',
};

/** How a variant opens its page and joins; `join` resolves once the person is in the call. */
function entry(variant, { moimUrl, bareUrl, room, capture }) {
  if (MOIM_VARIANTS.has(variant)) {
    return {
      open: async (page, i) => {
        await page.goto(`${moimUrl}/r/${room}?name=P${i}`);
        await page.getByRole('button', { name: 'Join call' }).waitFor();
      },
      join: async (page, i) => {
        await page.getByRole('button', { name: 'Join call' }).click();
        await page.getByRole('figure', { name: `P${i} (you)` }).waitFor();
      },
    };
  }
  if (variant !== 'bare' && !capture)
    console.warn(
      `\n  ${variant}: no moim capture to copy (put moim first); the browser's default camera instead`,
    );
  const size =
    variant !== 'bare' && capture
      ? `&w=${capture.width}&h=${capture.height}&fps=${Math.round(capture.frameRate)}`
      : '';
  // One variable more than bareAtCapture each: moim's sender parameters, or moim's drawing.
  const more =
    variant === 'bareEncoding' && capture?.encoding
      ? `&enc=${encodeURIComponent(JSON.stringify(capture.encoding))}`
      : ENC_ONE[variant] && capture?.encoding
        ? `&enc=${encodeURIComponent(JSON.stringify({ [ENC_ONE[variant]]: capture.encoding[ENC_ONE[variant]] }))}`
        : ({
            bareApplied: '&applied=1',
            bareShown: '&shown=1',
            bareSelf: '&shown=self',
            bareLarge: '&shown=large',
          }[variant] ?? '');
  return {
    open: async (page) => {
      await page.goto(`${bareUrl}/?room=${room}${size}${more}`);
      await page.waitForFunction(() => document.title === 'ready');
    },
    join: (page) => page.evaluate(() => window.join()),
  };
}

/** Frames decoded per second and the frozen share of each remote video, from two snapshots of one page. */
function pageFigures(before, after, expected) {
  const streams = [];
  let bytes = 0;
  const sent = [];
  const diag = {};
  for (const link of after) {
    if (typeof link.estimate === 'number') diag.estimates = [...(diag.estimates ?? []), link.estimate];
    const earlier = before.find((l) => l.index === link.index);
    for (const s of link.stats) {
      const prev = earlier?.stats.find((p) => p.id === s.id);
      const seconds = prev ? (s.timestamp - prev.timestamp) / 1000 : 0;
      if (s.type === 'outbound-rtp') {
        if (prev && seconds > 0) bytes += ((s.bytesSent - prev.bytesSent) * 8) / seconds;
        if (s.kind === 'video' && prev && seconds > 0) diagnose(diag, 'out', s, prev, seconds);
        if (s.kind === 'video' && s.frameWidth) {
          sent.push({
            width: s.frameWidth,
            height: s.frameHeight,
            fps: prev && seconds > 0 ? (s.framesEncoded - prev.framesEncoded) / seconds : 0,
            limit: s.qualityLimitationReason,
          });
        }
      } else if (prev && seconds > 0 && streams.length < expected) {
        diagnose(diag, 'in', s, prev, seconds);
        const frames = s.framesDecoded - prev.framesDecoded;
        const frozen = frames > 0 ? (s.totalFreezesDuration - prev.totalFreezesDuration) / seconds : 1;
        streams.push({
          fps: frames / seconds,
          frozen: Math.min(1, frozen),
          up: frames > 0 && s.frameWidth >= 160,
        });
      }
    }
  }
  // A remote video this page should show but does not decode counts as stopped and frozen.
  while (streams.length < expected) streams.push({ fps: 0, frozen: 1, up: false });
  return { streams, uploadMbps: bytes / 1e6, sent, diag };
}

/**
 * Adds one video stream's window to the page's diagnostics: per second, key frames, PLIs
 * and NACKs, frames dropped; per frame, encode and decode milliseconds; for senders, the
 * seconds spent limited by CPU or bandwidth, and the codec.
 */
function diagnose(diag, side, s, prev, seconds) {
  const rate = (key) => ((s[key] ?? 0) - (prev[key] ?? 0)) / seconds;
  const add = (key, value) => {
    diag[key] = (diag[key] ?? 0) + value;
  };
  add(`${side}Streams`, 1);
  add(`${side}KeyFrames`, rate('keyFrames'));
  add(`${side}Pli`, rate('pliCount'));
  add(`${side}Nack`, rate('nackCount'));
  if (side === 'out') {
    add('encodeS', (s.totalEncodeTime ?? 0) - (prev.totalEncodeTime ?? 0));
    add('encoded', (s.framesEncoded ?? 0) - (prev.framesEncoded ?? 0));
    add('sourceFrames', rate('sourceFrames'));
    // A sender that encoded nothing over the window: paused (by adaptation or a hidden view).
    add('videoBits', rate('bytesSent') * 8);
    add('outIdle', (s.framesEncoded ?? 0) === (prev.framesEncoded ?? 0) ? 1 : 0);
    for (const reason of ['cpu', 'bandwidth']) {
      add(
        `limited_${reason}`,
        ((s.limitationDurations?.[reason] ?? 0) - (prev.limitationDurations?.[reason] ?? 0)) / seconds,
      );
    }
  } else {
    add('decodeS', (s.totalDecodeTime ?? 0) - (prev.totalDecodeTime ?? 0));
    add('decoded', (s.framesDecoded ?? 0) - (prev.framesDecoded ?? 0));
    add('dropped', rate('framesDropped'));
    add('received', rate('framesReceived'));
  }
  if (s.mimeType) diag.codecs = [...new Set([...(diag.codecs ?? []), s.mimeType])];
}

/** The pages' diagnostics summed, as one line: per stream and second unless said. */
function diagnosticsText(perPage) {
  const sum = {};
  for (const { diag } of perPage)
    for (const [key, value] of Object.entries(diag))
      sum[key] =
        key === 'codecs'
          ? [...new Set([...(sum.codecs ?? []), ...value])]
          : key === 'estimates'
            ? [...(sum.estimates ?? []), ...value]
            : (sum[key] ?? 0) + value;
  const per = (key, streams) => (sum[key] ?? 0) / Math.max(1, sum[streams] ?? 0);
  const ms = (seconds, frames) => ((sum[seconds] ?? 0) * 1000) / Math.max(1, sum[frames] ?? 0);
  return (
    `codecs ${sum.codecs?.join('+') ?? '-'}; sent: key frames ${per('outKeyFrames', 'outStreams').toFixed(2)}/s, ` +
    `PLIs ${per('outPli', 'outStreams').toFixed(2)}/s, NACKs ${per('outNack', 'outStreams').toFixed(1)}/s, ` +
    `camera track ${per('sourceFrames', 'outStreams').toFixed(1)} frames/s to each sender, ` +
    `${sum.outIdle ?? 0} of ${sum.outStreams ?? 0} sending no video, video ${(per('videoBits', 'outStreams') / 1000).toFixed(0)} kb/s each, links' estimate ` +
    `${sum.estimates?.length ? `${(median(sum.estimates) / 1000).toFixed(0)} kb/s median` : '-'}, ` +
    `encode ${ms('encodeS', 'encoded').toFixed(1)} ms/frame, limited by CPU ${(per('limited_cpu', 'outStreams') * 100).toFixed(0)} % ` +
    `and bandwidth ${(per('limited_bandwidth', 'outStreams') * 100).toFixed(0)} % of the time; received: ` +
    `${per('received', 'inStreams').toFixed(1)} frames/s, dropped ${per('dropped', 'inStreams').toFixed(1)}/s, ` +
    `decode ${ms('decodeS', 'decoded').toFixed(1)} ms/frame, key frames ${per('inKeyFrames', 'inStreams').toFixed(2)}/s`
  );
}

/** How often each page reconfigured what it sends during the window (each may restart an encoder). */
function reconfigurationsText(before, after, n, windowS) {
  const per = (name) =>
    after.reduce((sum, calls, i) => sum + calls[name] - (before[i]?.[name] ?? 0), 0) / n / (windowS / 60);
  const total = (name) => after.reduce((sum, calls) => sum + calls[name], 0) / n;
  return (
    `per page and minute of the window: setParameters ${per('setParameters').toFixed(1)}, ` +
    `applyConstraints ${per('applyConstraints').toFixed(1)}; per page since it opened: ` +
    `${total('setParameters').toFixed(0)} and ${total('applyConstraints').toFixed(0)}, ` +
    `RTCPeerConnections made ${total('connections').toFixed(1)}`
  );
}

/** One variant at one N: join everyone, wait for all videos, then measure over the window. */
async function runOnce({
  variant,
  n,
  windowS,
  upTimeoutMs,
  moimUrl,
  bareUrl,
  capture,
  ready = async () => {},
}) {
  // A mark on the command line finds this browser's process among the machine's others.
  const mark = `--moim-bench-mesh=${process.pid}-${Date.now()}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, mark],
  });
  // A starved page can leave an evaluate waiting for ever: closing the browser ends the run.
  // Eight pages on two cores take minutes just to join: the deadline grows with N.
  const deadline = setTimeout(() => browser.close(), 2 * upTimeoutMs + windowS * 1000 + 70_000 + n * 30_000);
  try {
    const room = `bench-mesh-${variant}-${n}-${Date.now()}`;
    const how = entry(variant, { moimUrl, bareUrl, room, capture });
    const pages = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
        await context.addInitScript(meshPageScript, { adaptationOff: variant === 'off' });
        const page = await context.newPage();
        await how.open(page, i);
        return page;
      }),
    );
    // Everyone but the last joins and comes up first; the clock runs from the last join.
    const early = pages.slice(0, -1);
    for (const [i, page] of early.entries()) await how.join(page, i);
    await watch(early, n - 2);
    await allUp(early, upTimeoutMs);
    await unwatch(early);
    await watch(pages, n - 1);
    const joined = Date.now();
    await how.join(pages[n - 1], n - 1);
    // The strict definition is waited for a little longer, for the diagnostics only.
    const { at: upAt, strict: strictUpAt } = await allUp(pages, upTimeoutMs, 10_000);
    await unwatch(pages);

    const ownCapture = await pages[0].evaluate(() => window.__capture());
    // What the first page draws: its <video> elements on screen and their sizes.
    const drawn = await pages[0].evaluate(() =>
      [...document.querySelectorAll('video')]
        .map((video) => video.getBoundingClientRect())
        .filter((box) => box.width > 0 && box.height > 0)
        .map((box) => `${Math.round(box.width)}x${Math.round(box.height)}`),
    );
    // Together mode: every variant's window starts at the same moment.
    await ready(ownCapture);
    const pids = processTree(findProcess(mark));
    const before = await Promise.all(pages.map((page) => page.evaluate(() => window.__meshStats())));
    const callsBefore = await Promise.all(pages.map((page) => page.evaluate(() => window.__calls())));
    const cpuBefore = cpuSeconds(pids);
    const threadsBefore = cpuByThread(pids);
    await sleep(windowS * 1000);
    const after = await Promise.all(pages.map((page) => page.evaluate(() => window.__meshStats())));
    const callsAfter = await Promise.all(pages.map((page) => page.evaluate(() => window.__calls())));
    const cpu = cpuSeconds(pids) - cpuBefore;
    const threadsAfter = cpuByThread(pids);
    // CPU s/s per participant of each kind of thread, busiest first.
    const threads = Object.entries(threadsAfter)
      .map(([name, seconds]) => [name, (seconds - (threadsBefore[name] ?? 0)) / windowS / n])
      .filter(([, perSecond]) => perSecond >= 0.002)
      .sort((a, b) => b[1] - a[1]);

    const perPage = pages.map((_, i) => pageFigures(before[i], after[i], n - 1));
    const streams = perPage.flatMap((p) => p.streams);
    const sent = perPage.flatMap((p) => p.sent).sort((a, b) => a.width * a.height - b.width * b.height);
    const middle = sent[Math.floor(sent.length / 2)];
    const limits = sent.map((s) => s.limit).filter((l) => l && l !== 'none');
    return {
      n,
      variant,
      expected: n * (n - 1),
      streamsUp: streams.filter((s) => s.up).length,
      upMs: upAt === null ? null : Math.max(0, upAt - joined),
      strictUpMs: strictUpAt === null ? null : Math.max(0, strictUpAt - joined),
      fpsMedian: median(streams.map((s) => s.fps)),
      fpsMin: Math.min(...streams.map((s) => s.fps)),
      frozen: streams.reduce((sum, s) => sum + s.frozen, 0) / streams.length,
      sent: middle ? `${middle.width}x${middle.height}` : '-',
      sentFps: sent.length ? median(sent.map((s) => s.fps)) : null,
      limited: `${limits.length}/${sent.length}`,
      cpuPerParticipant: cpu / n,
      windowS,
      uploadMbps: perPage.reduce((sum, p) => sum + p.uploadMbps, 0) / n,
      uploadMaxMbps: Math.max(...perPage.map((p) => p.uploadMbps)),
      capture: ownCapture,
      threads,
      diagnostics:
        `${diagnosticsText(perPage)}; ${reconfigurationsText(callsBefore, callsAfter, n, windowS)}; ` +
        `videos drawn by the first page: ${drawn.join(' ') || 'none'}; ` +
        `all decoding within one poll ${strictUpAt === null ? 'not within 10 s more' : `${((strictUpAt - joined) / 1000).toFixed(1)} s after the last join`}`,
    };
  } finally {
    clearTimeout(deadline);
    await browser.close();
  }
}

const captureText = (c) => (c ? `${c.width}x${c.height}@${Math.round(c.frameRate)}` : '-');

/** Runs the mesh benchmark; resolves with the target rows (for run.mjs's table) and every run (`mesh` rows). */
export async function mesh({
  quick,
  sizes = quick ? [2, 4] : [2, 4, 6, 8],
  variants = quick ? ['moim'] : ['moim', 'off', 'bareAtCapture', 'bare'],
  windowS = quick ? 3 : 15,
  together = false,
}) {
  const upTimeoutMs = quick ? 20_000 : 30_000;
  const moim = await startServer('apps/server/dist/main.js', { RATE_LIMIT_SCALE: '0' });
  const bare = await startServer('bench/bare-mesh/relay.mjs');
  const extra = {};
  for (const [variant, dist] of Object.entries(EXTRA_BUILDS)) {
    if (variants.includes(variant))
      extra[variant] = await startServer('apps/server/dist/main.js', {
        RATE_LIMIT_SCALE: '0',
        WEB_DIST: process.env[dist],
      });
  }
  const urlOf = (variant) => extra[variant]?.url ?? moim.url;
  const runs = [];
  try {
    for (const n of sizes) {
      if (together) {
        runs.push(
          ...(await runTogether({
            variants,
            n,
            windowS,
            upTimeoutMs,
            urlOf,
            bareUrl: bare.url,
          })),
        );
        continue;
      }
      let capture = null;
      for (const variant of variants) {
        process.stdout.write(`\n  N=${n} ${VARIANTS[variant]}… `);
        try {
          const run = await runOnce({
            variant,
            n,
            windowS,
            upTimeoutMs,
            moimUrl: urlOf(variant),
            bareUrl: bare.url,
            capture,
          });
          if (variant === 'moim') capture = run.capture;
          runs.push(run);
          process.stdout.write(`${run.streamsUp}/${run.expected} up, ${run.fpsMedian.toFixed(1)} fps`);
        } catch (error) {
          process.stdout.write(`failed: ${error.message.split('\n')[0]}`);
        }
      }
    }
  } finally {
    moim.stop();
    bare.stop();
    for (const server of Object.values(extra)) server.stop();
  }
  process.stdout.write('\n');
  return [
    ...targets(runs),
    ...runs.map((run) => ({ ...run, name: `mesh N=${run.n}, ${VARIANTS[run.variant]}`, table: 'mesh' })),
  ];
}

/**
 * Every variant at once, each in its own browser and room, measured over the same window:
 * the machine's load (shared, noisy) is then the same for all of them, so their ratios hold
 * even when the figures themselves swing. The bare pages open once moim's camera settled.
 */
async function runTogether({ variants, n, windowS, upTimeoutMs, urlOf, bareUrl }) {
  process.stdout.write(`\n  N=${n} together: ${variants.map((v) => VARIANTS[v]).join(', ')}… `);
  let captured;
  const capture = new Promise((resolve) => {
    captured = resolve;
  });
  const firstMoim = variants.find((v) => MOIM_VARIANTS.has(v));
  if (!firstMoim) captured(null);
  let arrived = 0;
  let go;
  const start = new Promise((resolve) => {
    go = resolve;
  });
  const arrive = (variant) => {
    if (variant === firstMoim) captured(null);
    if (++arrived === variants.length) go();
  };
  const results = await Promise.allSettled(
    variants.map(async (variant) => {
      let here = false;
      try {
        return await runOnce({
          variant,
          n,
          windowS,
          upTimeoutMs,
          moimUrl: urlOf(variant),
          bareUrl,
          capture: !MOIM_VARIANTS.has(variant) && variant !== 'bare' ? await capture : null,
          ready: async (own) => {
            if (variant === firstMoim) captured(own);
            here = true;
            arrive(variant);
            await start;
          },
        });
      } catch (error) {
        // A failed variant must not keep the others waiting at the start line.
        if (!here) arrive(variant);
        throw error;
      }
    }),
  );
  const runs = [];
  for (const [i, result] of results.entries()) {
    if (result.status === 'fulfilled') {
      runs.push(result.value);
      process.stdout.write(
        `${VARIANTS[variants[i]]} ${result.value.streamsUp}/${result.value.expected} up, ${result.value.fpsMedian.toFixed(1)} fps; `,
      );
    } else {
      process.stdout.write(
        `${VARIANTS[variants[i]]} failed: ${String(result.reason?.message).split('\n')[0]}; `,
      );
    }
  }
  return runs;
}

const f = (n, digits = 1) => (n === null || n === undefined ? '-' : n.toFixed(digits));

/** The mesh table: one line per N and variant. */
export function meshTable(runs) {
  const lines = [
    '| N | variant | streams up | all up after last join | fps median / min | frozen | sent (median) | sent fps | limited | CPU s per participant | upload Mb/s (mean / max) | capture |',
    '| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of runs) {
    lines.push(
      `| ${r.n} | ${VARIANTS[r.variant]} | ${r.streamsUp}/${r.expected} | ${r.upMs === null ? 'never' : `${f(r.upMs / 1000)} s`} | ${f(r.fpsMedian)} / ${f(r.fpsMin)} | ${f(r.frozen * 100)} % | ${r.sent} | ${f(r.sentFps)} | ${r.limited} | ${f(r.cpuPerParticipant, 2)} / ${r.windowS} s | ${f(r.uploadMbps, 2)} / ${f(r.uploadMaxMbps, 2)} | ${captureText(r.capture)} |`,
    );
  }
  return lines.join('\n');
}

// `node bench/mesh.mjs --n 6 --variants moim,bareAtCapture [--window 15]`: some sizes and variants alone,
// printing the mesh table (for tuning; `pnpm bench` runs the whole set).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '6' },
      variants: { type: 'string', default: 'moim,bareAtCapture' },
      window: { type: 'string', default: '15' },
      together: { type: 'boolean', default: false },
    },
  });
  const runs = await mesh({
    together: values.together,
    sizes: values.n.split(',').map(Number),
    variants: values.variants.split(','),
    windowS: Number(values.window),
  });
  const table = runs.filter((r) => r.table === 'mesh');
  console.log(meshTable(table));
  console.log('\nCPU s/s per participant by thread, busiest first');
  for (const run of table)
    console.log(
      `${run.name}: ${run.threads
        .slice(0, 14)
        .map(([t, v]) => `${t} ${v.toFixed(3)}`)
        .join(', ')}`,
    );
  console.log('\nMedia diagnostics (per video stream)');
  for (const run of table) console.log(`${run.name}: ${run.diagnostics}`);
  for (const row of runs.filter((r) => r.table !== 'mesh'))
    console.log(
      `${row.name}: ${row.value ?? '-'} ${row.unit} (${row.target}: ${row.met ? 'met' : 'MISSED'})`,
    );
}
