import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { CONFIG_SCHEMA_PATH, configFileSchema, mirroredSettingsSchema } from '../../../server/src/config-file/schema';
import { readConfigFile } from '../../../server/src/config-file/read';
import { CONFIG_FILE_NAME } from '../../../server/src/config-file/spec';
import { ALL_RULES } from '../../../server/src/rulekit/registry';

const REPO = path.resolve(__dirname, '../../../..');
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const RULE = ALL_RULES[0].meta.id;

/** What VS Code validates with (the schema) and what the analysis applies (the reader) must agree. */
describe('.amlnetworkguard.json schema', () => {
  it('is current in schemas/ (npm run rules:schema) and lists every registered rule', () => {
    const written = JSON.parse(fs.readFileSync(path.join(REPO, CONFIG_SCHEMA_PATH), 'utf8')) as {
      properties: { severity: { properties: object } };
    };
    assert.deepEqual(written, configFileSchema(ALL_RULES), 'run `npm run rules:schema` to regenerate it');
    assert.deepEqual(
      Object.keys(written.properties.severity.properties),
      ALL_RULES.map((r) => r.meta.id),
    );
  });

  it('is contributed to VS Code for the file, which is JSONC', () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: CONFIG_FILE_NAME, url: `./${CONFIG_SCHEMA_PATH}` }]);
    assert.ok(
      pkg.contributes.languages.some(
        (l: { id: string; filenames?: string[] }) => l.id === 'jsonc' && l.filenames?.includes(CONFIG_FILE_NAME),
      ),
    );
    assert.ok(fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').includes('!schemas/**'), 'shipped in the vsix');
  });

  it('has every key mirrored as an amlNetworkGuard.* setting, generated from the same table', () => {
    const settings = pkg.contributes.configuration.properties;
    for (const [key, schema] of Object.entries(mirroredSettingsSchema(ALL_RULES)))
      assert.deepEqual(settings[key], schema, `${key}: run \`npm run rules:schema\``);
    const file = configFileSchema(ALL_RULES).properties as Record<string, { properties?: object }>;
    const mirrored = Object.keys(mirroredSettingsSchema(ALL_RULES)).map((k) => k.replace('amlNetworkGuard.', ''));
    const fileKeys = [
      ...Object.keys(file).filter((k) => !['$schema', 'context', 'unusedSuppressions'].includes(k)),
      ...Object.keys(file.context.properties ?? {}).map((k) => `context.${k}`),
    ];
    assert.deepEqual(mirrored.sort(), fileKeys.sort());
  });

  describe('agrees with the reader on what is valid', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(configFileSchema(ALL_RULES));
    const valid: unknown[] = [
      {},
      { $schema: 'x' },
      { severity: { [RULE]: 'off' } },
      { ignoredPaths: ['a', '!b/**'], parameterFiles: ['p.json'], varFiles: [] },
      { context: { subscriptionId: '11111111-2222-3333-4444-555555555555', location: 'westeurope' } },
      { unusedSuppressions: 'error' },
    ];
    const invalid: unknown[] = [
      [],
      'x',
      { severity: { [RULE]: 'fatal' } },
      { severity: { 'no-such-rule': 'off' } },
      { severity: [] },
      { ignorePaths: [] },
      { ignoredPaths: 'a' },
      { ignoredPaths: [''] },
      { parameterFiles: [1] },
      { context: { subscriptionId: 'abc' } },
      { context: { tenantId: '' } },
      { context: { location: '' } },
      { context: { resourceGroup: '  ' } },
      { varFiles: [' '] },
      { context: { region: 'x' } },
      { context: 'westeurope' },
      { unusedSuppressions: 'loud' },
    ];
    const env = { ruleIds: new Set(ALL_RULES.map((r) => r.meta.id)), unreadable: () => undefined };
    for (const [doc, expected] of [...valid.map((d) => [d, true] as const), ...invalid.map((d) => [d, false] as const)])
      it(`${expected ? 'accepts' : 'rejects'} ${JSON.stringify(doc)}`, () => {
        assert.equal(validate(doc), expected, JSON.stringify(validate.errors));
        const problems = readConfigFile('/ws/.amlnetworkguard.json', JSON.stringify(doc), env).problems;
        assert.equal(problems.length === 0, expected, JSON.stringify(problems));
      });
  });
});
