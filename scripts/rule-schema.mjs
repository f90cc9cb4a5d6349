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

const file = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
Object.assign(pkg.contributes.configuration.properties, mirroredSettingsSchema(ALL_RULES));
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');

const schema = join(root, CONFIG_SCHEMA_PATH);
mkdirSync(dirname(schema), { recursive: true });
writeFileSync(schema, JSON.stringify(configFileSchema(ALL_RULES), null, 2) + '\n');
console.log(`amlNetworkGuard.severity and ${CONFIG_SCHEMA_PATH}: ${ALL_RULES.length} rules`);
