/**
 * Hostile deployments, one folder each, with the one problem each must produce (code, message,
 * file). They are the failure classes of issue 13, in ARM, Bicep and Terraform: evaluation that
 * explodes (nested loops, doubling, fan-out), deep nesting, error floods, a parser driven into
 * quadratic time.
 */

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

export function template(body: Record<string, unknown>): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...body }, null, 2);
}

const vnet = (extra: Record<string, unknown>): Record<string, unknown> => ({
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2023-09-01',
  name: 'vnet',
  ...extra,
});

export interface HostileCase {
  files: Record<string, string>;
  /** The problems the folder must produce, as [code, message, file relative to the folder]. */
  problems: [string, string, string][];
}

const spent = (what: string): string =>
  `evaluation stopped here: this deployment needs more than ${what}; values computed from here on are treated as unknown, and rules that need them stay silent`;

/** A copy loop nested in a copy loop, four deep: 800⁴ values. */
function nestedCopies(depth: number): unknown {
  let input: unknown = "[copyIndex('l0')]";
  for (let i = 0; i < depth; i++) input = { copy: [{ name: `l${i}`, count: 800, input }] };
  return input;
}

/** level i links level i+1 twice, with different parameters, so no two deployments are the same. */
function fanOut(levels: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < levels; i++) {
    const resources = [0, 1].map((k) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `next-${k}`,
      properties: {
        mode: 'Incremental',
        templateLink: { relativePath: `level${i + 1}.json` },
        parameters: { path: { value: `[concat(parameters('path'), '${k}')]` } },
      },
    }));
    files[`level${i}.json`] = template({
      parameters: { path: { type: 'string', defaultValue: '' } },
      resources: i + 1 < levels ? resources : [vnet({ name: "[concat('vnet-', parameters('path'))]" })],
    });
  }
  return files;
}

