// `pnpm bench [--quick] [--only name,…]`: every benchmark against its baseline, measured in this run on this
// machine; prints a table and writes bench/results.json. Benchmarks report; they never fail
// on a number (a missed target is a finding).
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { joinToFirstFrame } from './browser.mjs';
import { bundle } from './bundle.mjs';
import { fileTransfer } from './file-transfer.mjs';
import { floodBench } from './flood.mjs';
import { root } from './lib.mjs';
import { mesh, meshTable } from './mesh.mjs';
import { idleSockets, relay } from './relay.mjs';

const quick = process.argv.includes('--quick');
const all = { relay, idleSockets, flood: floodBench, joinToFirstFrame, bundle, mesh, fileTransfer };
// `--only mesh,bundle` runs just those (results.json then holds only their rows).
const only = process.argv[process.argv.indexOf('--only') + 1]?.split(',');
const benchmarks = Object.fromEntries(
  Object.entries(all).filter(([name]) => !process.argv.includes('--only') || only?.includes(name)),
);
const results = [];
const started = Date.now();
for (const [name, run] of Object.entries(benchmarks)) {
  const t = Date.now();
  process.stdout.write(`running ${name}${quick ? ' (quick)' : ''}… `);
  for (const result of await run({ quick })) {
    results.push({
      ...result,
      ratio: result.baseline ? result.value / result.baseline : null,
      cpus: cpus().length,
    });
  }
  console.log(`${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const fmt = (n) => (n === null || n === undefined ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
console.log(`\n| benchmark | moim | baseline | ratio | unit | target |`);
console.log('| --- | ---: | ---: | ---: | --- | --- |');
for (const r of results.filter((row) => row.table !== 'mesh')) {
  const target = r.target ? `${r.target}: ${r.met ? 'met' : 'MISSED'}` : '';
  console.log(
    `| ${r.name} | ${fmt(r.value)} | ${fmt(r.baseline)} | ${fmt(r.ratio)} | ${r.unit} | ${target} |`,
  );
}
const meshRuns = results.filter((row) => row.table === 'mesh');
if (meshRuns.length) console.log(`\n${meshTable(meshRuns)}`);
console.log(
  `\n${cpus().length} CPUs (${cpus()[0]?.model}), ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
);
writeFileSync(
  `${root}bench/results.json`,
  `${JSON.stringify(
    results.map(({ name, value, baseline, ratio, unit, cpus: n, table, ...run }) =>
      // A mesh run is one row of figures (see bench/mesh.mjs); the others are one figure each.
      table === 'mesh' ? { name, ...run, cpus: n } : { name, value, baseline, ratio, unit, cpus: n },
    ),
    null,
    2,
  )}\n`,
);
process.exit(0);
