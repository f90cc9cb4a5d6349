import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readYaml, runBashStep, substitute, TempRepo } from './ci-steps';
import { ensureBuilt, REPO } from './cli-process';
import { sarifValidator } from './sarif-schema';

interface Parameter {
  name: string;
  type: string;
  default: string | boolean;
}

interface Step {
  bash?: string;
  task?: string;
  displayName?: string;
  condition?: string;
  workingDirectory?: string;
  env?: Record<string, string>;
  inputs?: Record<string, string>;
}

interface Template {
  parameters: Parameter[];
  steps: (Step | Record<string, Step[]>)[];
}

const TEMPLATE = path.join(REPO, 'templates/azure-pipelines.yml');
/** How the agent runs a `bash` step (the Bash@3 task): the script in a file, no profile, no rc. */
const AZURE_BASH = ['--noprofile', '--norc'];

describe('Azure Pipelines template (templates/azure-pipelines.yml)', function () {
  this.timeout(120000);
  const template = readYaml(TEMPLATE) as Template;
  /** The steps, with the conditional insertion `${{ if … }}:` taken as inserted. */
  const steps: Step[] = template.steps.flatMap((s) => (s.bash || s.task ? [s as Step] : Object.values(s).flat()));
  const step = (displayName: string) => {
    const found = steps.find((s) => s.displayName === displayName);
    assert.ok(found, `a step ${displayName}`);
    return found;
  };
  let repo: TempRepo;
  let staging: string;

  /** Template expressions as Azure renders them: parameters given or default, booleans as True/False. */
  const expressions = (given: Record<string, string | boolean>) => {
    const values: Record<string, string> = {};
    for (const p of template.parameters) {
      const value = given[p.name] ?? p.default;
      values[`parameters.${p.name}`] = typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
    }
    return values;
  };

  const scan = (given: Record<string, string | boolean> = {}) => {
    const s = step('Scan with aml-network-guard');
    const values = expressions({ toolDirectory: REPO, ...given });
    assert.equal(substitute(s.workingDirectory ?? '', values), '$(Build.SourcesDirectory)');
    const env: Record<string, string> = {
      TF_BUILD: 'True',
      BUILD_SOURCESDIRECTORY: repo.root,
      BUILD_ARTIFACTSTAGINGDIRECTORY: staging,
      AGENT_TEMPDIRECTORY: fs.mkdtempSync(path.join(staging, '..', 'agent-temp-')),
    };
    for (const [k, v] of Object.entries(s.env ?? {})) env[k] = substitute(v, values);
    const r = runBashStep(s.bash ?? '', AZURE_BASH, env, repo.root);
    const summary = /^##vso\[task\.uploadsummary\](.*)$/m.exec(r.stdout)?.[1];
    return { ...r, summary: summary && fs.readFileSync(summary, 'utf8') };
  };

  before(ensureBuilt);
  beforeEach(() => {
    repo = new TempRepo();
    staging = fs.mkdtempSync(path.join(repo.root, '.staging-'));
  });
  afterEach(() => repo.remove());

  it('is a steps template whose every parameter is used, and no script contains an expression', () => {
    assert.ok(Array.isArray(template.parameters) && steps.length >= 3);
    const text = fs.readFileSync(TEMPLATE, 'utf8');
    for (const p of template.parameters) assert.match(text, new RegExp(`parameters\\.${p.name}\\b`), p.name);
    // The agent pastes both `${{ }}` and macros `$(…)` into a script before bash reads it.
    for (const s of steps) if (s.bash) assert.doesNotMatch(s.bash, /\$\{\{|\$\(/, s.displayName);
  });

  it('publishes the folder the scan writes the SARIF to as the CodeAnalysisLogs build artifact, also after a failed scan', () => {
    const publish = step('Publish the SARIF as CodeAnalysisLogs');
    assert.equal(publish.task, 'PublishBuildArtifacts@1');
    assert.equal(publish.inputs?.ArtifactName, 'CodeAnalysisLogs');
    assert.equal(publish.condition, 'succeededOrFailed()');
    const r = scan();
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const folder = (publish.inputs?.PathtoPublish ?? '').replace('$(Build.ArtifactStagingDirectory)', staging);
    const sarifs = fs.readdirSync(folder).filter((f) => f.endsWith('.sarif'));
    assert.deepEqual(sarifs, ['aml-network-guard.sarif']);
    const doc = JSON.parse(fs.readFileSync(path.join(folder, sarifs[0]), 'utf8'));
    assert.deepEqual(sarifValidator()(doc).errors, []);
    assert.equal(doc.runs[0].results.length, 5);
  });

  it('scan step: the markdown report as the run summary, an error issue, and the job fails unless failOnFindings is false', () => {
    const r = scan();
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^##vso\[task\.logissue type=error\]aml-network-guard: error-level findings/m);
    assert.match(r.summary ?? '', /^## aml-network-guard: 5 findings \(5 errors\)\n[\s\S]*```mermaid\n/);
    assert.equal(scan({ failOnFindings: false }).code, 0);
    assert.equal(scan({ paths: 'infra/secure' }).code, 0);
    assert.equal(scan({ paths: 'no-such-folder', failOnFindings: false }).code, 2);
  });
});
