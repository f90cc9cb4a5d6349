import * as assert from 'node:assert/strict';
import { initAnalysis } from '../../../server/src/analysis';
import { BASES_ROOT, scratchDir } from '../../tester/cases';
import { checkExample } from '../../tester/doc-check';
import { exampleFiles } from '../../tester/doc-example';
import { readExamples } from '../../tester/doc-page';
import { textOf, withoutAnnotations } from '../../tester/materialise';

/** The docs examples test itself: how a page's blocks are read and laid over a base, and that a wrong page fails. */

const page = (...blocks: string[]) =>
  `# some-rule\n\n## What it checks\n\n\`\`\`json\n{}\n\`\`\`\n\n## Examples\n\n${blocks.join('\n\n')}\n`;
const block = (label: string, info: string, body: string) => `${label}\n\n\`\`\`${info}\n${body}\n\`\`\``;

let n = 0;
const only = (text: string) => {
  const examples = readExamples(`/docs/p${++n}.md`, text);
  assert.equal(examples.length, 1);
  return examples[0];
};
const filesOf = (text: string) => withoutAnnotations(exampleFiles(only(text), BASES_ROOT)).files;
const failuresOf = (rule: string, text: string) =>
  checkExample(rule, only(text), BASES_ROOT, scratchDir(`docs-test/${n}`));

const ARM_FQDN = (annotation: string) =>
  page(
    block(
      'Bad (ARM): a public FQDN.',
      'json bad base=arm-aks-workspace',
      `{
  "type": "Microsoft.ContainerService/managedClusters",
  "name": "aks-ml",
  "properties": {
    "apiServerAccessProfile": {
      "enablePrivateCluster": true,
      "enablePrivateClusterPublicFQDN": true
${annotation}
    }
  }
}`,
    ),
  );

