// One-off (issue 9): turns every old rule case folder, test/rules/<rule>/<lang>/<case>/ with its
// expect.json, into an annotated Markdown case over the base that states it in the fewest lines, then
// checks that the new case writes back exactly the old files and passes the tester. Run after
// `npx tsc -b`: node scripts/migrate-cases.cjs [--write]
const fs = require('node:fs');
const path = require('node:path');
const { diffArrays } = require('diff');

const REPO = path.resolve(__dirname, '..');
const out = (p) => require(path.join(REPO, 'out/test/tester', p));
const { initAnalysis } = require(path.join(REPO, 'out/server/src/analysis'));
const { analyseFolder } = out('analyse');
const { annotationLine, checkCase, offersFix, rangeText } = out('check');
const { parseCaseFile } = out('case-file');
const { caseFiles, readBase, textOf, writeCase } = out('materialise');
const { BASES_ROOT, CASES_ROOT, scratchDir, shown } = out('cases');

const BASES = { arm: ['arm-aks-workspace', 'arm-aks-hub'], bicep: ['bicep-aks-workspace'], terraform: ['terraform-aks-workspace'] };
const CONTEXT = 2;
const write = process.argv.includes('--write');

function oldCases() {
  const dirs = (p) => fs.readdirSync(p, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('_')).map((d) => d.name).sort();
  const res = [];
  for (const rule of dirs(CASES_ROOT))
    for (const lang of dirs(path.join(CASES_ROOT, rule)))
      for (const name of dirs(path.join(CASES_ROOT, rule, lang))) {
        const dir = path.join(CASES_ROOT, rule, lang, name);
        if (fs.existsSync(path.join(dir, 'expect.json'))) res.push({ rule, lang, name, dir });
      }
  return res;
}

function filesOf(dir, sub = '') {
  const res = new Map();
  for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = sub ? `${sub}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of filesOf(dir, rel)) res.set(k, v);
    else if (rel !== 'expect.json') res.set(rel, fs.readFileSync(path.join(dir, rel), 'utf8').replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n'));
  }
  return res;
}

const langWord = (file) => (file.endsWith('.bicep') ? 'bicep' : file.endsWith('.bicepparam') ? 'bicep-params' : file.endsWith('.json') ? 'json' : file.endsWith('.tfvars') ? 'terraform' : file.endsWith('.tf') ? 'terraform' : 'text');

function fence(lines) {
  let f = '```';
  while (lines.some((l) => l.startsWith(f))) f += '`';
  return f;
}

/** Whole-file block with annotations under their lines. */
function wholeBlock(file, lines, notes) {
  const body = [];
  lines.forEach((l, i) => {
    body.push(l);
    for (const a of notes.get(i) ?? []) body.push(a);
  });
  const f = fence(body);
  return `${f}${langWord(file)} ${file}\n${body.join('\n')}\n${f}`;
}

/** Unified-diff block from the base lines to the case lines, annotations as added lines. */
function diffBlock(file, base, lines, notes) {
  const ops = [];
  let o = 0;
  let n = 0;
  for (const part of diffArrays(base, lines)) {
    for (const text of part.value) {
      if (part.added) ops.push({ op: '+', text, o, n: n++ });
      else if (part.removed) ops.push({ op: '-', text, o: o++, n });
      else ops.push({ op: ' ', text, o: o++, n: n++ });
    }
  }
  const wanted = ops.map((x) => x.op !== ' ' || (x.op === ' ' && notes.has(x.n)));
  if (!wanted.some(Boolean)) return undefined;
  const hunks = [];
  let cur;
  ops.forEach((x, i) => {
    if (!wanted[i]) return;
    const from = Math.max(0, i - CONTEXT);
    const to = Math.min(ops.length - 1, i + CONTEXT);
    if (cur && from <= cur.to + 1) cur.to = Math.max(cur.to, to);
    else hunks.push((cur = { from, to }));
  });
  const body = [];
  for (const h of hunks) {
    const slice = ops.slice(h.from, h.to + 1);
    const oldCount = slice.filter((x) => x.op !== '+').length;
    const newCount = slice.filter((x) => x.op !== '-').length;
    const oldStart = (slice.find((x) => x.op !== '+') ?? slice[0]).o + (oldCount ? 1 : 0);
    const newStart = (slice.find((x) => x.op !== '-') ?? slice[0]).n + (newCount ? 1 : 0);
    body.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const x of slice) {
      body.push(x.op === ' ' && x.text === '' ? '' : `${x.op}${x.text}`);
      if (x.op !== '-') for (const a of notes.get(x.n) ?? []) body.push(`+${a}`);
    }
  }
  const f = fence(body);
  return `${f}diff ${file}\n${body.join('\n')}\n${f}`;
}

