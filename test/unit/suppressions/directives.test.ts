import * as assert from 'node:assert/strict';
import { initAnalysis } from '../../../server/src/analysis';
import { bicepComments } from '../../../server/src/frontends/bicep/comments';
import type { SourceComment } from '../../../server/src/frontends/frontend';
import { jsonComments } from '../../../server/src/frontends/json-comments';
import { terraformComments } from '../../../server/src/frontends/terraform/comments';
import { parseDirectives } from '../../../server/src/suppressions/directives';

const RULE = 'private-cluster-public-fqdn';

function directives(file: string, text: string, comments: (f: { path: string; text: string }) => SourceComment[]) {
  return parseDirectives(file, text, comments({ path: file, text })).map((d) => ({
    kind: d.kind,
    ids: d.ids.map((i) => [i.id, text.slice(i.start, i.end)]),
    reason: d.reason,
    line: d.line,
    comment: text.slice(d.comment.start, d.comment.end),
  }));
}

describe('suppression comments', () => {
  before(initAnalysis);

  it('reads ids separated by commas or spaces, and the reason after --', () => {
    const text = [
      '{',
      `  // aml-network-guard-disable-next-line ${RULE}, aks-workspace-region-mismatch -- the jumpbox resolves it`,
      '  "a": 1,',
      `  // aml-network-guard-disable-next-line ${RULE} aks-workspace-region-mismatch`,
      '  "b": 2,',
      '  //aml-network-guard-disable-next-line',
      '  "c": 3,',
      `  /* aml-network-guard-disable-file ${RULE} --reviewed in PR 12 */`,
      '}',
    ].join('\n');
    assert.deepEqual(
      directives('/t.json', text, (f) => jsonComments(f.text)),
      [
        {
          kind: 'next-line',
          ids: [
            [RULE, RULE],
            ['aks-workspace-region-mismatch', 'aks-workspace-region-mismatch'],
          ],
          reason: 'the jumpbox resolves it',
          line: 2,
          comment: `// aml-network-guard-disable-next-line ${RULE}, aks-workspace-region-mismatch -- the jumpbox resolves it`,
        },
        {
          kind: 'next-line',
          ids: [
            [RULE, RULE],
            ['aks-workspace-region-mismatch', 'aks-workspace-region-mismatch'],
          ],
          reason: undefined,
          line: 4,
          comment: `// aml-network-guard-disable-next-line ${RULE} aks-workspace-region-mismatch`,
        },
        { kind: 'next-line', ids: [], reason: undefined, line: 6, comment: '//aml-network-guard-disable-next-line' },
        {
          kind: 'file',
          ids: [[RULE, RULE]],
          reason: 'reviewed in PR 12',
          line: 8,
          comment: `/* aml-network-guard-disable-file ${RULE} --reviewed in PR 12 */`,
        },
      ],
    );
  });

  it('applies a block comment that spans lines to the line after it ends', () => {
    const text = `{\n  /* aml-network-guard-disable-next-line ${RULE}\n     -- kept public\n     for the jumpbox */\n  "a": 1\n}`;
    const [d] = directives('/t.json', text, (f) => jsonComments(f.text));
    assert.equal(d.line, 4);
    assert.equal(d.reason, 'kept public for the jumpbox');
  });

  it('is not a directive unless the keyword opens the comment, nor inside a string', () => {
    const json = [
      '{',
      `  "description": "// aml-network-guard-disable-next-line ${RULE}",`,
      `  // see aml-network-guard-disable-next-line in the README`,
      `  // aml-network-guard-disable-next-lines ${RULE}`,
      '  "a": 1',
      '}',
    ].join('\n');
    assert.deepEqual(
      directives('/t.json', json, (f) => jsonComments(f.text)),
      [],
    );
  });

  it('reads Terraform #, // and /* */ comments, never a # inside a string or heredoc', () => {
    const text = [
      `# aml-network-guard-disable-file ${RULE} -- legacy cluster`,
      'resource "azurerm_kubernetes_cluster" "aks" {',
      `  // aml-network-guard-disable-next-line ${RULE}`,
      '  private_cluster_public_fqdn_enabled = true',
      `  tags = { note = "# aml-network-guard-disable-next-line ${RULE}" }`,
      '  custom_data = <<EOF',
      `# aml-network-guard-disable-next-line ${RULE}`,
      'EOF',
      `  /* aml-network-guard-disable-next-line ${RULE} */`,
      '  dns_prefix = "x"',
      '}',
    ].join('\n');
    assert.deepEqual(
      directives('/main.tf', text, terraformComments).map((d) => [d.kind, d.line, d.reason]),
      [
        ['file', 1, 'legacy cluster'],
        ['next-line', 3, undefined],
        ['next-line', 9, undefined],
      ],
    );
  });

  it("reads Bicep // and /* */ comments, not Bicep's own #disable-next-line pragma", () => {
    const text = [
      `#disable-next-line no-unused-params`,
      `param p string = '// aml-network-guard-disable-next-line ${RULE}'`,
      `// aml-network-guard-disable-next-line ${RULE} -- reviewed`,
      `var x = 1 /* aml-network-guard-disable-next-line */`,
    ].join('\n');
    assert.deepEqual(
      directives('/main.bicep', text, bicepComments).map((d) => [d.kind, d.line, d.ids.length, d.reason]),
      [
        ['next-line', 3, 1, 'reviewed'],
        ['next-line', 4, 0, undefined],
      ],
    );
  });

  it('keeps exact id offsets with CRLF line ends', () => {
    const text = `{\r\n  // aml-network-guard-disable-next-line ${RULE}\r\n  "a": 1\r\n}`;
    const [d] = directives('/t.json', text, (f) => jsonComments(f.text));
    assert.deepEqual(d.ids, [[RULE, RULE]]);
    assert.equal(d.line, 2);
  });
});
