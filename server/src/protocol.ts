/**
 * The custom LSP messages of this server and the data they carry (the topology model, a scan's
 * summary), typed once for the server, which computes them, and the extension client, which only
 * shows them. Plain data, no imports, so the client bundle does not pull in the server.
 */

/**
 * `amlNetworkGuard/scan`: analyse every deployment of the workspace again; answers when done. With a
 * `workDoneToken`, the server reports through LSP work-done progress (`$/progress`) how many of the
 * deployments are analysed ("2/3 deployments analysed"), at the start and after each one.
 */
export const SCAN_REQUEST = 'amlNetworkGuard/scan';

export interface ScanParams {
  workDoneToken?: string | number;
}

export interface ScanResult {
  deployments: number;
  files: number;
  /** Findings by severity, each counted once. */
  counts: Record<TopologySeverity, number>;
}

/**
 * `amlNetworkGuard/sarif`: the SARIF report of a workspace folder (`folder`: its URI), as
 * `aml-network-guard scan <folder> --format sarif` writes it, with the folder's editor settings.
 */
export const SARIF_REQUEST = 'amlNetworkGuard/sarif';

export interface SarifParams {
  folder: string;
}

export interface SarifResult {
  sarif: string;
  /** Its results (findings, suppressed ones included). */
  results: number;
}

/** `amlNetworkGuard/topology`: the topology of every analysed deployment. */
export const TOPOLOGY_REQUEST = 'amlNetworkGuard/topology';

/** `amlNetworkGuard/topologyChanged`: sent after each analysis; the client asks again. */
export const TOPOLOGY_CHANGED = 'amlNetworkGuard/topologyChanged';

export type TopologySeverity = 'error' | 'warning' | 'info';

/** What a node stands for; the client picks its icon from this. */
export type TopologyKind =
  | 'vnet'
  | 'subnet'
  | 'cluster'
  | 'nodePool'
  | 'privateEndpoint'
  | 'target'
  | 'nsg'
  | 'peering'
  | 'dnsZone'
  | 'zoneLink'
  | 'workspace'
  | 'dependency'
  | 'compute'
  | 'unplaced';

export interface TopologyPosition {
  line: number;
  character: number;
}

/** Where a resource is declared (the client reveals it on click). */
export interface TopologyLocation {
  uri: string;
  range: { start: TopologyPosition; end: TopologyPosition };
}

/** A finding of a rule on the resource a node stands for. */
export interface TopologyProblem {
  ruleId: string;
  severity: TopologySeverity;
  message: string;
  /** The rule page shipped with the server. */
  docsUri: string;
  location: TopologyLocation;
}

export interface TopologyNode {
  /** Stable across analyses while the deployment keeps its shape (the tree's expansion state keys on it). */
  id: string;
  kind: TopologyKind;
  label: string;
  /** Short detail shown beside the label: an address range, group ids, a peering's remote network. */
  description?: string;
  /** Canonical ARM type of the resource, when the node is one. */
  resourceType?: string;
  /** The resource id as far as it is known (unknown parts are shown as their expressions). */
  resourceId?: string;
  location?: string;
  /** Values of this resource the checker could not determine, and why. */
  unknowns: string[];
  /**
   * What the checker found between this resource and others, in words ("reachable from AKS cluster
   * 'aks' through peering 'hub-to-spoke'"); absent when nothing.
   */
  relations?: string[];
  /** Undefined for resources this deployment does not declare. */
  declaration?: TopologyLocation;
  problems: TopologyProblem[];
  children: TopologyNode[];
  /** A peering, a zone link, an attached compute: the resource id of the network or cluster it leads to. */
  leadsTo?: string;
  /** A peering with no peering back: it carries no traffic. */
  oneWay?: boolean;
}

export interface TopologyDeployment {
  /** The deployment's folder (absolute path). */
  folder: string;
  /** The folder's name, relative to its workspace folder when there is one. */
  label: string;
  /** Findings of the whole deployment by severity (each counted once, whatever node shows it). */
  counts: Record<TopologySeverity, number>;
  /** Set when the analysis could not complete: why. */
  error?: string;
  nodes: TopologyNode[];
}

export interface TopologyResult {
  /** `analysing` until the first analysis of the workspace is done. */
  state: 'analysing' | 'ready';
  deployments: TopologyDeployment[];
}
