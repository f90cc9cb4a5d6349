import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initAnalysis } from '../../server/src/analysis';
import { parseTokens } from '../../server/src/frontends/bicep/parser';
import { parseTerraform } from '../../server/src/frontends/terraform/parser';
import type { FixSource } from '../../server/src/lsp/code-actions';
import { quickFixes } from '../../server/src/lsp/code-actions';
import { toRange } from '../../server/src/lsp/diagnostics';
import type { Finding } from '../../server/src/rulekit/rule';
import { analyseFolder } from '../tester/analyse';
import { REVEALED_BY, findingIdentity } from '../tester/check';

const EXAMPLES = path.resolve(__dirname, '../../../examples');
const DOCS = path.resolve(__dirname, '../../../docs/rules');

/** More steps than any example has findings: a fix that does not remove its finding would loop. */
const MAX_STEPS = 30;

const INSECURE = ['insecure', 'bicep-insecure', 'terraform-insecure'];

/** The quick fixes the language server offers for a finding, from the texts as edited so far. */
function actionsFor(finding: Finding, texts: Map<string, string>): CodeAction[] {
  const source: FixSource = {
    findingsIn: () => [{ finding, record: { versions: new Map() } as never }],
    problemsIn: () => [],
    readCurrent: (f) => read(f, texts),
    versionOf: () => undefined,
    links: () => ({ uriOf: (f) => pathToFileURL(f).href, docsDir: DOCS }),
    log: (message) => assert.fail(message),
    documentChanges: false,
  };
  return quickFixes(finding.span.file, toRange(finding.span), source);
}

function read(file: string, texts: Map<string, string>): string | undefined {
  return texts.get(file) ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
}

/** The texts after a code action's workspace edit, applied as an editor applies it. */
function apply(action: CodeAction, texts: Map<string, string>): Map<string, string> {
  const out = new Map(texts);
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const file = fileURLToPath(uri);
    const doc = TextDocument.create(uri, languageOf(file), 0, read(file, texts) ?? '');
    out.set(file, TextDocument.applyEdits(doc, edits));
  }
  return out;
}

const languageOf = (file: string) => (file.endsWith('.tf') ? 'terraform' : file.endsWith('.bicep') ? 'bicep' : 'json');

/** Why an edited file would not load in its own language's tool, if it would not. */
function syntaxError(file: string, text: string): string | undefined {
  if (file.endsWith('.json')) {
    try {
      JSON.parse(text);
    } catch (e) {
      return (e as Error).message;
    }
  } else if (file.endsWith('.bicep')) {
    const error = parseTokens(text, false).errors[0];
    if (error) return `Bicep parse error: ${error.message}`;
  } else if (file.endsWith('.tf')) {
    const outcome = parseTerraform(text, () => false);
    if (outcome.kind !== 'tree') return `not parsed: ${outcome.kind}`;
    if (outcome.tree.rootNode.hasError) return 'tree-sitter ERROR or MISSING node';
  }
  return undefined;
}

const label = (f: Finding) => `${f.ruleId} ${f.resource.name}`;

describe('fixing every error of the insecure examples with the preferred quick fixes', () => {
  before(() => initAnalysis());

  for (const folder of INSECURE) {
    it(`${folder}/ ends with no error finding, each step valid and adding no finding`, () => {
      const dir = path.join(EXAMPLES, folder);
      let texts = new Map<string, string>();
      let result = analyseFolder(dir, texts);
      const errors = result.findings.filter((f) => f.severity === 'error').length;
      assert.ok(errors > 0, `${folder} has error findings to fix`);
      const steps: string[] = [];
      for (let step = 0; ; step++) {
        assert.ok(step < MAX_STEPS, `no end after ${MAX_STEPS} fixes:\n${steps.join('\n')}`);
        const finding = result.findings.find((f) => f.severity === 'error');
        if (!finding) break;
        const action = actionsFor(finding, texts).find(
          (a) => a.isPreferred && a.diagnostics?.[0]?.message === finding.message,
        );
        assert.ok(action, `${label(finding)} has no preferred quick fix, after:\n${steps.join('\n')}`);
        steps.push(`${label(finding)}: ${action.title}`);
        const next = apply(action, texts);
        for (const [file, text] of next)
          if (text !== texts.get(file)) {
            const why = syntaxError(file, text);
            assert.equal(why, undefined, `after '${action.title}', ${path.relative(dir, file)}: ${why}`);
          }
        const after = analyseFolder(dir, next);
        assert.deepEqual(
          after.problems.map((p) => `${p.code}: ${p.message}`),
          [],
          `after '${action.title}' the deployment loads without problems`,
        );
        const before = new Set(result.findings.map(findingIdentity));
        const revealed = REVEALED_BY[finding.ruleId] ?? [];
        const added = after.findings.filter((f) => !before.has(findingIdentity(f)) && !revealed.includes(f.ruleId));
        assert.deepEqual(added.map(label), [], `'${action.title}' adds no finding`);
        assert.ok(
          !after.findings.some((f) => findingIdentity(f) === findingIdentity(finding)),
          `'${action.title}' removes ${label(finding)}`,
        );
        texts = next;
        result = after;
      }
      assert.ok(steps.length >= errors, `each of the ${errors} errors took a fix:\n${steps.join('\n')}`);
    });
  }
});
