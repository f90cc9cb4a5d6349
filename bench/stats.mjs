// Summaries of timing samples and the table `npm run bench` prints.

export function median(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Nearest-rank 95th percentile: with few samples it is the slowest one, never an interpolation. */
export function p95(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(0.95 * s.length) - 1)];
}

export function summarize(name, samples, note = '') {
  return {
    name,
    runs: samples.length,
    median: round(median(samples)),
    p95: round(p95(samples)),
    note,
    samples: samples.map(round),
  };
}

function round(ms) {
  return Math.round(ms * 10) / 10;
}

export function table(rows) {
  const header = ['measurement', 'runs', 'median ms', 'p95 ms', 'note'];
  const cells = rows.map((r) => [r.name, String(r.runs), r.median.toFixed(1), r.p95.toFixed(1), r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) =>
    c
      .map((x, i) => (i === 1 || i === 2 || i === 3 ? x.padStart(widths[i]) : x.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
