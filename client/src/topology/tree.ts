import type { Event, TreeDataProvider } from 'vscode';
import { EventEmitter, MarkdownString, TreeItem, TreeItemCollapsibleState, Uri, commands } from 'vscode';
import type {
  TopologyDeployment,
  TopologyLocation,
  TopologyNode,
  TopologyProblem,
  TopologyResult,
  TopologySeverity,
} from '../../../server/src/protocol';
import { countsText } from './counts';
import { DECORATION_SCHEME, worstSeverity } from './decorations';
import { iconOf, problemIcon } from './icons';

/** What the tree shows: a deployment (folder), a node of its topology, or one problem of a node. */
export type TopologyElement =
  | { type: 'deployment'; deployment: TopologyDeployment }
  | { type: 'node'; node: TopologyNode }
  | { type: 'problem'; problem: TopologyProblem; owner: TopologyNode };

/** The context key the view's welcome content reads: `analysing`, `empty`, `ready` or `error`. */
export const STATE_KEY = 'amlNetworkGuard.topologyState';

/** Commands the items run; registered by the extension. */
export const REVEAL_COMMAND = 'amlNetworkGuard.revealDeclaration';

/** Kinds that are containers a user wants open at first sight. */
const OPEN_KINDS = new Set<TopologyNode['kind']>(['vnet', 'subnet', 'workspace', 'unplaced']);

/**
 * The topology side panel. It only shows what the server sends (`amlNetworkGuard/topology`) and asks
 * again when the server announces a new analysis; ids are the server's stable node ids, so VS Code
 * keeps what the user expanded across refreshes.
 */
export class TopologyTree implements TreeDataProvider<TopologyElement> {
  private readonly changed = new EventEmitter<TopologyElement | undefined>();
  readonly onDidChangeTreeData: Event<TopologyElement | undefined> = this.changed.event;
  private result: TopologyResult = { state: 'analysing', deployments: [] };
  private failure: string | undefined;
  private pending: Promise<void> | undefined;
  private again = false;

  constructor(private readonly fetch: () => Promise<TopologyResult>) {}

  /** The last topology received (the tests and the status read it). */
  get current(): TopologyResult {
    return this.result;
  }

  /** Asks the server again; calls that arrive meanwhile are folded into one more request. */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = (async () => {
      do {
        this.again = false;
        try {
          this.result = await this.fetch();
          this.failure = undefined;
        } catch (err) {
          this.failure = err instanceof Error ? err.message : String(err);
        }
      } while (this.again);
      this.pending = undefined;
      await commands.executeCommand('setContext', STATE_KEY, this.state());
      this.changed.fire(undefined);
    })();
    return this.pending;
  }

  private state(): string {
    if (this.failure !== undefined) return 'error';
    if (this.result.state === 'analysing') return 'analysing';
    return this.result.deployments.some((d) => d.nodes.length > 0 || d.error) ? 'ready' : 'empty';
  }

  getChildren(element?: TopologyElement): TopologyElement[] {
    if (!element) {
      if (this.failure !== undefined) return [];
      return this.result.deployments
        .filter((d) => d.nodes.length > 0 || d.error)
        .map((deployment) => ({ type: 'deployment', deployment }));
    }
    if (element.type === 'deployment') return element.deployment.nodes.map((node) => ({ type: 'node', node }));
    if (element.type === 'problem') return [];
    return [
      ...element.node.problems.map((problem): TopologyElement => ({ type: 'problem', problem, owner: element.node })),
      ...element.node.children.map((node): TopologyElement => ({ type: 'node', node })),
    ];
  }

  getTreeItem(element: TopologyElement): TreeItem {
    if (element.type === 'deployment') return deploymentItem(element.deployment);
    if (element.type === 'problem') return problemItem(element.problem, element.owner);
    return nodeItem(element.node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function deploymentItem(d: TopologyDeployment): TreeItem {
  const item = new TreeItem(d.label, TreeItemCollapsibleState.Expanded);
  item.id = `deployment:${d.folder}`;
  item.iconPath = iconOf('deployment');
  item.description = d.error ? 'analysis failed' : countsText(d.counts);
  item.tooltip = new MarkdownString(
    `**${escape(d.label)}**\n\n${escape(d.folder)}${d.error ? `\n\n${escape(d.error)}` : ''}`,
  );
  item.contextValue = 'deployment';
  const severities = (['error', 'warning', 'info'] as const).filter((s) => d.counts[s] > 0);
  item.resourceUri = badgeUri(item.id, d.counts.error + d.counts.warning + d.counts.info, worstSeverity(severities));
  return item;
}

function nodeItem(node: TopologyNode): TreeItem {
  const expandable = node.children.length > 0 || node.problems.length > 0;
  const state = !expandable
    ? TreeItemCollapsibleState.None
    : OPEN_KINDS.has(node.kind)
      ? TreeItemCollapsibleState.Expanded
      : TreeItemCollapsibleState.Collapsed;
  const item = new TreeItem(node.label, state);
  item.id = node.id;
  item.description = node.description;
  item.iconPath = iconOf(node.kind);
  item.tooltip = nodeTooltip(node);
  item.contextValue = ['node', node.resourceId ? 'hasId' : '', node.problems.length ? 'hasProblems' : '']
    .filter((x) => x)
    .join(' ');
  item.resourceUri = badgeUri(node.id, node.problems.length, worstSeverity(node.problems.map((p) => p.severity)));
  if (node.declaration) item.command = revealCommand(node.declaration, `Reveal ${node.label}`);
  return item;
}

function problemItem(problem: TopologyProblem, owner: TopologyNode): TreeItem {
  const item = new TreeItem(problem.ruleId, TreeItemCollapsibleState.None);
  item.id = `${owner.id}#${problem.ruleId}@${problem.location.range.start.line}:${problem.location.range.start.character}`;
  item.description = problem.message;
  item.iconPath = problemIcon(problem.severity);
  item.tooltip = new MarkdownString(`**${problem.ruleId}** (${problem.severity})\n\n${escape(problem.message)}`);
  item.contextValue = 'problem';
  item.command = revealCommand(problem.location, 'Reveal the finding');
  return item;
}

function nodeTooltip(node: TopologyNode): MarkdownString {
  const lines = [`**${escape(node.label)}**${node.resourceType ? ` — \`${node.resourceType}\`` : ''}`];
  if (node.resourceId) lines.push(`Id: \`${node.resourceId}\``);
  if (node.location) lines.push(`Location: \`${node.location}\``);
  if (!node.declaration) lines.push('Not declared in this deployment.');
  if (node.unknowns.length) lines.push(`Unknown:\n${node.unknowns.map((u) => `- ${escape(u)}`).join('\n')}`);
  if (node.problems.length)
    lines.push(
      `Problems:\n${node.problems.map((p) => `- ${p.severity} \`${p.ruleId}\`: ${escape(p.message)}`).join('\n')}`,
    );
  return new MarkdownString(lines.join('\n\n'));
}

function revealCommand(location: TopologyLocation, title: string) {
  return { command: REVEAL_COMMAND, title, arguments: [location] };
}

/** A URI that only carries the badge (count and worst severity) for the decoration provider. */
function badgeUri(id: string, count: number, severity: TopologySeverity | undefined): Uri {
  const query = severity && count > 0 ? `count=${count}&severity=${severity}` : '';
  return Uri.from({ scheme: DECORATION_SCHEME, path: `/${encodeURIComponent(id)}`, query });
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}
