import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from '../../../server/src/fixes/writer';
import { readConfigFile } from '../../../server/src/config-file/read';
import { newConfigWithRuleOff, turnOffEdits } from '../../../server/src/config-file/turn-off';

/** The text after the edits, applied as an editor applies a workspace edit. */
const applyEdits = (text: string, edits: TextEdit[]) =>
  TextDocument.applyEdits(
    TextDocument.create('file:///x', 'text', 0, text),
    edits.map((e) => ({ range: { start: e.span.start, end: e.span.end }, newText: e.newText })),
  );
const FILE = path.resolve('/ws/.amlnetworkguard.json');
const RULE = 'private-cluster-public-fqdn';
const env = { ruleIds: new Set([RULE, 'aks-network-isolation']), unreadable: () => undefined };

const turnedOff = (text: string) => {
  const edits = turnOffEdits(FILE, text, RULE);
  return edits && applyEdits(text, edits);
};
const severityOf = (text: string) => readConfigFile(FILE, text, env).layer.severity;

describe('turning a rule off in .amlnetworkguard.json', () => {
  it('writes a new file the reader takes', () => {
    const text = newConfigWithRuleOff(RULE);
    assert.deepEqual(readConfigFile(FILE, text, env).problems, []);
    assert.deepEqual(severityOf(text), { [RULE]: 'off' });
  });

  it('adds the rule to the severity object, keeping comments, order and the file’s indentation', () => {
    const text =
      '{\n\t// team policy\n\t"severity": {\n\t\t"aks-network-isolation": "warning"\n\t},\n\t"ignoredPaths": ["legacy"]\n}\n';
    const out = turnedOff(text);
    assert.equal(out, text.replace('"warning"\n', `"warning",\n\t\t"${RULE}": "off"\n`));
    assert.deepEqual(severityOf(out!), { 'aks-network-isolation': 'warning', [RULE]: 'off' });
  });

  it('adds a severity object where there is none, and replaces the rule’s own level', () => {
    const out = turnedOff('{\r\n    "unusedSuppressions": "error"\r\n}\r\n');
    assert.equal(
      out,
      `{\r\n    "unusedSuppressions": "error",\r\n    "severity": {\r\n        "${RULE}": "off"\r\n    }\r\n}\r\n`,
    );
    assert.equal(turnedOff(`{ "severity": { "${RULE}": "error" } }`), `{ "severity": { "${RULE}": "off" } }`);
  });

  it('keeps a file of comments only and puts the object after them', () => {
    assert.equal(turnedOff('// nothing yet'), `// nothing yet\n${newConfigWithRuleOff(RULE)}`);
  });

  it('offers nothing where the edit could lose settings: a syntax error, a severity that is not an object', () => {
    assert.equal(turnOffEdits(FILE, '{ "severity": { ', RULE), undefined);
    assert.equal(turnOffEdits(FILE, '{ "severity": "off" }', RULE), undefined);
    assert.equal(turnOffEdits(FILE, '[]', RULE), undefined);
  });
});
