// Writes the `amlNetworkGuard.severity` settings schema of package.json from the rule registry
// (`npm run rules:schema`, which builds first). test/unit/rulekit/consistency.test.ts checks it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const { ALL_RULES } = require(join(root, 'out/server/src/rulekit/registry.js'));
const { severitySettingSchema } = require(join(root, 'out/server/src/rulekit/settings-schema.js'));

const file = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.contributes.configuration.properties['amlNetworkGuard.severity'] = severitySettingSchema(ALL_RULES);
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
console.log(`amlNetworkGuard.severity: ${ALL_RULES.length} rules`);
