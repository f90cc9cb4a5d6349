import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { initAnalysis } from '../../../server/src/analysis';
import type { Finding } from '../../../server/src/rulekit/rule';
import { analyseFolder } from '../../tester/analyse';
import { stripAnnotations } from '../../tester/annotations';
import { parseCaseFile } from '../../tester/case-file';
import { BASES_ROOT, scratchDir } from '../../tester/cases';
import { checkCase, fixFailures } from '../../tester/check';
import { caseFiles, linesOf, textOf, writeCase } from '../../tester/materialise';

/** The rule tester itself: a case that is wrong must fail, and say where and why. */

let n = 0;
function failuresOf(text: string): string[] {
  const source = `/cases/t${++n}.md`;
  const spec = parseCaseFile(source, text);
  const files = caseFiles(spec, BASES_ROOT);
  const dir = scratchDir(`tester/t${n}`);
  writeCase(files, dir);
  return checkCase(spec, files, dir, (p) => p);
}

const TF_BAD = (annotation: string) => `---
base: terraform-aks-workspace
---
A private cluster that also publishes a public FQDN.

\`\`\`diff aks.tf
@@ -6,2 +6,3 @@
   private_cluster_enabled             = true
-  private_cluster_public_fqdn_enabled = false
+  private_cluster_public_fqdn_enabled = true
${annotation}
\`\`\`
`;
const RIGHT =
  '+# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error private-cluster-public-fqdn related: workspace.tf:46 fix';

