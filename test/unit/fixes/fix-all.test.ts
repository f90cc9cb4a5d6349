import * as assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/fixes/apply-edits';
import type { FixAnalysis } from '../../../server/src/fixes/fix-all';
import { fixAll, fixedEdits } from '../../../server/src/fixes/fix-all';
import type { Problem } from '../../../server/src/graph/problem';
import type { Finding } from '../../../server/src/rulekit/rule';
import { resourceAt } from './arm-resource';

const FILE = '/ws/azuredeploy.json';
const FQDN = 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN';
const PUBLIC = '"enablePrivateClusterPublicFQDN": true';

const cluster = (name: string) =>
  `    { "name": "${name}", "properties": { "apiServerAccessProfile": { ${PUBLIC} } }, "sku": "${name}" }`;
const TEMPLATE = `{\n  "resources": [\n${cluster('a')},\n${cluster('b')}\n  ]\n}\n`;

/**
 * A stand-in for the analysis, reading the template as the real rule would: a finding of `rule`
 * for each cluster whose flag is still true, with its "set it to false" fix.
 */
function analysis(text: string, rule = 'fqdn', problems: Problem[] = []): FixAnalysis {
  const findings: Finding[] = [0, 1].flatMap((i) => {
    const resource = resourceAt(FILE, text, i);
    if (!text.slice(lineOffset(text, resource.span.start.line)).split('\n')[0].includes(PUBLIC)) return [];
    return [
      {
        ruleId: i === 0 ? rule : `${rule}-other`,
        messageId: 'public',
        severity: 'error',
        message: 'public FQDN',
        resource,
        span: resource.span,
        related: [],
        fixes: [{ kind: 'setProperty', title: 'Set it to false', preferred: true, resource, path: FQDN, value: false }],
      },
    ];
  });
  return { findings, problems };
}

function lineOffset(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

describe('fix all (engine)', () => {
  it('applies every preferred fix, re-analysing after each, and returns the texts and their edits', async () => {
    const seen: string[] = [];
    const result = await fixAll({
      initial: analysis(TEMPLATE),
      wanted: () => true,
      writable: () => true,
      read: (f) => (f === FILE ? TEMPLATE : undefined),
      analyse: async (texts) => {
        seen.push(texts.get(FILE) ?? '');
        return analysis(texts.get(FILE) ?? '');
      },
    });
    const fixed = TEMPLATE.split(PUBLIC).join('"enablePrivateClusterPublicFQDN": false');
    assert.deepEqual([...result.texts], [[FILE, fixed]]);
    assert.equal(result.steps.length, 2);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(result.final.findings, []);
    assert.equal(seen.length, 2, 'one analysis per fix');
    const edits = fixedEdits(result.texts, () => TEMPLATE);
    assert.equal(applyEdits(TEMPLATE, edits), fixed);
    assert.deepEqual(
      edits.map((e) => [e.span.start, e.span.end]),
      [
        [
          { line: 2, character: 0 },
          { line: 4, character: 0 },
        ],
      ],
      'the two changed lines (and only they) are replaced',
    );
  });

  it('fixes only the wanted findings', async () => {
    const result = await fixAll({
      initial: analysis(TEMPLATE),
      wanted: (f) => f.ruleId === 'fqdn',
      writable: () => true,
      read: () => TEMPLATE,
      analyse: async (texts) => analysis(texts.get(FILE) ?? ''),
    });
    assert.deepEqual(
      result.final.findings.map((f) => f.ruleId),
      ['fqdn-other'],
    );
  });

  it('undoes a fix that leaves its finding, and tries it once only', async () => {
    let analyses = 0;
    const result = await fixAll({
      initial: analysis(TEMPLATE),
      wanted: (f) => f.ruleId === 'fqdn',
      writable: () => true,
      read: () => TEMPLATE,
      analyse: async () => {
        analyses++;
        return analysis(TEMPLATE);
      },
    });
    assert.equal(analyses, 1);
    assert.deepEqual(result.texts, new Map());
    assert.deepEqual(
      result.skipped.map((s) => s.why),
      ['the fix does not remove the finding'],
    );
  });

  it('undoes a fix after which the files do not load cleanly', async () => {
    const broken: Problem = {
      code: 'parse-error',
      severity: 'error',
      message: 'unexpected end',
      span: { file: FILE, start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
    const result = await fixAll({
      initial: analysis(TEMPLATE),
      wanted: (f) => f.ruleId === 'fqdn',
      writable: () => true,
      read: () => TEMPLATE,
      analyse: async (texts) => analysis(texts.get(FILE) ?? '', 'fqdn', [broken]),
    });
    assert.deepEqual(result.texts, new Map());
    assert.match(result.skipped[0].why, /do not load cleanly: parse-error: unexpected end/);
    assert.equal(result.final.findings.length, 2, 'the analysis before the fix stands');
  });

  it('writes no file it may not write, without analysing', async () => {
    const result = await fixAll({
      initial: analysis(TEMPLATE),
      wanted: () => true,
      writable: (f) => f !== FILE,
      read: () => TEMPLATE,
      analyse: () => assert.fail('nothing to analyse'),
    });
    assert.deepEqual(result.texts, new Map());
    assert.equal(result.skipped.length, 2);
    assert.match(result.skipped[0].why, /would write \/ws\/azuredeploy\.json, which may not be written here/);
  });
});
