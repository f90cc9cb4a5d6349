import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { Resource } from '../../server/src/graph/resource';
import { obj } from '../../server/src/graph/value';
import { findingDiagnostic, problemDiagnostic, rangesMeet } from '../../server/src/lsp/diagnostics';
import type { Finding } from '../../server/src/rulekit/rule';

const span = (file: string, line: number, from: number, to: number) => ({
  file,
  start: { line, character: from },
  end: { line, character: to },
});

const resource = { file: '/ws/a.json', body: obj([]) } as unknown as Resource;

describe('findings and problems as LSP diagnostics', () => {
  const links = { uriOf: (file: string) => `file://${file}`, docsDir: '/ext/docs/rules' };

  it('carries rule id, docs link, severity, range and related locations', () => {
    const finding: Finding = {
      ruleId: 'aks-dns-service-ip',
      messageId: 'm',
      severity: 'warning',
      message: 'm',
      resource,
      span: span('/ws/a.json', 3, 4, 9),
      related: [{ span: span('/ws/b.json', 1, 0, 2), message: 'there' }],
      fixes: [],
    };
    assert.deepEqual(findingDiagnostic(finding, links), {
      range: { start: { line: 3, character: 4 }, end: { line: 3, character: 9 } },
      severity: DiagnosticSeverity.Warning,
      code: 'aks-dns-service-ip',
      codeDescription: { href: 'file:///ext/docs/rules/aks-dns-service-ip.md' },
      source: 'aml-network-guard',
      message: 'm',
      relatedInformation: [
        {
          location: {
            uri: 'file:///ws/b.json',
            range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } },
          },
          message: 'there',
        },
      ],
    });
  });

  it('maps info to Information and keeps the problem code', () => {
    const d = problemDiagnostic({
      code: 'parse-error',
      severity: 'info',
      message: 'p',
      span: span('/ws/a.json', 0, 0, 1),
    });
    assert.deepEqual(d, {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Information,
      code: 'parse-error',
      source: 'aml-network-guard',
      message: 'p',
    });
  });

  it('treats touching ranges as meeting (a cursor at the end of a diagnostic)', () => {
    const r = (l1: number, c1: number, l2: number, c2: number) => ({
      start: { line: l1, character: c1 },
      end: { line: l2, character: c2 },
    });
    assert.equal(rangesMeet(r(1, 2, 1, 8), r(1, 8, 1, 8)), true);
    assert.equal(rangesMeet(r(1, 2, 1, 8), r(0, 0, 1, 2)), true);
    assert.equal(rangesMeet(r(1, 2, 1, 8), r(1, 9, 2, 0)), false);
    assert.equal(rangesMeet(r(1, 2, 3, 0), r(0, 5, 1, 1)), false);
  });
});
