import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { PackageInfo } from '../../server/src/cli/package-info';
import { obj } from '../../server/src/graph/value';
import type { Resource } from '../../server/src/graph/resource';
import type { SourceSpan } from '../../server/src/graph/span';
import { formatJson } from '../../server/src/output/json';
import type { ScanReport } from '../../server/src/output/report';
import { formatSarif } from '../../server/src/output/sarif';
import { formatText } from '../../server/src/output/text';
import type { RuleMeta } from '../../server/src/rulekit/rule';
import { REPO } from './cli-process';
import { sarifValidator } from './sarif-schema';

const ROOT = path.join(path.sep, 'ws', 'repo');
const MAIN = path.join(ROOT, 'infra', 'main.json');
const NET = path.join(ROOT, 'infra', 'net work.json');

const span = (file: string, line: number, character: number, endCharacter: number): SourceSpan => ({
  file,
  start: { line, character },
  end: { line, character: endCharacter },
});

const cluster: Resource = {
  id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks1',
  key: '/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/aks1',
  idKnown: true,
  type: 'Microsoft.ContainerService/managedClusters',
  name: 'aks1',
  body: obj([]),
  origin: 'declared',
  presence: 'always',
  language: 'arm',
  file: MAIN,
  span: span(MAIN, 10, 4, 5),
  symbol: 'aks1',
};

const ruleA: RuleMeta = {
  id: 'rule-a',
  defaultSeverity: 'error',
  title: 'Rule A title',
  category: 'cluster',
  languages: ['arm'],
  docs: 'rule-a',
  fixable: true,
  messages: { m: 'first in order' },
  source: { document: 'EN', quote: 'A quoted sentence.' },
};
const ruleB: RuleMeta = {
  id: 'rule-b',
  defaultSeverity: 'info',
  title: 'Rule B title',
  category: 'workspace',
  languages: ['arm'],
  docs: 'rule-b',
  fixable: false,
  messages: { m: 'second in order' },
  source: { document: 'review', quote: '' },
};

const TOOL: PackageInfo = {
  name: 'aml-network-guard',
  version: '9.8.7',
  root: REPO,
  informationUri: 'https://github.com/o/r',
  githubRepository: 'https://github.com/o/r',
};

function report(explain: boolean): ScanReport {
  return {
    root: ROOT,
    cwd: path.join(ROOT, 'infra'),
    files: [MAIN, NET],
    findings: [
      {
        ruleId: 'rule-b',
        messageId: 'm',
        severity: 'info',
        message: 'second in order',
        resource: cluster,
        span: span(MAIN, 20, 2, 8),
        related: [],
        fixes: [],
      },
      {
        ruleId: 'rule-a',
        messageId: 'm',
        severity: 'error',
        message: 'first in order',
        resource: cluster,
        span: span(MAIN, 11, 6, 20),
        related: [{ span: span(NET, 3, 0, 4), message: 'the VNet is here' }],
        fixes: [
          { kind: 'setProperty', title: 't', resource: cluster, path: 'properties.x', value: false, preferred: true },
        ],
      },
    ],
    suppressed: [],
    problems: [{ code: 'parse-error', severity: 'error', message: 'expected a comma', span: span(NET, 0, 9, 9) }],
    unknowns: explain
      ? [{ ruleId: 'rule-a', message: 'parameter x has no value', span: span(MAIN, 30, 1, 3) }]
      : undefined,
    rules: [
      { meta: ruleA, setting: 'error' },
      { meta: ruleB, setting: 'info' },
    ],
    complete: true,
  };
}

