import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readConfigFile } from '../../../server/src/config-file/read';
import { LineMap } from '../../../server/src/graph/span';

const DIR = path.resolve('/ws/repo');
const FILE = path.join(DIR, '.amlnetworkguard.json');
const EXISTING = new Set([path.join(DIR, 'env/prod.parameters.json'), path.join(DIR, 'env/prod.tfvars')]);
const env = {
  ruleIds: new Set(['private-cluster-public-fqdn', 'aks-workspace-region-mismatch']),
  unreadable: (f: string) => (EXISTING.has(f) ? undefined : `'${f}' does not exist`),
};

const read = (text: string) => readConfigFile(FILE, text, env);

/** The problems as [message, text of the range they cover]. */
function problems(text: string): [string, string][] {
  const lines = new LineMap(text);
  return read(text).problems.map((p) => {
    assert.equal(p.code, 'invalid-config');
    assert.equal(p.span.file, FILE);
    return [p.message, text.slice(lines.offset(p.span.start), lines.offset(p.span.end))];
  });
}

describe('.amlnetworkguard.json reader', () => {
  it('reads every key of a valid file (JSONC: comments, trailing commas), paths from its folder', () => {
    const text = `{
      "$schema": "./node_modules/aml-network-guard/schemas/amlnetworkguard.schema.json",
      // team policy
      "severity": { "private-cluster-public-fqdn": "warning", "aks-workspace-region-mismatch": "off" },
      "ignoredPaths": ["legacy", "**/*.test.json", "!legacy/keep"],
      "parameterFiles": ["env/prod.parameters.json"],
      /* Terraform */ "varFiles": ["./env/prod.tfvars",],
      "context": {
        "subscriptionId": "11111111-2222-3333-4444-555555555555",
        "resourceGroup": "rg-ml",
        "location": "westeurope",
        "tenantId": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "deploymentName": "ml-prod",
      },
      "unusedSuppressions": "error",
    }`;
    const { layer, problems: found } = read(text);
    assert.deepEqual(found, []);
    assert.deepEqual(layer, {
      severity: { 'private-cluster-public-fqdn': 'warning', 'aks-workspace-region-mismatch': 'off' },
      ignoredPaths: [
        { base: DIR, glob: 'legacy' },
        { base: DIR, glob: '**/*.test.json' },
        { base: DIR, glob: '!legacy/keep' },
      ],
      parameterFiles: [path.join(DIR, 'env/prod.parameters.json')],
      varFiles: [path.join(DIR, 'env/prod.tfvars')],
      context: {
        subscriptionId: '11111111-2222-3333-4444-555555555555',
        resourceGroup: 'rg-ml',
        location: 'westeurope',
        tenantId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        deploymentName: 'ml-prod',
      },
      unusedSuppressions: 'error',
    });
  });

  it('configures nothing, without complaint, when the file is empty or only comments', () => {
    for (const text of ['', '  \n', '// nothing yet\n', '/* later */'])
      assert.deepEqual(read(text), { file: FILE, layer: {}, problems: [], beyondSchema: [] });
  });

  it('reports each bad value on the value itself and keeps the valid parts', () => {
    const text = `{
  "severity": { "private-cluster-public-fqdn": "fatal", "privte-cluster-public-fqdn": "off", "aks-workspace-region-mismatch": "info" },
  "ignorePaths": ["legacy"],
  "parameterFiles": ["env/prod.parameters.json", "env/missing.json", 3, ""],
  "varFiles": "env/prod.tfvars",
  "context": { "subscriptionId": "not-a-guid", "location": "westeurope", "region": "x", "resourceGroup": 7 },
  "unusedSuppressions": "loud"
}`;
    assert.deepEqual(problems(text), [
      [
        "the severity of 'private-cluster-public-fqdn' must be one of error, warning, info, off, not 'fatal'; it is ignored",
        '"fatal"',
      ],
      [
        "'privte-cluster-public-fqdn' is not a rule id (did you mean 'private-cluster-public-fqdn'?); it is ignored",
        '"privte-cluster-public-fqdn"',
      ],
      ["unknown key 'ignorePaths' (did you mean 'ignoredPaths'?); it is ignored", '"ignorePaths"'],
      [
        `the parameter file 'env/missing.json' cannot be read: '${path.join(DIR, 'env/missing.json')}' does not exist; it is ignored`,
        '"env/missing.json"',
      ],
      ["an entry of 'parameterFiles' must be a non-empty string, not 3; it is ignored", '3'],
      ["an entry of 'parameterFiles' must be a non-empty string, not ''; it is ignored", '""'],
      ["'varFiles' must be a list of paths; it is ignored", '"env/prod.tfvars"'],
      [
        "'context.subscriptionId' must be a GUID (00000000-0000-0000-0000-000000000000), not 'not-a-guid'; it is ignored",
        '"not-a-guid"',
      ],
      ["unknown key 'context.region'; it is ignored", '"region"'],
      ["'context.resourceGroup' must be a non-empty string, not 7; it is ignored", '7'],
      ["'unusedSuppressions' must be one of error, warning, info, off, not 'loud'; it is ignored", '"loud"'],
    ]);
    // Only the missing file is beyond what the JSON schema checks.
    assert.deepEqual(
      read(text).beyondSchema.map((p) => p.message),
      [
        `the parameter file 'env/missing.json' cannot be read: '${path.join(DIR, 'env/missing.json')}' does not exist; it is ignored`,
      ],
    );
    assert.deepEqual(read(text).layer, {
      severity: { 'aks-workspace-region-mismatch': 'info' },
      parameterFiles: [path.join(DIR, 'env/prod.parameters.json')],
      context: { location: 'westeurope' },
    });
  });

  it('reports only the first syntax error, where it is, and applies what it could read', () => {
    const text =
      '{\n  "severity": { "private-cluster-public-fqdn": "off" }\n  "context": { "location": "westeurope" },\n}';
    assert.deepEqual(problems(text), [
      [".amlnetworkguard.json is not valid JSON: a ',' is expected; the rest of it still applies", '"context"'],
    ]);
    assert.deepEqual(read(text).layer, {
      severity: { 'private-cluster-public-fqdn': 'off' },
      context: { location: 'westeurope' },
    });
  });

  it('refuses a glob that would stall the analysis, on the glob', () => {
    const text = `{ "ignoredPaths": ["legacy", "${'{a,b}'.repeat(10)}"] }`;
    assert.deepEqual(problems(text), [
      ['the glob is refused: its braces expand to more than 64 patterns; it is ignored', `"${'{a,b}'.repeat(10)}"`],
    ]);
    assert.deepEqual(read(text).layer, { ignoredPaths: [{ base: DIR, glob: 'legacy' }] });
  });

  it('applies nothing from a file that is not an object', () => {
    assert.deepEqual(problems('["severity"]'), [
      ['.amlnetworkguard.json must be a JSON object; none of it applies', '["severity"]'],
    ]);
    assert.deepEqual(read('["severity"]').layer, {});
  });

  it('warns about a key written twice and applies the last one, as JSON readers do', () => {
    const text = '{ "context": { "location": "a" }, "context": { "location": "b" } }';
    const found = read(text);
    assert.deepEqual(
      found.problems.map((p) => [p.severity, p.message]),
      [['warning', "'context' is written twice; the last one applies"]],
    );
    assert.equal(found.problems[0].span.start.character, text.indexOf('"context"'));
    assert.deepEqual(found.layer, { context: { location: 'b' } });
  });

  it('never throws on hostile input', () => {
    for (const text of [
      '{',
      '{"severity":',
      '{"severity":{"x"',
      '\u0000\uffff',
      '{"context":[[[[',
      '"x"',
      'null',
      '1e999',
    ])
      assert.doesNotThrow(() => read(text), text);
    const deep = '{"ignoredPaths":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    assert.doesNotThrow(() => read(deep));
  });
});