describe('rule tester', () => {
  before(() => initAnalysis());

  describe('reading a case', () => {
    it('takes the prose as why, the front matter as settings, each fenced block as a file', () => {
      const spec = parseCaseFile(
        'c.md',
        '---\nbase: b\nproblems: x-y, z\nnotEvaluated: r\n---\n# T\n\nWhy it is so.\n\n```json main.json\n{}\n```\n',
      );
      assert.deepEqual(
        [spec.base, spec.problems, spec.notEvaluated, spec.why],
        ['b', ['x-y', 'z'], ['r'], 'Why it is so.'],
      );
      assert.deepEqual(
        spec.blocks.map((b) => [b.kind, b.path, b.origin.line, b.lines.map((l) => l.text)]),
        [['file', 'main.json', 10, ['{}']]],
      );
    });

    it('refuses a case without why, an unknown setting, an unclosed block, a block without a file', () => {
      assert.throws(() => parseCaseFile('c.md', '```json main.json\n{}\n```\n'), /c\.md:1: a case says why/);
      assert.throws(() => parseCaseFile('c.md', '---\nbse: x\n---\nWhy.\n'), /c\.md:2: unknown front matter key 'bse'/);
      assert.throws(
        () => parseCaseFile('c.md', 'Why.\n```json main.json\n{}\n'),
        /c\.md:2: the code block is not closed/,
      );
      assert.throws(
        () => parseCaseFile('c.md', 'Why.\n```json\n{}\n```\n'),
        /c\.md:2: a code block names its language and file/,
      );
      assert.throws(() => parseCaseFile('c.md', 'Why.\n```json ../x.json\n{}\n```\n'), /not a relative path/);
    });

    it('reads the columns of the carets, the end of a range over lines, related, fix and anchors', () => {
      const { lines, annotations } = stripAnnotations(
        linesOf(
          [
            '  "enabled": true,',
            '// ^^^^^^^ error some-rule related: main.json:3, @ws fix',
            '  "x": {',
            '  ^ warning other-rule ends +2:4',
            '  }',
            '#^ @ws',
          ].join('\n'),
          'f',
        ),
      );
      assert.deepEqual(
        lines.map((l) => l.text),
        ['  "enabled": true,', '  "x": {', '  }'],
      );
      assert.deepEqual(
        annotations.map((a) =>
          a.kind === 'anchor'
            ? [a.name, a.line]
            : [a.rule, a.severity, a.line, a.start, a.endLine, a.end, a.related, a.fix],
        ),
        [
          ['some-rule', 'error', 0, 3, 0, 10, ['main.json:3', '@ws'], true],
          ['other-rule', 'warning', 1, 2, 3, 3, [], false],
          ['ws', 2],
        ],
      );
      assert.throws(() => stripAnnotations(linesOf('// ^^^ error r', 'f')), /f:1: an annotation marks the line above/);
      assert.throws(() => stripAnnotations(linesOf('x\n// ^^^ eror r', 'f')), /f:2: an annotation reads/);
      assert.throws(() => stripAnnotations(linesOf('x\n// ^^^ error r sometimes', 'f')), /unreadable part.*sometimes/);
    });
  });

  describe('laying a case over its base', () => {
    const base = (text: string) => `---\nbase: terraform-aks-workspace\n---\nWhy.\n\n${text}`;
    const aks = (text: string) => {
      const spec = parseCaseFile('c.md', base(text));
      return textOf(caseFiles(spec, BASES_ROOT).files.get('aks.tf')!);
    };

    it('edits the base file where the hunk lines are, with or without a line number', () => {
      const edit =
        '  private_cluster_enabled             = true\n-  private_cluster_public_fqdn_enabled = false\n+  x = 1\n```\n';
      const withNumber = aks(`\`\`\`diff aks.tf\n@@ -6,2 +6,2 @@\n ${edit}`);
      assert.equal(aks(`\`\`\`diff aks.tf\n@@\n ${edit}`), withNumber);
      assert.match(withNumber, /private_cluster_enabled {13}= true\n {2}x = 1\n\n {2}default_node_pool/);
      const original = fs.readFileSync(path.join(BASES_ROOT, 'terraform-aks-workspace/aks.tf'), 'utf8');
      assert.equal(withNumber.split('\n').length, original.split('\n').length);
    });

    it('refuses a hunk that is not in the base, or is at several places without a line number', () => {
      assert.throws(
        () => aks('```diff aks.tf\n@@\n-  nothing = 1\n```\n'),
        /c\.md:7: the hunk's kept and removed lines are not in/,
      );
      assert.throws(() => aks('```diff aks.tf\n@@\n   }\n+  x = 1\n```\n'), /at \d places.*give its @@ -L line/);
      assert.throws(() => aks('```diff main.tf\n@@\n+x\n```\n'), /the base has no main\.tf to edit/);
    });

    it('removes a base file, replaces one whole, adds one', () => {
      const spec = parseCaseFile(
        'c.md',
        base(
          '```delete variables.tf\n```\n\n```terraform aks.tf\n# empty\n```\n\n```terraform extra.tf\nlocals {}\n```\n',
        ),
      );
      const files = caseFiles(spec, BASES_ROOT).files;
      assert.equal(files.has('variables.tf'), false);
      assert.deepEqual(
        files.get('aks.tf')?.map((l) => [l.text, l.origin.line]),
        [['# empty', 10]],
      );
      assert.ok(files.has('extra.tf') && files.has('network.tf'));
    });
  });

  describe('checking a case against the analysis', () => {
    it('passes a case whose every finding is annotated at its columns, with related and fix', () => {
      assert.deepEqual(failuresOf(TF_BAD(RIGHT)), []);
    });

    it('passes every base as a secure deployment: no finding, no problem', () => {
      for (const name of fs.readdirSync(BASES_ROOT)) {
        const result = analyseFolder(path.join(BASES_ROOT, name));
        assert.deepEqual([...result.findings.map((f) => f.ruleId), ...result.problems.map((p) => p.code)], [], name);
      }
    });

    it('fails a finding that is not annotated, and shows the annotation to write', () => {
      const [failure, ...rest] = failuresOf(TF_BAD(''));
      assert.deepEqual(rest, []);
      assert.match(failure, /a finding that is not annotated: private-cluster-public-fqdn/);
      assert.match(
        failure,
        /t\d+\.md:10 \(aks\.tf:7\)\n {6} {2}private_cluster_public_fqdn_enabled = true\n {8}\^{42}/,
      );
      assert.ok(failure.endsWith(RIGHT.slice(1)), failure);
    });

    it('fails an annotation at the wrong column, saying where the finding is', () => {
      const failures = failuresOf(TF_BAD(RIGHT.replace('# ^', '#  ^')));
      assert.equal(failures.length, 2, failures.join('\n'));
      assert.match(failures[0], /not annotated/);
      assert.match(
        failures[1],
        /t\d+\.md:11: error private-cluster-public-fqdn is not reported at aks\.tf 7:4-7:46\n[^]*got 7:3-7:45/,
      );
    });

    it('fails a missing related location, a wrong severity, a fix that is not declared', () => {
      const failures = failuresOf(
        TF_BAD(RIGHT.replace(' related: workspace.tf:46', '').replace('error', 'warning').replace(' fix', '')),
      );
      assert.deepEqual(
        failures.map((f) => f.replace(/^.*t\d+\.md:11: /, '')),
        [
          'private-cluster-public-fqdn is reported as error, the annotation says warning',
          'private-cluster-public-fqdn has related workspace.tf:46, the annotation says (none)',
          'private-cluster-public-fqdn offers a quick fix: add `fix`',
        ],
      );
    });

    it('fails a rule id that does not exist, a problem or a note that does not appear', () => {
      const failures = failuresOf(
        TF_BAD(RIGHT).replace(
          'base: terraform-aks-workspace',
          'base: terraform-aks-workspace\nproblems: module-not-local\nnotEvaluated: no-such-rule',
        ),
      );
      assert.equal(failures.length, 3, failures.join('\n'));
      assert.match(failures[0], /unknown rule id 'no-such-rule' in notEvaluated/);
      assert.match(failures[1], /the front-end problem module-not-local is expected and not reported/);
      assert.match(failures[2], /no-such-rule must record why/);
    });

    it('fails a fix that leaves the finding in place', () => {
      const dir = scratchDir('tester/fix');
      const spec = parseCaseFile('/cases/fix.md', TF_BAD(RIGHT));
      writeCase(caseFiles(spec, BASES_ROOT), dir);
      const { findings } = analyseFolder(dir);
      const keepsIt = findings.map((f): Finding => ({
        ...f,
        fixes: f.fixes.map((fix) => (fix.kind === 'setProperty' ? { ...fix, value: true } : fix)),
      }));
      assert.deepEqual(fixFailures(dir, findings, new Set()), []);
      assert.match(
        fixFailures(dir, keepsIt, new Set()).join('\n'),
        /private-cluster-public-fqdn at aks\.tf 7:3-7:45: the fix .* does not remove the finding/,
      );
    });

    it('compares the golden output of the fix', () => {
      const golden = (line: string) =>
        `${TF_BAD(RIGHT)}\nThe fix:\n\n\`\`\`diff aks.tf fixed\n@@ -7 @@\n-  private_cluster_public_fqdn_enabled = true\n+${line}\n\`\`\`\n`;
      assert.deepEqual(failuresOf(golden('  private_cluster_public_fqdn_enabled = false')), []);
      assert.match(
        failuresOf(golden('  private_cluster_public_fqdn_enabled = no')).join('\n'),
        /writes aks\.tf otherwise:\n {4}7: - {2}private_cluster_public_fqdn_enabled = no\n {4}7: \+ {2}private_cluster_public_fqdn_enabled = false/,
      );
    });
  });
});
