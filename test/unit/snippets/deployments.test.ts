import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initAnalysis } from '../../../server/src/analysis';
import { analyseFolder } from '../../tester/analyse';
import type { DeploymentChoices, SnippetLanguage } from '../../snippets/deployments';
import {
  DEPLOYMENT_FILE,
  SNIPPETS_DIR,
  SNIPPET_LANGUAGES,
  loadSnippets,
  snippetDeployment,
} from '../../snippets/deployments';
import { parseSnippet } from '../../snippets/syntax';
import type { SnippetNode } from '../../snippets/syntax';

const MANIFEST = JSON.parse(fs.readFileSync(path.join(SNIPPETS_DIR, '..', 'package.json'), 'utf8')) as {
  contributes: { snippets: { language: string; path: string }[] };
};

/** The editor languages each snippet file is contributed for. */
const LANGUAGE_IDS: Record<SnippetLanguage, string[]> = {
  arm: ['json', 'jsonc'],
  bicep: ['bicep'],
  terraform: ['terraform'],
};

/** Tab stop of the workspace snippet's high-business-impact choice. */
const HBI_STOP: Record<SnippetLanguage, number> = { arm: 7, bicep: 13, terraform: 9 };

/** What a private endpoint snippet stands for: left out, that rule reports it. */
const ENDPOINT_RULES: Record<string, string> = {
  'aml-pe-amlworkspace': 'aks-vnet-workspace-private-endpoint',
  'aml-pe-blob': 'storage-private-endpoint-subresources',
  'aml-pe-file': 'storage-private-endpoint-subresources',
  'aml-pe-vault': 'aks-vnet-dependency-private-endpoint',
  'aml-pe-registry': 'aks-vnet-dependency-private-endpoint',
};

function variablesOf(nodes: SnippetNode[]): string[] {
  return nodes.flatMap((n) =>
    n.kind === 'variable' ? [n.name] : n.kind === 'placeholder' ? variablesOf(n.children) : [],
  );
}

describe('snippets', () => {
  let tmp: string;
  before(async () => {
    await initAnalysis();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aml-snippets-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  /** The language's snippet deployment analysed as a scan of its folder. */
  function analyse(language: SnippetLanguage, choices?: DeploymentChoices) {
    const dir = fs.mkdtempSync(path.join(tmp, `${language}-`));
    fs.writeFileSync(path.join(dir, DEPLOYMENT_FILE[language]), snippetDeployment(language, choices));
    return analyseFolder(dir);
  }

  const rulesOf = (r: ReturnType<typeof analyse>) => [...new Set(r.findings.map((f) => f.ruleId))].sort();

  for (const language of SNIPPET_LANGUAGES) {
    describe(language, () => {
      it('is contributed for its editor languages', () => {
        const languages = MANIFEST.contributes.snippets
          .filter((s) => path.normalize(s.path) === path.normalize(`./snippets/${language}.json`))
          .map((s) => s.language);
        assert.deepEqual(languages.sort(), LANGUAGE_IDS[language]);
      });

      it('has the building blocks, each with a prefix, a description and tab stops', () => {
        const snippets = loadSnippets(language);
        assert.deepEqual(
          snippets.map((s) => s.prefix),
          [
            'aml-deployment',
            'aml-vnet',
            'aml-aks-private',
            'aml-workspace',
            'aml-aks-compute',
            'aml-pe-amlworkspace',
            'aml-pe-blob',
            'aml-pe-file',
            'aml-pe-vault',
            'aml-pe-registry',
            'aml-private-dns-zone',
            'aml-role-assignments',
            'aml-vnet-peering',
          ],
        );
        for (const s of snippets) {
          assert.ok(s.description.length > 20, `${s.prefix} has a description`);
          const nodes = parseSnippet(s.body);
          assert.ok(
            nodes.some((n) => n.kind === 'placeholder' && n.index > 0),
            `${s.prefix} has tab stops`,
          );
          // A `$` meant as text (`$schema`, `${vnet.id}`) that is not escaped would be read as a variable.
          assert.deepEqual(variablesOf(nodes), [], `${s.prefix} uses no variables`);
        }
      });

      it('expanded with the defaults, makes a deployment that loads and that no rule reports', () => {
        const result = analyse(language);
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.findings, []);
        assert.deepEqual(result.unknowns, [], 'every check was decided');
      });

      it('with a high business impact workspace, needs its role assignments', () => {
        const hbi = { values: { 'aml-workspace': { [HBI_STOP[language]]: 'true' } } };
        assert.deepEqual(rulesOf(analyse(language, hbi)), []);
        assert.deepEqual(rulesOf(analyse(language, { ...hbi, without: ['aml-role-assignments'] })), [
          'hbi-aks-identity-roles',
        ]);
      });

      for (const [prefix, rule] of Object.entries(ENDPOINT_RULES)) {
        it(`without ${prefix}, ${rule} reports the missing endpoint`, () => {
          assert.deepEqual(rulesOf(analyse(language, { without: [prefix] })), [rule]);
        });
      }
    });
  }
});
