import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { commentsOf, initAnalysis } from '../../../server/src/analysis';
import { LineMap } from '../../../server/src/graph/span';
import { parseDirectives } from '../../../server/src/suppressions/directives';
import { REASON_PLACEHOLDER, suppressionEdit } from '../../../server/src/suppressions/insert';

const RULE = 'private-cluster-public-fqdn';
const OTHER = 'aks-network-isolation';
const DIR = path.resolve('/ws/deploy');
/** The first member of a template: the ARM front end reads (the comments of) templates only. */
const SCHEMA = '"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",';

/** The text with `ruleId` suppressed on `line`, or undefined when no edit is offered. */
function suppressed(name: string, text: string, line: number, ruleId = RULE): string | undefined {
  const file = path.join(DIR, name);
  const edit = suppressionEdit(file, text, ruleId, line, (t) => commentsOf({ path: file, text: t }));
  if (!edit) return undefined;
  // An insertion (the span is empty).
  const at = new LineMap(text).offset(edit.span.start);
  return text.slice(0, at) + edit.newText + text.slice(at);
}

/** The rule ids of the next-line suppressions that apply to `line` of the text. */
function idsFor(name: string, text: string, line: number): string[] {
  const file = path.join(DIR, name);
  return parseDirectives(file, text, commentsOf({ path: file, text }))
    .filter((d) => d.kind === 'next-line' && d.line === line)
    .flatMap((d) => d.ids.map((i) => i.id));
}

describe('writing a suppression comment', () => {
  before(() => initAnalysis());

  it('writes the language’s own comment on its own line before the finding, indented like it, with a reason placeholder', () => {
    const arm = `{\r\n  ${SCHEMA}\r\n  "resources": [\r\n    {\r\n      "x": true\r\n    }\r\n  ]\r\n}\r\n`;
    assert.equal(
      suppressed('azuredeploy.json', arm, 4),
      arm.replace(
        '      "x"',
        `      // aml-network-guard-disable-next-line ${RULE} -- ${REASON_PLACEHOLDER}\r\n      "x"`,
      ),
    );
    const bicep = "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n\tname: 'aks'\n}\n";
    assert.equal(
      suppressed('main.bicep', bicep, 1),
      bicep.replace('\tname', `\t// aml-network-guard-disable-next-line ${RULE} -- ${REASON_PLACEHOLDER}\n\tname`),
    );
    const tf = 'resource "azurerm_kubernetes_cluster" "aks" {\n  x = true\n}\n';
    const out = suppressed('aks.tf', tf, 1);
    assert.equal(
      out,
      tf.replace('  x', `  # aml-network-guard-disable-next-line ${RULE} -- ${REASON_PLACEHOLDER}\n  x`),
    );
    assert.deepEqual(idsFor('aks.tf', out!, 2), [RULE]);
  });

  it('adds the rule to a suppression already there for the line, in its separator style, keeping its reason', () => {
    const tf = `resource "a" "b" {\n  # aml-network-guard-disable-next-line ${OTHER} -- accepted\n  x = true\n}\n`;
    const out = suppressed('aks.tf', tf, 2);
    assert.equal(out, tf.replace(`${OTHER} --`, `${OTHER}, ${RULE} --`));
    assert.deepEqual(idsFor('aks.tf', out!, 2), [OTHER, RULE]);
    const spaced = `{\n  ${SCHEMA}\n  // aml-network-guard-disable-next-line ${OTHER} other-rule\n  "x": true\n}\n`;
    assert.equal(suppressed('azuredeploy.json', spaced, 3), spaced.replace('other-rule', `other-rule ${RULE}`));
  });

  it('offers none where the comment would not be one: a heredoc, a Bicep multi-line string, a block comment', () => {
    const heredoc = 'locals {\n  script = <<EOT\nx = true\nEOT\n}\n';
    assert.equal(suppressed('main.tf', heredoc, 2), undefined);
    const multiline = "var s = '''\nx\n'''\n";
    assert.equal(suppressed('main.bicep', multiline, 1), undefined);
    const block = `{\n  ${SCHEMA}\n  /* a note\n  "x": true */ "y": 1\n}\n`;
    assert.equal(suppressed('azuredeploy.json', block, 3), undefined);
  });

  it('offers none in Terraform JSON, whose syntax has no comments', () => {
    assert.equal(suppressed('main.tf.json', '{\n  "resource": {}\n}\n', 1), undefined);
  });
});
