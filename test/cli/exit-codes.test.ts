import * as assert from 'node:assert/strict';
import { exitCodeFor } from '../../server/src/cli/exit-codes';
import type { Problem, Severity } from '../../server/src/graph/problem';
import type { ScanReport } from '../../server/src/output/report';

const at = { file: '/ws/main.json', start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const problem = (code: string, severity: Severity): Problem => ({ code, severity, message: 'm', span: at });

function report(problems: Problem[], complete = true): ScanReport {
  return {
    root: '/ws',
    cwd: '/ws',
    files: [],
    findings: [],
    suppressed: [],
    problems,
    unknowns: undefined,
    rules: [],
    complete,
  };
}

describe('CLI exit codes', () => {
  it('is 0 with nothing at error level', () => {
    assert.equal(exitCodeFor(report([problem('file-unreadable', 'warning'), problem('x', 'info')])), 0);
  });

  it('is 1 when a template could not be checked', () => {
    assert.equal(exitCodeFor(report([problem('parse-error', 'error')])), 1);
  });

  it('is 2 when the tool itself failed, whatever else was found', () => {
    assert.equal(exitCodeFor(report([problem('internal-error', 'error')], false)), 2);
  });
});
