// The templates both editors open (copies of test/fixtures/e2e/workspace), and what the server
// must report in each. One rule is enough to prove the whole path (front end → rules → LSP →
// editor → quick fix → re-analysis); the rules themselves are tested in test/rules.

export const RULE = 'private-cluster-public-fqdn';
export const SOURCE = 'aml-network-guard';

export interface InsecureCase {
  language: string;
  /** Path under the workspace folder, '/'-separated. */
  file: string;
  /** Where the finding starts (first occurrence in the file). */
  flag: string;
  /** The flag's line, trimmed, after the quick fix. */
  fixed: string;
}

export const INSECURE_CASES: InsecureCase[] = [
  {
    language: 'ARM',
    file: 'insecure/azuredeploy.json',
    flag: '"enablePrivateClusterPublicFQDN": true',
    fixed: '"enablePrivateClusterPublicFQDN": false',
  },
  {
    language: 'Terraform',
    file: 'insecure-tf/main.tf',
    flag: 'private_cluster_public_fqdn_enabled = true',
    fixed: 'private_cluster_public_fqdn_enabled = false',
  },
];

/** The secure ARM template: the server must report nothing in it. */
export const SECURE = 'secure/mainTemplate.json';

/**
 * Hovering this token (the cluster's name in both ARM templates) shows the server's AKS notes once
 * it has analysed the file: the proof that "no diagnostics" means "analysed and clean".
 */
export const CLUSTER_NAME = `"[parameters('clusterName')]"`;
export const HOVER_NOTES = 'not checkable in a template';