function caseText(c, expect, files, notes, baseName) {
  const base = baseName ? readBase(BASES_ROOT, baseName) : new Map();
  const blocks = [];
  for (const [file, lines] of files) {
    const mine = notes.get(file) ?? new Map();
    const b = base.get(file);
    if (!b) blocks.push(wholeBlock(file, lines, mine));
    else {
      const d = diffBlock(file, b.map((l) => l.text), lines, mine);
      if (d) blocks.push(d);
    }
  }
  for (const file of base.keys()) if (!files.has(file)) blocks.push(`\`\`\`delete ${file}\n\`\`\``);
  const front = [];
  if (baseName) front.push(`base: ${baseName}`);
  if (expect.problems?.length) front.push(`problems: ${expect.problems.join(', ')}`);
  if (expect.notEvaluated?.length) front.push(`notEvaluated: ${expect.notEvaluated.join(', ')}`);
  const head = front.length ? `---\n${front.join('\n')}\n---\n` : '';
  return `${head}${expect.why.trim()}\n\n${blocks.join('\n\n')}\n`;
}

/** Checks the old expectations against the analysis, so the new annotations keep every assertion. */
function oldAssertionsHold(c, expect, result) {
  const rel = (p) => path.relative(c.dir, p).split(path.sep).join('/');
  const errs = [];
  for (const e of expect.findings) {
    const f = result.findings.find((x) => x.ruleId === e.rule && rel(x.span.file) === e.file && rangeText(x.span) === e.range);
    if (!f) errs.push(`missing ${e.rule} ${e.file} ${e.range}`);
    else {
      if (e.related && JSON.stringify(f.related.map((r) => `${rel(r.span.file)}:${r.span.start.line + 1}`).sort()) !== JSON.stringify([...e.related].sort())) errs.push(`related of ${e.rule}`);
      if (e.severity && f.severity !== e.severity) errs.push(`severity of ${e.rule}`);
      if (e.fix !== undefined && offersFix(f) !== e.fix) errs.push(`fix of ${e.rule}`);
    }
  }
  for (const id of expect.silent) if (result.findings.some((f) => f.ruleId === id)) errs.push(`${id} fires`);
  const codes = [...new Set(result.problems.map((p) => p.code))].sort();
  if (JSON.stringify(codes) !== JSON.stringify([...(expect.problems ?? [])].sort())) errs.push(`problems ${codes}`);
  return errs;
}

(async () => {
  await initAnalysis();
  let before = 0;
  let after = 0;
  const extra = [];
  let failed = 0;
  for (const c of oldCases()) {
    const expect = JSON.parse(fs.readFileSync(path.join(c.dir, 'expect.json'), 'utf8'));
    const files = filesOf(c.dir);
    before += fs.readFileSync(path.join(c.dir, 'expect.json'), 'utf8').split('\n').length;
    for (const l of files.values()) before += l.length;
    const result = analyseFolder(c.dir);
    const name = `${c.rule}/${c.lang}/${c.name}`;
    const errs = oldAssertionsHold(c, expect, result);
    if (errs.length) {
      console.log(`${name}: old expectations do not hold: ${errs.join('; ')}`);
      failed++;
      continue;
    }
    const listed = new Set([...expect.findings.map((f) => f.rule), ...expect.silent]);
    const rel = (p) => path.relative(c.dir, p).split(path.sep).join('/');
    const notes = new Map();
    for (const f of [...result.findings].sort((a, b) => a.span.start.character - b.span.start.character)) {
      if (!listed.has(f.ruleId)) extra.push(`${name}: ${f.ruleId} ${rel(f.span.file)} ${rangeText(f.span)} (not named by the old case; annotated)`);
      const file = rel(f.span.file);
      if (!notes.has(file)) notes.set(file, new Map());
      const m = notes.get(file);
      if (!m.has(f.span.start.line)) m.set(f.span.start.line, []);
      m.get(f.span.start.line).push(annotationLine(f, file, rel));
    }
    const options = [undefined, ...(BASES[c.lang] ?? [])].map((b) => caseText(c, expect, files, notes, b));
    const text = options.reduce((best, t) => (t.split('\n').length < best.split('\n').length ? t : best));
    const source = path.join(CASES_ROOT, c.rule, c.lang, `${c.name}.md`);
    // Verify: the case writes back the old files exactly, and passes the tester.
    const spec = parseCaseFile(source, text);
    const made = caseFiles(spec, BASES_ROOT);
    const same = made.files.size === files.size && [...files].every(([f, l]) => made.files.get(f) && textOf(made.files.get(f)) === `${l.join('\n')}\n`);
    const dir = scratchDir(`migrate/${name}`);
    writeCase(made, dir);
    const failures = checkCase(spec, made, dir, shown);
    if (!same || failures.length) {
      console.log(`${name}: ${same ? '' : 'files differ; '}${failures.join('\n')}`);
      failed++;
      continue;
    }
    after += text.split('\n').length;
    if (write) {
      fs.writeFileSync(source, text);
      fs.rmSync(c.dir, { recursive: true });
    }
  }
  console.log(extra.join('\n'));
  console.log(`lines before ${before}, after ${after} (+ bases ${basesLines()}); failed ${failed}`);
  process.exit(failed ? 1 : 0);
})();

function basesLines() {
  let n = 0;
  for (const b of fs.readdirSync(BASES_ROOT)) for (const l of readBase(BASES_ROOT, b).values()) n += l.length;
  return n;
}