describe('text output', () => {
  it('prints compiler-style lines sorted by file and position, related locations, problems and a summary', () => {
    assert.equal(
      formatText(report(false), { color: false }),
      [
        'main.json:12:7: error rule-a: first in order',
        '    net work.json:4:1: note: the VNet is here',
        'main.json:21:3: info rule-b: second in order',
        'net work.json:1:10: error parse-error: expected a comma',
        '',
        '2 findings (1 error, 0 warnings, 1 info); 1 note (1 error) in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('adds the not-evaluated section with --explain-unknowns', () => {
    const lines = formatText(report(true), { color: false }).split('\n');
    assert.deepEqual(lines.slice(4, 7), [
      '',
      'Not evaluated (1): a rule stayed silent because an input is unknown',
      '  main.json:31:2: rule-a: parameter x has no value',
    ]);
  });

  it('says so when --explain-unknowns finds every check decided', () => {
    const lines = formatText({ ...report(true), unknowns: [] }, { color: false }).split('\n');
    assert.deepEqual(lines.slice(4, 6), ['', 'Not evaluated: none, every check could be decided']);
  });

  it('counts the findings suppressed by comments on a line of their own before the summary', () => {
    const base = report(false);
    const suppression = { kind: 'next-line' as const, span: base.findings[0].span };
    const lines = formatText({ ...base, suppressed: [{ finding: base.findings[0], suppression }] }, { color: false });
    assert.ok(
      lines.endsWith(
        '\n1 finding suppressed by comments (--format json or sarif lists them)\n2 findings (1 error, 0 warnings, 1 info); 1 note (1 error) in 2 files\n',
      ),
      lines,
    );
  });

  it('colours severities only when asked', () => {
    const text = formatText(report(false), { color: true });
    assert.equal(text.split('\n')[0], 'main.json:12:7: \u001b[31merror\u001b[0m rule-a: first in order');
    assert.ok(!formatText(report(false), { color: false }).includes('\u001b'));
  });
});

describe('JSON output', () => {
  it('has the documented shape with 1-based ranges and root-relative paths', () => {
    const doc = JSON.parse(formatJson(report(false), TOOL));
    assert.deepEqual(Object.keys(doc), [
      'version',
      'tool',
      'root',
      'files',
      'summary',
      'findings',
      'suppressed',
      'problems',
    ]);
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.tool, { name: 'aml-network-guard', version: '9.8.7' });
    assert.deepEqual(doc.files, ['infra/main.json', 'infra/net work.json']);
    assert.deepEqual(doc.summary, {
      errors: 2,
      warnings: 0,
      infos: 1,
      files: 2,
      suppressed: 0,
      findings: { errors: 1, warnings: 0, infos: 1 },
      notes: { errors: 1, warnings: 0, infos: 0 },
    });
    assert.deepEqual(doc.findings[0], {
      ruleId: 'rule-a',
      messageId: 'm',
      severity: 'error',
      message: 'first in order',
      file: 'infra/main.json',
      range: { startLine: 12, startColumn: 7, endLine: 12, endColumn: 21 },
      resource: { type: 'Microsoft.ContainerService/managedClusters', name: 'aks1' },
      fixAvailable: true,
      fixes: [{ title: 't', preferred: true }],
      related: [
        {
          message: 'the VNet is here',
          file: 'infra/net work.json',
          range: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 5 },
        },
      ],
    });
    assert.equal(doc.findings[1].fixAvailable, false);
    assert.deepEqual(doc.problems, [
      {
        code: 'parse-error',
        severity: 'error',
        message: 'expected a comma',
        file: 'infra/net work.json',
        range: { startLine: 1, startColumn: 10, endLine: 1, endColumn: 10 },
      },
    ]);
  });

  it('lists notEvaluated only with --explain-unknowns', () => {
    assert.deepEqual(JSON.parse(formatJson(report(true), TOOL)).notEvaluated, [
      {
        ruleId: 'rule-a',
        message: 'parameter x has no value',
        file: 'infra/main.json',
        range: { startLine: 31, startColumn: 2, endLine: 31, endColumn: 4 },
      },
    ]);
  });
});

