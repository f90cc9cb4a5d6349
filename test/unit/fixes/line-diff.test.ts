import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lineChanges, lineReplacements, splitLines } from '../../../server/src/fixes/line-diff';
import { unifiedDiff } from '../../../server/src/output/unified-diff';

/** A small deterministic generator, so that a failure names its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** Lines drawn from a few values (so that many repeat, as braces do in templates), maybe without a final line break. */
function text(next: () => number, lines: number): string {
  const words = ['{', '}', '  a = 1', '  b = 2', '', 'resource x {', '  c = [1, 2]'];
  const out = Array.from({ length: lines }, () => words[Math.floor(next() * words.length)] + '\n').join('');
  return next() < 0.2 ? out.replace(/\n$/, '') : out;
}

/** The old text with a random number of lines changed, dropped or added. */
function edited(next: () => number, before: string): string {
  const lines = splitLines(before);
  const out: string[] = [];
  for (const l of lines) {
    const r = next();
    if (r < 0.1) continue;
    if (r < 0.2) out.push('changed\n');
    else out.push(l);
    if (next() < 0.1) out.push('added\n');
  }
  return out.join('');
}

/** The length of the longest common subsequence of lines, by dynamic programming. */
function lcs(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1]);
      diag = up;
    }
  }
  return row[b.length];
}

describe('line diff', () => {
  it('finds a shortest edit script (as many lines kept as the longest common subsequence)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const before = text(next, Math.floor(next() * 30));
      const after = next() < 0.5 ? edited(next, before) : text(next, Math.floor(next() * 30));
      const a = splitLines(before);
      const b = splitLines(after);
      const changes = lineChanges(a, b);
      const changed = changes.reduce((n, c) => n + (c.aEnd - c.aStart) + (c.bEnd - c.bStart), 0);
      assert.equal(changed, a.length + b.length - 2 * lcs(a, b), `seed ${seed}`);
      let rebuilt = '';
      let offset = 0;
      for (const r of lineReplacements(before, after)) {
        rebuilt += before.slice(offset, r.start) + r.newText;
        offset = r.end;
      }
      assert.equal(rebuilt + before.slice(offset), after, `seed ${seed}: the replacements rebuild the new text`);
    }
  });

  it('replaces the whole differing middle of texts too different to search', () => {
    const before = Array.from({ length: 2500 }, (_, i) => `old ${i}\n`).join('');
    const after = `same\n${Array.from({ length: 2500 }, (_, i) => `new ${i}\n`).join('')}`;
    assert.deepEqual(lineChanges(splitLines(`same\n${before}`), splitLines(after)), [
      { aStart: 1, aEnd: 2501, bStart: 1, bEnd: 2501 },
    ]);
  });

  it('has nothing to say about equal texts', () => {
    assert.deepEqual(lineChanges(splitLines('a\nb\n'), splitLines('a\nb\n')), []);
    assert.equal(unifiedDiff('x.tf', 'a\n', 'a\n'), '');
  });

  it('writes hunks as diff -u does: 3 lines of context, ranges, a missing final line break', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14', '15'].join('\n');
    const after = before.replace('2\n', '2\ntwo and a half\n').replace('\n15', '\n15\n');
    assert.equal(
      unifiedDiff('dir/main.tf', before, after),
      [
        '--- a/dir/main.tf',
        '+++ b/dir/main.tf',
        '@@ -1,5 +1,6 @@',
        ' 1',
        ' 2',
        '+two and a half',
        ' 3',
        ' 4',
        ' 5',
        '@@ -12,4 +13,4 @@',
        ' 12',
        ' 13',
        ' 14',
        '-15',
        '\\ No newline at end of file',
        '+15',
        '',
      ].join('\n'),
    );
    assert.equal(unifiedDiff('new.tf', undefined, 'a\nb\n'), '--- /dev/null\n+++ b/new.tf\n@@ -0,0 +1,2 @@\n+a\n+b\n');
  });

  it('prints diffs that patch applies to the new text', function () {
    this.timeout(20000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'line-diff-'));
    try {
      for (let seed = 1; seed <= 40; seed++) {
        const next = random(seed * 7919);
        const before = text(next, 5 + Math.floor(next() * 40));
        const after = edited(next, before);
        const file = path.join(dir, 'f.txt');
        fs.writeFileSync(file, before);
        const diff = unifiedDiff('f.txt', before, after);
        if (diff === '') continue;
        execFileSync('patch', ['-p1', '--batch', '--silent'], { cwd: dir, input: diff });
        assert.equal(fs.readFileSync(file, 'utf8'), after, `seed ${seed}:\n${diff}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