describe('docs examples test', () => {
  before(() => initAnalysis());

  describe('reading a page', () => {
    it('takes the blocks of the Examples section with their words, label and extra files', () => {
      const examples = readExamples(
        'p.md',
        page(
          block('Bad (ARM): x.', 'json file=main.parameters.json', '{}'),
          '```json bad base=arm-aks-workspace remove=pe-kv,pe-kv/default\n{}\n```',
          block('Good (Terraform): y.', 'hcl good', 'locals {}'),
        ),
      );
      assert.deepEqual(
        examples.map((e) => [e.verdict, e.lang, e.base, e.remove, e.label, e.extras.map((x) => x.path)]),
        [
          ['bad', 'arm', 'arm-aks-workspace', ['pe-kv', 'pe-kv/default'], 'Bad (ARM): x.', ['main.parameters.json']],
          ['good', 'terraform', undefined, [], 'Good (Terraform): y.', []],
        ],
      );
    });

    it('refuses an unmarked block, an unknown word or language, an extra file with no example', () => {
      assert.throws(() => readExamples('p.md', page('```json\n{}\n```')), /p\.md:11: .*`bad` or `good`/);
      assert.throws(() => readExamples('p.md', page('```json bad fixme\n{}\n```')), /unknown word 'fixme'/);
      assert.throws(() => readExamples('p.md', page('```yaml bad\na: 1\n```')), /not 'yaml'/);
      assert.throws(() => readExamples('p.md', page('```json file=x.json\n{}\n```')), /no example after it/);
    });
  });

  describe('laying a block over a base', () => {
    it('ARM: merges a resource key by key, keeps the base order of the rest, writes valid JSON', () => {
      const main = textOf(filesOf(ARM_FQDN('')).get('main.json')!);
      const template = JSON.parse(main);
      const aks = template.resources.find((r: { name: string }) => r.name === 'aks-ml');
      assert.equal(aks.apiVersion, '2024-02-01', 'a key the block leaves out comes from the base');
      assert.equal(aks.properties.networkProfile.serviceCidr, '10.10.0.0/16');
      assert.deepEqual(aks.properties.apiServerAccessProfile, {
        enablePrivateCluster: true,
        enablePrivateClusterPublicFQDN: true,
      });
      assert.equal(template.resources[1].name, 'aks-ml', 'the merged resource stays where the base has it');
    });

    it('ARM: remove= takes resources out, and a resource the base lacks is added', () => {
      const text = page(
        block(
          'Bad (ARM): x.',
          'json bad base=arm-aks-workspace remove=pe-kv,pe-kv/default',
          '[\n  {\n    "type": "Microsoft.Network/networkSecurityGroups",\n    "name": "nsg-x"\n  }\n]',
        ),
      );
      const names = JSON.parse(textOf(filesOf(text).get('main.json')!)).resources.map((r: { name: string }) => r.name);
      assert.ok(!names.includes('pe-kv') && !names.includes('pe-kv/default'));
      assert.equal(names[names.length - 1], 'nsg-x');
      assert.throws(
        () =>
          filesOf(page(block('Bad (ARM): x.', 'json bad base=arm-aks-workspace remove=nope', '{\n  "name": "x"\n}'))),
        /remove=nope/,
      );
    });

    it('Terraform: merges blocks by type and labels, replaces repeated ones whole, puts new resources in example.tf', () => {
      const files = filesOf(
        page(
          block(
            'Bad (Terraform): x.',
            'terraform bad base=terraform-aks-workspace',
            `resource "azurerm_kubernetes_cluster" "aks" {
  network_profile {
    service_cidr = "10.0.0.0/16"
  }
  # ...
}

resource "azurerm_network_security_group" "aks" {
  name = "nsg-aks"
}`,
          ),
        ),
      );
      const aks = textOf(files.get('aks.tf')!);
      assert.match(aks, /name += "aks-ml"/, 'attributes the block leaves out come from the base');
      assert.match(aks, /network_plugin = "azure"/, 'so do those of a nested block it states');
      assert.match(aks, /service_cidr = "10\.0\.0\.0\/16"/);
      assert.doesNotMatch(aks, /10\.1\.0\.0\/16/, 'a stated attribute replaces the base one');
      assert.match(textOf(files.get('example.tf')!), /azurerm_network_security_group/);
    });

    it('Bicep: a removed resource stated again is taken whole', () => {
      const files = filesOf(
        page(
          block(
            'Bad (Bicep): x.',
            'bicep bad base=bicep-aks-workspace remove=peVault',
            "resource peVault 'Microsoft.Network/privateEndpoints@2023-09-01' = {\n  name: 'pe-kv'\n}",
          ),
        ),
      );
      const main = textOf(files.get('main.bicep')!);
      assert.match(main, /resource peVault[^}]*name: 'pe-kv'\n}/);
      assert.doesNotMatch(main, /groupIds: \[\n\s*'vault'/);
    });
  });

  describe('checking an example', () => {
    it('passes a Bad example annotated where its rule is reported', () => {
      assert.deepEqual(
        failuresOf(
          'private-cluster-public-fqdn',
          ARM_FQDN('//    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error private-cluster-public-fqdn fix'),
        ),
        [],
      );
    });

    it('fails an annotation at the wrong place, a missing one, a missing fix, and related locations', () => {
      const wrong = failuresOf(
        'private-cluster-public-fqdn',
        ARM_FQDN('//     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error private-cluster-public-fqdn fix'),
      );
      assert.ok(wrong.some((f) => /is not reported at main\.json/.test(f)));
      assert.ok(wrong.some((f) => /a finding that is not annotated: private-cluster-public-fqdn/.test(f)));
      assert.ok(
        failuresOf('private-cluster-public-fqdn', ARM_FQDN('')).some((f) => /a Bad example annotates where/.test(f)),
      );
      assert.ok(
        failuresOf(
          'private-cluster-public-fqdn',
          ARM_FQDN('//    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error private-cluster-public-fqdn'),
        ).some((f) => /offers a quick fix: add `fix`/.test(f)),
      );
      assert.ok(
        failuresOf(
          'private-cluster-public-fqdn',
          ARM_FQDN(
            '//    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error private-cluster-public-fqdn related: main.json:146 fix',
          ),
        ).some((f) => /leaves related locations to the rule cases/.test(f)),
      );
    });

    it('fails a Good example that reports its rule, and a label that says otherwise', () => {
      const good = ARM_FQDN('').replace('json bad', 'json good').replace('Bad (ARM)', 'Good (Bicep)');
      const failures = failuresOf('private-cluster-public-fqdn', good);
      assert.ok(failures.some((f) => /the line before it says 'Good \(Bicep'/.test(f)));
      assert.ok(failures.some((f) => /a finding that is not annotated/.test(f)));
    });
  });
});