describe('SARIF output', () => {
  const validate = sarifValidator();

  it('validates against the official SARIF 2.1.0 schema', () => {
    for (const explain of [false, true]) {
      const result = validate(JSON.parse(formatSarif(report(explain), TOOL)));
      assert.deepEqual(result.errors, []);
      assert.equal(result.valid, true);
    }
  });

  it('the validator rejects a broken document', () => {
    const doc = JSON.parse(formatSarif(report(false), TOOL));
    doc.runs[0].results[0].level = 'fatal';
    delete doc.runs[0].tool.driver.name;
    const result = validate(doc);
    assert.equal(result.valid, false);
    assert.ok(
      result.errors.some((e) => e.startsWith('/runs/0/tool/driver ')),
      result.errors.join('\n'),
    );
    assert.ok(
      result.errors.some((e) => e.startsWith('/runs/0/results/0/level ')),
      result.errors.join('\n'),
    );
  });

  it('describes every rule and the tool', () => {
    const run = JSON.parse(formatSarif(report(false), TOOL)).runs[0];
    assert.deepEqual(
      { name: run.tool.driver.name, version: run.tool.driver.version, uri: run.tool.driver.informationUri },
      { name: 'aml-network-guard', version: '9.8.7', uri: 'https://github.com/o/r' },
    );
    const [a, b] = run.tool.driver.rules;
    assert.equal(run.tool.driver.rules.length, 2);
    assert.equal(a.id, 'rule-a');
    assert.deepEqual(a.shortDescription, { text: 'Rule A title' });
    assert.equal(a.fullDescription.text, 'Rule A title Source (EN): "A quoted sentence."');
    assert.equal(a.helpUri, 'https://github.com/o/r/blob/v9.8.7/docs/rules/rule-a.md');
    assert.match(
      a.help.text,
      /^Rule A title\n\nSource \(EN\): "A quoted sentence."\n\nThe rule's page: docs\/rules\/rule-a.md/,
    );
    assert.deepEqual(a.defaultConfiguration, { level: 'error' });
    assert.deepEqual(a.properties, {
      tags: ['security', 'azure', 'network', 'cluster', 'en'],
      precision: 'high',
      'security-severity': '7.5',
    });
    assert.deepEqual(b.defaultConfiguration, { level: 'note' });
    assert.equal(b.properties['security-severity'], '2.0');
  });

  it('links no page and no project when the package declares no real address', () => {
    const driver = JSON.parse(
      formatSarif(report(false), { ...TOOL, informationUri: undefined, githubRepository: undefined }),
    ).runs[0].tool.driver;
    assert.equal(driver.informationUri, undefined);
    assert.deepEqual(
      driver.rules.map((r: { helpUri?: string }) => r.helpUri),
      [undefined, undefined],
    );
  });

  it('scores security severity by the severity in effect, so --severity moves it too', () => {
    const changed = report(false);
    changed.rules[1].setting = 'error';
    const rules = JSON.parse(formatSarif(changed, TOOL)).runs[0].tool.driver.rules;
    assert.equal(rules[1].properties['security-severity'], '7.5');
  });

  it('gives each result a fingerprint that survives line moves and tells findings apart', () => {
    const fingerprintsOf = (r: ScanReport): string[] =>
      JSON.parse(formatSarif(r, TOOL)).runs[0].results.map(
        (x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints,
      );
    const moved = report(false);
    moved.findings = moved.findings.map((f) => ({
      ...f,
      span: {
        ...f.span,
        start: { ...f.span.start, line: f.span.start.line + 40 },
        end: { ...f.span.end, line: f.span.end.line + 40 },
      },
    }));
    const before = fingerprintsOf(report(false));
    assert.deepEqual(fingerprintsOf(moved), before);
    const [a, b] = before as unknown as Record<string, string>[];
    assert.match(a['amlNetworkGuard/v1'], /^[0-9a-f]{32}:1$/);
    assert.equal(a.primaryLocationLineHash, a['amlNetworkGuard/v1']);
    assert.notEqual(a['amlNetworkGuard/v1'], b['amlNetworkGuard/v1']);
    const twice = report(false);
    twice.findings.push({ ...twice.findings[1], span: span(MAIN, 50, 2, 8) });
    const third = fingerprintsOf(twice)[2] as unknown as Record<string, string>;
    assert.equal(third['amlNetworkGuard/v1'], a['amlNetworkGuard/v1'].replace(/:1$/, ':2'));
  });

  it('sets the category as automationDetails.id, a trailing slash making it a category', () => {
    const id = (category: string) =>
      JSON.parse(formatSarif(report(false), TOOL, { category })).runs[0].automationDetails.id;
    assert.equal(id('infra'), 'infra/');
    assert.equal(id('infra/arm/'), 'infra/arm/');
    assert.equal(JSON.parse(formatSarif(report(false), TOOL)).runs[0].automationDetails, undefined);
  });

  it('writes results with relative locations, regions, rule indexes and related locations', () => {
    const run = JSON.parse(formatSarif(report(false), TOOL)).runs[0];
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///ws/repo/' } });
    assert.deepEqual(
      run.artifacts.map((x: { location: { uri: string } }) => x.location.uri),
      ['infra/main.json', 'infra/net%20work.json'],
    );
    const { partialFingerprints, ...first } = run.results[0];
    assert.ok(partialFingerprints.primaryLocationLineHash);
    assert.deepEqual(first, {
      ruleId: 'rule-a',
      ruleIndex: 0,
      level: 'error',
      message: { text: 'first in order' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/main.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12, startColumn: 7, endLine: 12, endColumn: 21 },
          },
        },
      ],
      relatedLocations: [
        {
          id: 1,
          physicalLocation: {
            artifactLocation: { uri: 'infra/net%20work.json', uriBaseId: '%SRCROOT%' },
            region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 5 },
          },
          message: { text: 'the VNet is here' },
        },
      ],
      properties: { resourceType: 'Microsoft.ContainerService/managedClusters', resourceName: 'aks1' },
    });
    assert.equal(run.results[1].ruleIndex, 1);
    assert.equal(run.results[1].level, 'note');
  });

  it('records --severity overrides as rule configuration overrides', () => {
    const plain = JSON.parse(formatSarif(report(false), TOOL)).runs[0];
    assert.equal(plain.invocations[0].ruleConfigurationOverrides, undefined);
    const changed = report(false);
    changed.rules[0].setting = 'off';
    changed.rules[1].setting = 'warning';
    const doc = JSON.parse(formatSarif(changed, TOOL));
    assert.deepEqual(validate(doc).errors, []);
    assert.deepEqual(doc.runs[0].invocations[0].ruleConfigurationOverrides, [
      { descriptor: { id: 'rule-a', index: 0 }, configuration: { enabled: false } },
      { descriptor: { id: 'rule-b', index: 1 }, configuration: { level: 'warning' } },
    ]);
  });

  it('calls the execution unsuccessful only when a file could not be analysed', () => {
    assert.equal(JSON.parse(formatSarif(report(false), TOOL)).runs[0].invocations[0].executionSuccessful, false);
    const warned = report(false);
    warned.problems = warned.problems.map((p) => ({ ...p, severity: 'warning' }));
    assert.equal(JSON.parse(formatSarif(warned, TOOL)).runs[0].invocations[0].executionSuccessful, true);
  });

  it('reports problems and not-evaluated checks as notifications naming the file, not results', () => {
    const run = JSON.parse(formatSarif(report(true), TOOL)).runs[0];
    assert.equal(run.results.length, 2);
    const notes = run.invocations[0].toolExecutionNotifications;
    assert.deepEqual(
      notes.map((n: { level: string; descriptor: { id: string }; message: { text: string } }) => [
        n.level,
        n.descriptor.id,
        n.message.text,
      ]),
      [
        ['error', 'parse-error', 'infra/net work.json: expected a comma'],
        ['note', 'not-evaluated', 'rule-a not evaluated: parameter x has no value'],
      ],
    );
    assert.deepEqual(notes[1].associatedRule, { id: 'rule-a', index: 0 });
  });
});