export const HOSTILE: Record<string, HostileCase> = {
  'arm-nested-copies': {
    files: { 'main.json': template({ resources: [vnet({ properties: nestedCopies(4) })] }) },
    problems: [['evaluation-budget', spent('250,000 computed values'), 'main.json']],
  },
  'arm-lambda-range': {
    files: {
      'main.json': template({
        variables: { grid: "[map(range(0, 10000), lambda('i', range(0, 10000)))]" },
        resources: [vnet({ tags: { n: "[string(length(variables('grid')))]" } })],
      }),
    },
    problems: [['evaluation-budget', spent('250,000 computed values'), 'main.json']],
  },
  'arm-doubling': {
    files: {
      'main.json': template({
        variables: Object.fromEntries(
          Array.from({ length: 40 }, (_, i) => [
            `v${i + 1}`,
            i === 0 ? '[createArray(1, 2)]' : `[concat(variables('v${i}'), variables('v${i}'))]`,
          ]),
        ),
        resources: [vnet({ tags: { n: "[length(variables('v40'))]" } })],
      }),
    },
    problems: [['evaluation-budget', spent('250,000 computed values'), 'main.json']],
  },
  'arm-steps': {
    files: {
      'main.json': template({
        variables: {
          sum: "[reduce(range(0, 10000), 0, lambda('a', 'x', reduce(range(0, 10000), 0, lambda('b', 'y', add(lambdaVariables('b'), lambdaVariables('y'))))))]",
        },
        resources: [vnet({ tags: { n: "[variables('sum')]" } })],
      }),
    },
    problems: [['evaluation-budget', spent('750,000 evaluation steps'), 'main.json']],
  },
  'arm-linked-fan-out': {
    files: fanOut(12),
    problems: [
      [
        'instantiation-limit',
        'this deployment has more than 250 nested deployments and module instances: the rest are not analysed',
        'level6.json',
      ],
    ],
  },
  'arm-format-widths': {
    // Refused without allocating: the values are unknown, and nothing else happens.
    files: {
      'main.json': template({
        resources: [
          vnet({
            name: "[format('{0:D500000000}', 1)]",
            tags: { p: "[padLeft('x', 500000000)]", f: "[format('{0:N900}', 1)]" },
          }),
        ],
      }),
    },
    problems: [],
  },
  'arm-deep-json': {
    files: {
      'main.json': template({ resources: [vnet({ tags: { x: 'DEEP' } })] }).replace(
        '"DEEP"',
        `${'['.repeat(20000)}${']'.repeat(20000)}`,
      ),
    },
    problems: [
      ['json-too-deep', 'the JSON is nested more than 256 levels deep here; the deeper part is not read', 'main.json'],
    ],
  },
  'arm-comma-flood': {
    files: { 'main.json': `{"$schema": "${SCHEMA}", "resources": [${','.repeat(1_000_000)}]}` },
    problems: [
      ...Array.from({ length: 99 }, (): [string, string, string] => [
        'parse-error',
        'JSON syntax error: value expected',
        'main.json',
      ]),
      ['parse-error', 'and 999901 more JSON syntax errors in this file', 'main.json'],
    ],
  },
  'arm-huge-array': {
    files: {
      'main.json': template({ resources: [vnet({ tags: { x: Array.from({ length: 200_000 }, (_, i) => i) } })] }),
    },
    problems: [],
  },
  'tf-nested-for': {
    files: {
      'main.tf':
        'locals {\n  cube = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}\n' +
        'resource "azurerm_virtual_network" "v" {\n  name = "vnet"\n  tags = { n = length(local.cube) }\n}\n',
    },
    problems: [['evaluation-budget', spent('250,000 computed values'), 'main.tf']],
  },
  'tf-dynamic-under-count': {
    files: {
      'main.tf':
        'resource "azurerm_network_security_group" "n" {\n  count = 1000\n  name  = "nsg-${count.index}"\n' +
        '  dynamic "security_rule" {\n    for_each = range(1000)\n    content {\n      name = "r${security_rule.value}"\n    }\n  }\n}\n',
    },
    problems: [['evaluation-budget', spent('250,000 computed values'), 'main.tf']],
  },
  'tf-doubling-locals': {
    files: {
      'main.tf':
        'locals {\n' +
        Array.from({ length: 40 }, (_, i) =>
          i === 0
            ? '  l1 = ["ab"]\n  s1 = "ab"'
            : `  l${i + 1} = concat(local.l${i}, local.l${i})\n  s${i + 1} = "\${local.s${i}}\${local.s${i}}"`,
        ).join('\n') +
        '\n}\nresource "azurerm_virtual_network" "v" {\n  name = "vnet"\n  tags = { n = length(local.l40), s = local.s40 }\n}\n',
    },
    problems: [['evaluation-budget', spent('250,000 computed values'), 'main.tf']],
  },
  'tf-self-calling-module': {
    files: {
      'main.tf':
        'variable "n" {\n  default = 0\n}\nmodule "again" {\n  count  = 3\n  source = "./"\n  n      = var.n * 3 + count.index\n}\n' +
        'resource "azurerm_virtual_network" "v" {\n  name = "vnet-${var.n}"\n}\n',
    },
    problems: [
      [
        'instantiation-limit',
        'this deployment has more than 250 nested deployments and module instances: the rest are not analysed',
        'main.tf',
      ],
    ],
  },
  'tf-self-fan-out': {
    // Instances with equal inputs are shared, so one is reached by exponentially many call paths:
    // listing its call sites path by path never ended, and 200,000 empty instances took 560 MB.
    files: {
      'main.tf':
        'variable "d" {\n  default = 0\n}\nmodule "a" {\n  source = "./"\n  count  = 800\n  d      = var.d + count.index\n}\n' +
        'module "b" {\n  source   = "./"\n  for_each = toset(["x", "y"])\n  d        = var.d + 1\n}\n' +
        'resource "azurerm_virtual_network" "v" {\n  name = "vnet-${var.d}"\n}\n',
    },
    problems: [
      [
        'instantiation-limit',
        'this deployment has more than 250 nested deployments and module instances: the rest are not analysed',
        'main.tf',
      ],
    ],
  },
  'bicep-nested-for': {
    files: {
      'main.bicep':
        'var x = [for i in range(0, 800): [for j in range(0, 800): [for k in range(0, 800): k]]]\n' +
        "resource v 'Microsoft.Network/virtualNetworks@2023-09-01' = {\n  name: 'vnet'\n  location: 'westeurope'\n" +
        '  tags: { n: string(length(x)) }\n}\n',
    },
    problems: [['evaluation-budget', spent('250,000 computed values'), 'main.bicep']],
  },
  'bicep-self-module-loop': {
    files: {
      'main.bicep':
        "param n int = 0\nmodule m 'main.bicep' = [for i in range(0, 800): {\n  name: 'm${i}'\n  params: { n: n + i }\n}]\n",
    },
    problems: [
      ['module-cycle', "module 'main.bicep' leads back to this file; the cycle is not followed", 'main.bicep'],
    ],
  },
  'bicep-deep-nesting': {
    files: { 'main.bicep': `var d = ${'['.repeat(3000)}1${']'.repeat(3000)}\n` },
    problems: [
      [
        'parse-error',
        "Bicep syntax error: expected less deeply nested expressions, found '[' (and 1 more); the rest of the file is still analysed",
        'main.bicep',
      ],
    ],
  },
  'bicep-comma-flood': {
    files: { 'main.bicep': ','.repeat(1_000_000) },
    problems: [
      [
        'parse-error',
        "Bicep syntax error: expected a declaration, found ','; the rest of the file is still analysed",
        'main.bicep',
      ],
    ],
  },
  'tf-format-and-regex': {
    // A 500 MB width is refused; `(a+)+$` runs in linear time on RE2.
    files: {
      'main.tf':
        `locals {\n  s = "${'a'.repeat(5000)}b"\n}\n` +
        'resource "azurerm_virtual_network" "v" {\n  name = format("%500000000s", "x")\n' +
        '  tags = { r = replace(local.s, "/(a+)+$/", "x"), m = length(regexall("(a+)+b", local.s)) }\n}\n',
    },
    problems: [],
  },
  'tf-deep-json': {
    files: {
      'main.tf.json': `{"resource": {"azurerm_virtual_network": {"v": {"name": "vnet", "tags": ${'['.repeat(2000)}${']'.repeat(2000)}}}}}`,
      'terraform.tfvars.json': `{"x": ${'{"a": '.repeat(2000)}1${'}'.repeat(2000)}}`,
    },
    problems: [
      [
        'json-too-deep',
        'the JSON is nested more than 256 levels deep here; the deeper part is not read',
        'main.tf.json',
      ],
      [
        'json-too-deep',
        'the JSON is nested more than 256 levels deep here; the deeper part is not read',
        'terraform.tfvars.json',
      ],
    ],
  },
  'tf-error-flood': {
    files: { 'main.tf': 'x = ]\n'.repeat(2000) },
    problems: [
      ...Array.from({ length: 99 }, (): [string, string, string] => [
        'parse-error',
        "syntax error: missing '['",
        'main.tf',
      ]),
      ['parse-error', 'and 1901 more syntax errors in this file', 'main.tf'],
    ],
  },
  'tf-quadratic-parse': {
    files: { 'main.tf': `a = "${' '.repeat(60_000)}` },
    problems: [
      ['parse-timeout', 'parsing this file took longer than the 1469 ms allowed; the file is not analysed', 'main.tf'],
    ],
  },
  'tf-long-module-source': {
    // Found by the fuzz script: a 100 KB value quoted whole made a 100 KB message.
    files: { 'main.tf': `module "m" {\n  source = "git::https://x/${'a'.repeat(100_000)}"\n}\n` },
    problems: [
      [
        'module-not-local',
        `module 'm' comes from 'git::https://x/${'a'.repeat(84)}… (100018 characters) which is not a local folder: ` +
          'its resources are not analysed and its outputs are unknown',
        'main.tf',
      ],
    ],
  },
  'tf-too-large': {
    files: { 'main.tf': `a = "${'${'.repeat(1_100_000)}"` },
    problems: [['file-too-large', 'the file is larger than 2 MiB and is not analysed', 'main.tf']],
  },
};
