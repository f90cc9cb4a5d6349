import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../server/src/cli/args';

const RULES = new Set(['rule-a', 'rule-b']);

function usageMessage(argv: string[]): string {
  try {
    parseArgs(argv, RULES);
  } catch (err) {
    assert.ok(err instanceof UsageError);
    return err.message;
  }
  assert.fail(`expected a usage error for ${argv.join(' ')}`);
}

describe('CLI argument parsing', () => {
  it('reads every scan option, in both --opt value and --opt=value forms', () => {
    const command = parseArgs(
      [
        'scan',
        'a',
        '--format=sarif',
        '-o',
        'out.sarif',
        '--explain-unknowns',
        '--parameters',
        'p1.json',
        '-p=p2.json',
        '--var-file',
        'x.tfvars',
        '--subscription-id',
        'sub',
        '--resource-group=rg',
        '--location',
        'westeurope',
        '--severity',
        'rule-a=off',
        '--severity=rule-b=WARNING',
        '--no-color',
        '--ignore',
        'legacy/**',
        '-c',
        'team.json',
        'b',
        '--',
        '--weird-folder',
      ],
      RULES,
    );
    assert.deepEqual(command, {
      kind: 'scan',
      options: {
        paths: ['a', 'b', '--weird-folder'],
        format: 'sarif',
        output: 'out.sarif',
        explainUnknowns: true,
        parameterFiles: ['p1.json', 'p2.json'],
        varFiles: ['x.tfvars'],
        subscriptionId: 'sub',
        resourceGroup: 'rg',
        location: 'westeurope',
        severities: { 'rule-a': 'off', 'rule-b': 'warning' },
        ignore: ['legacy/**'],
        config: 'team.json',
        noConfig: false,
        color: false,
      },
    });
  });

  it('defaults to text with colour and no extras', () => {
    assert.deepEqual(parseArgs(['scan', '.'], RULES), {
      kind: 'scan',
      options: {
        paths: ['.'],
        format: 'text',
        explainUnknowns: false,
        parameterFiles: [],
        varFiles: [],
        severities: {},
        ignore: [],
        noConfig: false,
        color: true,
      },
    });
  });

  it('recognises --help anywhere and --version first', () => {
    assert.deepEqual(parseArgs(['scan', '.', '--help'], RULES), { kind: 'help' });
    assert.deepEqual(parseArgs(['-h'], RULES), { kind: 'help' });
    assert.deepEqual(parseArgs(['--version'], RULES), { kind: 'version' });
  });

  it('explains each kind of mistake in one line', () => {
    assert.equal(usageMessage([]), 'no command given; try `aml-network-guard --help`');
    assert.equal(
      usageMessage(['check', '.']),
      "unknown command 'check'; the commands are `scan` and `graph` (see --help)",
    );
    assert.equal(usageMessage(['scan']), 'scan needs at least one file or folder');
    assert.equal(usageMessage(['scan', '.', '--fromat', 'json']), "unknown option '--fromat' (see --help)");
    assert.equal(usageMessage(['scan', '.', '--format']), 'option --format needs a value');
    assert.equal(usageMessage(['scan', '.', '--output=']), 'option --output needs a non-empty value');
    assert.equal(
      usageMessage(['scan', '.', '-f', 'xml']),
      "--format must be one of text, json, sarif, markdown, codequality, not 'xml'",
    );
    assert.equal(usageMessage(['scan', '.', '--severity', 'rule-a']), "--severity expects RULE=LEVEL, not 'rule-a'");
    assert.equal(
      usageMessage(['scan', '.', '--severity', 'rule-a=fatal']),
      "--severity rule-a: level must be one of error, warning, info, off, not 'fatal'",
    );
    assert.equal(
      usageMessage(['scan', '.', '--severity', 'rule-z=off']),
      "--severity: unknown rule 'rule-z' (--help lists the rules)",
    );
    assert.equal(
      usageMessage(['scan', '.', '--ignore', '{1..100000}']),
      "--ignore '{1..100000}': its braces expand to more than 64 patterns",
    );
    assert.equal(
      usageMessage(['scan', '.', '--config', 'a.json', '--no-config']),
      '--config and --no-config exclude each other',
    );
  });
});
