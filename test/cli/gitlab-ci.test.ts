import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeQualityIssue as Issue } from '../../server/src/output/codequality';
import { readYaml, runBashStep, TempRepo } from './ci-steps';
import { ensureBuilt, FIXTURES, REPO } from './cli-process';

interface Job {
  image: string;
  variables: Record<string, string>;
  before_script: string[];
  script: string[];
  artifacts: { when: string; reports: { codequality: string }; paths: string[] };
}

/** The severities GitLab's report format allows. */
const SEVERITIES = ['info', 'minor', 'major', 'critical', 'blocker'];

describe('GitLab CI job (templates/gitlab-ci.yml) and --format codequality', function () {
  this.timeout(120000);
  const job = (readYaml(path.join(REPO, 'templates/gitlab-ci.yml')) as Record<string, Job>)['aml-network-guard'];
  let repo: TempRepo;

  /**
   * Runs the job's `script` as the runner does (its lines in one bash script, stopping at the first
   * failure), with the job's variables; `before_script`'s clone is stood in for by a link to this
   * repository where the job clones it.
   */
  const run = () => {
    const builds = fs.mkdtempSync(path.join(repo.root, '..', 'builds-'));
    fs.symlinkSync(REPO, path.join(builds, 'aml-network-guard'));
    assert.match(job.before_script[0], /git clone .* "\$CI_BUILDS_DIR\/aml-network-guard"$/);
    const env = { ...job.variables, GITLAB_CI: 'true', CI_BUILDS_DIR: builds, CI_PROJECT_DIR: repo.root };
    const r = runBashStep(job.script.join('\n'), ['-eo', 'pipefail'], env, repo.root);
    fs.rmSync(builds, { recursive: true, force: true });
    return r;
  };
  const issues = () => JSON.parse(fs.readFileSync(repo.file(job.artifacts.reports.codequality), 'utf8')) as Issue[];

  before(ensureBuilt);
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.remove());

  it('hands GitLab the report the scan writes, also when the job fails', () => {
    assert.equal(job.artifacts.reports.codequality, job.variables.AMLNG_CODE_QUALITY);
    assert.equal(job.artifacts.when, 'always');
    assert.deepEqual(job.artifacts.paths, [job.variables.AMLNG_SARIF, job.variables.AMLNG_SUMMARY]);
    for (const line of job.script)
      assert.doesNotMatch(line, /\$\{?AMLNG_(PATHS|BASELINE|CHANGED_SINCE)/, 'inputs stay in the environment');
  });

  it('one code quality issue per finding with the documented fields, unique fingerprints, paths from the repository root', () => {
    const r = run();
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const found = issues();
    assert.equal(found.length, 5);
    for (const i of found) {
      for (const key of ['description', 'check_name', 'fingerprint'] as const) assert.ok(i[key], key);
      assert.ok(SEVERITIES.includes(i.severity), i.severity);
      assert.ok(fs.existsSync(repo.file(i.location.path)), i.location.path);
      assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
    }
    assert.equal(new Set(found.map((i) => i.fingerprint)).size, 5);
    const fqdn = found.find((i) => i.check_name === 'private-cluster-public-fqdn');
    assert.equal(fqdn?.severity, 'critical');
    assert.equal(fqdn?.location.path, 'infra/ws/azuredeploy.json');
    assert.match(fs.readFileSync(repo.file(job.variables.AMLNG_SUMMARY), 'utf8'), /```mermaid\n/);
  });

  it('keeps an issue where it is when lines move, and reports a template that could not be analysed', () => {
    run();
    const before = issues();
    fs.writeFileSync(
      repo.file('infra/ws/azuredeploy.json'),
      '\n\n' + fs.readFileSync(repo.file('infra/ws/azuredeploy.json'), 'utf8'),
    );
    fs.cpSync(path.join(FIXTURES, 'broken'), repo.file('infra/broken'), { recursive: true });
    run();
    const after = issues();
    for (const i of before) {
      const same = after.find((a) => a.fingerprint === i.fingerprint);
      assert.equal(same?.location.lines.begin, i.location.lines.begin + 2);
    }
    const broken = after.filter((i) => i.location.path === 'infra/broken/azuredeploy.json');
    assert.ok(broken.length > 0);
    assert.deepEqual(new Set(broken.map((i) => `${i.check_name} ${i.severity}`)), new Set(['parse-error critical']));
  });
});
