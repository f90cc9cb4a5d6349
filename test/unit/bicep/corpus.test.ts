import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDeployment, initAnalysis } from '../../../server/src/analysis';
import { defaultConfig } from '../../../server/src/config';
import { parseBicep } from '../../../server/src/frontends/bicep/syntax';
import { WorkspaceHost, findDeployments } from '../../../server/src/workspace';

const CORPUS = path.resolve(__dirname, '../../../../../shared/corpus');

function bicepFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) for (const f of bicepFiles(full)) out.push(f);
    else if (/\.bicep(param)?$/.test(name)) out.push(full);
  }
  return out;
}

/** Every Bicep file of the real public templates in ../shared/corpus (when present) parses without a syntax error. */
describe('bicep corpus: syntax', () => {
  for (const file of bicepFiles(CORPUS)) {
    it(`parses ${path.relative(CORPUS, file)}`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const parsed = parseBicep(text, { params: file.endsWith('.bicepparam') });
      const lineOf = (offset: number): number => text.slice(0, offset).split('\n').length;
      assert.deepEqual(
        parsed.errors.map((e) => `${lineOf(e.start)}: ${e.message}`),
        [],
      );
      assert.ok(parsed.statements.length > 0);
    });
  }
});

/**
 * The Bicep sets of the corpus, scanned as the CLI scans them: no syntax or front-end error, and no
 * finding. Why none is right: the AVM managed-cluster and workspace modules leave the VNet, the
 * subnets and the private endpoints to their callers (parameters without values, registry modules),
 * so every relationship a rule needs is unknown; AKS Construction's `main.bicep` defaults to a cluster
 * without a custom VNet (`custom_vnet = false`), without private links and without a workspace; the azureml-examples VNet workspace gives every dependency (key vault, storage blob and
 * file, registry, workspace) a private endpoint with its zone group in the one VNet, and has no AKS.
 * The warnings left are the AVM tests' modules under `utilities/`, which is outside the copied folder.
 * The findings expected are true defects, listed in `EXPECTED` with why.
 */
const EXPECTED: Record<string, string[]> = {
  'bicep-azureml-examples-vnet-ws': [
    // The vault zone is 'privatelink${environment().suffixes.keyvaultDns}' = privatelink.vault.azure.net;
    // Key Vault publishes its private link records in privatelink.vaultcore.azure.net.
    'modules/keyvault.bicep:80 private-dns-zone-name',
    // The workspace has a private endpoint, yet sets publicNetworkAccess: 'Enabled' under a comment that says "disable public network access".
    'modules/machinelearning.bicep:58 workspace-public-network-access',
    // The workspace endpoint's zone group has privatelink.api.azureml.ms only: amlworkspace also
    // resolves through privatelink.notebooks.azure.net.
    'modules/machinelearningnetworking.bicep:69 private-dns-zone-name',
  ],
};

describe('bicep corpus: scan', () => {
  before(initAnalysis);

  const sets = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((n) => n.startsWith('bicep-')) : [];
  for (const name of sets) {
    it(`scans ${name} without parse errors, with only the findings expected`, () => {
      const dir = path.join(CORPUS, name);
      const host = new WorkspaceHost(dir);
      const errors: string[] = [];
      const findings: string[] = [];
      let resources = 0;
      for (const deployment of findDeployments(host)) {
        const result = analyzeDeployment(deployment.files, host, defaultConfig());
        resources += result.graph.resources.filter((r) => r.language === 'bicep').length;
        for (const p of result.problems)
          if (p.severity === 'error' || p.code === 'parse-error')
            errors.push(`${path.relative(dir, p.span.file)}:${p.span.start.line + 1} ${p.code}: ${p.message}`);
        for (const f of result.findings)
          findings.push(`${path.relative(dir, f.span.file)}:${f.span.start.line + 1} ${f.ruleId}`);
        for (const p of result.problems.filter((x) => x.severity === 'warning'))
          assert.match(p.message, /utilities/, `${p.code}: ${p.message}`);
      }
      assert.deepEqual(errors, []);
      assert.deepEqual(findings.sort(), EXPECTED[name] ?? []);
      assert.ok(resources > 0, 'the Bicep front end read resources');
    });
  }
});
