import type { ResourceGraph } from '../graph';
import type { PrivateEndpointIndex } from '../private-endpoints';
import { opaqueDeployments, privateEndpointIndex } from '../private-endpoints';
import type { Attachment, WorkspaceDependency } from '../relations';
import { attachments, workspaceDependencies } from '../relations';
import type { Resource } from '../resource';
import type { ClusterInVnet } from './clusters';
import { clustersInVnet } from './clusters';
import type { SecuredDependency } from './dependencies';
import { securedDependencies } from './dependencies';
import type { EndpointVerdict } from './endpoint-verdicts';
import { endpointVerdicts } from './endpoint-verdicts';
import type { NoteSink } from './memo';
import { QueryStore } from './memo';
import type { Note } from './note';

/**
 * The questions rules ask about a graph, each answered once per graph and shared by every rule.
 * Answers are read-only. A question that cannot be fully decided records notes, and every rule
 * that asks it gets them as its own "not evaluated" notes.
 */
export class GraphQueries {
  constructor(
    readonly graph: ResourceGraph,
    private readonly store: QueryStore,
    private readonly sink: NoteSink,
  ) {}

  /** AKS attachments (workspace computes of type AKS or Kubernetes), all or of one workspace. */
  attachments(workspace?: Resource): readonly Attachment[] {
    return this.memo(`attachments ${workspace?.key ?? '*'}`, () => attachments(this.graph, workspace));
  }

  /** Workspaces of this deployment whose attached AKS cluster sits in a VNet (noted when unknown). */
  clustersInVnet(): readonly ClusterInVnet[] {
    return this.memo('clustersInVnet', clustersInVnet);
  }

  /** The associated resources a workspace names, plus the storage accounts behind its datastores. */
  workspaceDependencies(workspace: Resource): readonly WorkspaceDependency[] {
    return this.memo(`workspaceDependencies ${workspace.key}`, () => workspaceDependencies(this.graph, workspace));
  }

  /** The storage, key vault, registry and datastore storage a workspace uses that this deployment creates. */
  securedDependencies(workspace: Resource): readonly SecuredDependency[] {
    return this.memo(`securedDependencies ${workspace.key}`, (q, note) => securedDependencies(q, workspace, note));
  }

  /** The private endpoints of the graph, indexed by what they connect to: `privateEndpoints().of(target)`. */
  privateEndpoints(): PrivateEndpointIndex {
    return privateEndpointIndex(this.graph);
  }

  /** Deployments whose content is not analysed: they may create anything. */
  opaqueDeployments(): readonly Resource[] {
    return this.memo('opaqueDeployments', () => opaqueDeployments(this.graph));
  }

  /** How each workspace with a cluster in a VNet is reached from each of the cluster's VNets. */
  workspaceEndpointVerdicts(): readonly EndpointVerdict[] {
    return this.memo('workspaceEndpointVerdicts', (q) => endpointVerdicts(q, 'workspace'));
  }

  /** How each secured dependency of those workspaces is reached from each of the cluster's VNets. */
  dependencyEndpointVerdicts(): readonly EndpointVerdict[] {
    return this.memo('dependencyEndpointVerdicts', (q) => endpointVerdicts(q, 'dependencies'));
  }

  /** Computes once per graph; `compute` asks other questions through `q` and records notes through `note`. */
  private memo<T>(key: string, compute: (q: GraphQueries, note: Note) => T): T {
    return this.store.run(key, this.sink, (inner) =>
      compute(new GraphQueries(this.graph, this.store, inner), (span, message) => inner({ span, message })),
    );
  }
}

const STORES = new WeakMap<ResourceGraph, QueryStore>();

/** The queries of a graph as one rule sees them: shared answers, notes to `sink`. */
export function graphQueries(graph: ResourceGraph, sink: NoteSink): GraphQueries {
  let store = STORES.get(graph);
  if (!store) {
    store = new QueryStore();
    STORES.set(graph, store);
  }
  return new GraphQueries(graph, store, sink);
}

export type { ClusterInVnet, KnownVnet } from './clusters';
export { subnetSpanIn } from './clusters';
export type { SecuredDependency } from './dependencies';
export { SECURED_ROLES, roleNoun } from './dependencies';
export type { EndpointVerdict } from './endpoint-verdicts';
export { lacksAccess, undecidedReason } from './endpoint-verdicts';
export type { QueryNote, NoteSink } from './memo';
