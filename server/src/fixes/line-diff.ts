/** The lines of a text, each with its line break (`\n`, or `\r\n` kept whole); the last may have none. */
export function splitLines(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++)
    if (text.charCodeAt(i) === 10) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/** Lines `aStart` up to `aEnd` of the old text replaced by lines `bStart` up to `bEnd` of the new one. */
export interface LineChange {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Beyond this many differing lines the diff stops looking for the shortest script and replaces the
 * whole differing middle: the trace Myers' algorithm keeps grows with the square of the differences.
 */
const MAX_DIFFERENCES = 2000;

/**
 * The changes that turn lines `a` into lines `b`, in order, with as few changed lines as Myers'
 * O(ND) algorithm finds (after the common first and last lines are set aside).
 */
export function lineChanges(a: readonly string[], b: readonly string[]): LineChange[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const matches = myersMatches(midA, midB) ?? [];
  const out: LineChange[] = [];
  let i = 0;
  let j = 0;
  for (const [x, y] of [...matches, [midA.length, midB.length] as const]) {
    if (x > i || y > j) out.push({ aStart: head + i, aEnd: head + x, bStart: head + j, bEnd: head + y });
    i = x + 1;
    j = y + 1;
  }
  return out;
}

/**
 * The pairs of equal lines (index in `a`, index in `b`) of a shortest edit script, in order;
 * undefined when the texts differ in more than MAX_DIFFERENCES lines.
 */
function myersMatches(a: readonly string[], b: readonly string[]): [number, number][] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_DIFFERENCES);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // The furthest x reached on each diagonal before round d, for the diagonals round d reads.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): [number, number][] {
  const matches: [number, number][] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const at = (k: number): number => trace[d][k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      matches.push([x, y]);
    }
    x = prevX;
    y = prevY;
  }
  return matches.reverse();
}

/** The changes from `before` to `after` as replacements of character ranges of `before` (whole lines each). */
export function lineReplacements(before: string, after: string): { start: number; end: number; newText: string }[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const starts = [0];
  for (const line of a) starts.push(starts[starts.length - 1] + line.length);
  return lineChanges(a, b).map((c) => ({
    start: starts[c.aStart],
    end: starts[c.aEnd],
    newText: b.slice(c.bStart, c.bEnd).join(''),
  }));
}
