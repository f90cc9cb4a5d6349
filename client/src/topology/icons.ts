import { ThemeColor, ThemeIcon } from 'vscode';
import type { TopologyKind, TopologySeverity } from '../../../server/src/protocol';

/** A codicon per kind of node, so the tree reads at a glance like the architecture diagrams do. */
const CODICONS: Record<TopologyKind | 'deployment' | 'problem', string> = {
  deployment: 'folder-library',
  vnet: 'type-hierarchy',
  subnet: 'symbol-namespace',
  cluster: 'server-environment',
  nodePool: 'server',
  privateEndpoint: 'plug',
  target: 'arrow-right',
  nsg: 'shield',
  peering: 'arrow-swap',
  dnsZone: 'globe',
  zoneLink: 'link',
  workspace: 'beaker',
  dependency: 'package',
  compute: 'vm',
  unplaced: 'question',
  problem: 'error',
};

const SEVERITY_COLOURS: Record<TopologySeverity, string> = {
  error: 'problemsErrorIcon.foreground',
  warning: 'problemsWarningIcon.foreground',
  info: 'problemsInfoIcon.foreground',
};

export function iconOf(kind: TopologyKind | 'deployment'): ThemeIcon {
  return new ThemeIcon(CODICONS[kind]);
}

/** A problem's icon, in its severity's colour. */
export function problemIcon(severity: TopologySeverity): ThemeIcon {
  const id = severity === 'info' ? 'info' : severity;
  return new ThemeIcon(id, new ThemeColor(SEVERITY_COLOURS[severity]));
}
