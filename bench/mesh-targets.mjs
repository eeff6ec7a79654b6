// The targets of issue #14 (an adaptive mesh), checked against the runs of bench/mesh.mjs.
/** The targets of issue #14, from the runs of one benchmark; each `{ name, value, baseline, unit, target, met }`. */
export function targets(runs) {
  const at = (n, variant) => runs.find((r) => r.n === n && r.variant === variant);
  const rows = [];
  const add = (name, value, baseline, unit, target, met) =>
    rows.push({ name, value, baseline, unit, target, met: value !== null && value !== undefined && met });
  for (const run of runs.filter((r) => r.variant === 'moim')) {
    add(
      `mesh N=${run.n}: upload per participant (max)`,
      run.uploadMaxMbps,
      null,
      'Mb/s',
      '<= 2.5',
      run.uploadMaxMbps <= 2.5,
    );
  }
  const [m4, m6, m8, off6, bare6, cap6] = [
    at(4, 'moim'),
    at(6, 'moim'),
    at(8, 'moim'),
    at(6, 'off'),
    at(6, 'bare'),
    at(6, 'bareAtCapture'),
  ];
  if (m6 && off6) {
    add(
      'mesh N=6: CPU per participant vs adaptation off',
      m6.cpuPerParticipant,
      off6.cpuPerParticipant,
      `CPU s/${m6.windowS} s`,
      'ratio <= 0.5',
      m6.cpuPerParticipant <= 0.5 * off6.cpuPerParticipant,
    );
  }
  if (m4) {
    add(
      'mesh N=4: all 12 up after the last join',
      m4.upMs,
      null,
      'ms',
      '<= 3000',
      m4.upMs !== null && m4.upMs <= 3000,
    );
    add('mesh N=4: received fps median', m4.fpsMedian, null, 'fps', '>= 15', m4.fpsMedian >= 15);
    add('mesh N=4: frozen', m4.frozen * 100, null, '%', '<= 2', m4.frozen <= 0.02);
  }
  if (m6) {
    add(
      'mesh N=6: all 30 up after the last join',
      m6.upMs,
      null,
      'ms',
      '<= 10000',
      m6.upMs !== null && m6.upMs <= 10_000,
    );
    add(
      'mesh N=6: received fps median vs bare floor',
      m6.fpsMedian,
      bare6?.fpsMedian ?? null,
      'fps',
      '>= 10 and > floor',
      m6.fpsMedian >= 10 && (!bare6 || m6.fpsMedian > bare6.fpsMedian),
    );
    add(
      'mesh N=6: frozen vs bare floor',
      m6.frozen * 100,
      bare6 ? bare6.frozen * 100 : null,
      '%',
      '<= 5 and < floor',
      m6.frozen <= 0.05 && (!bare6 || m6.frozen < bare6.frozen),
    );
  }
  if (m6 && cap6) {
    add(
      "mesh N=6: fps vs bare at moim's capture",
      m6.fpsMedian,
      cap6.fpsMedian,
      'fps',
      'ratio >= 0.9',
      m6.fpsMedian >= 0.9 * cap6.fpsMedian,
    );
    add(
      "mesh N=6: frozen vs bare at moim's capture",
      m6.frozen * 100,
      cap6.frozen * 100,
      '%',
      'within 2 points',
      m6.frozen <= cap6.frozen + 0.02,
    );
  }
  if (m8)
    add(
      'mesh N=8: streams decoding',
      m8.streamsUp,
      m8.expected,
      'streams',
      'all 56',
      m8.streamsUp === m8.expected,
    );
  return rows;
}
