// Writes what is generated from the rule registry and the configuration keys (`npm run rules:schema`,
// which builds first): the `amlNetworkGuard.*` settings that mirror `.amlnetworkguard.json` in
// package.json, and the file's JSON schema in schemas/. test/unit/rulekit/consistency.test.ts
// checks both are current.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { ALL_RULES } = require(join(root, 'out/server/src/rulekit/registry.js'));
const { CONFIG_SCHEMA_PATH, configFileSchema, mirroredSettingsSchema } = require(
  join(root, 'out/server/src/config-file/schema.js'),
);

const prettier = require('prettier');

// Written as `npm run format` would leave them, so regenerating never fails the format check.
async function writeFormatted(path, value) {
  const options = { ...(await prettier.resolveConfig(path)), filepath: path };
  writeFileSync(path, await prettier.format(JSON.stringify(value, null, 2), options));
}

const file = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
Object.assign(pkg.contributes.configuration.properties, mirroredSettingsSchema(ALL_RULES));
await writeFormatted(file, pkg);

const schema = join(root, CONFIG_SCHEMA_PATH);
mkdirSync(dirname(schema), { recursive: true });
await writeFormatted(schema, configFileSchema(ALL_RULES));
console.log(`amlNetworkGuard.severity and ${CONFIG_SCHEMA_PATH}: ${ALL_RULES.length} rules`);
