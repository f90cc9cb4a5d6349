import type { Hover, Position } from 'vscode-languageserver';
import { MarkupKind } from 'vscode-languageserver';
import type { Resource } from '../graph/resource';
import type { SourceSpan } from '../graph/span';
import { comparePositions } from '../graph/span';
import { T, sameType } from '../graph/types';
import { toRange } from './diagnostics';

/** The two requirements of the documents that no template can show, so the editor reminds the user. */
export const AKS_NOTES = [
  '**Azure ML Network Guard** — not checkable in a template:',
  '',
  '- If this cluster is stopped and restarted while it is behind a virtual network, first delete and recreate the private endpoint linked to it, then reattach the Kubernetes computes attached from it in the workspace; otherwise creating, updating and deleting endpoints and deployments on it fails.',
  '- If the workspace is also behind a virtual network, you need a secure way to connect to it (see "Securely connect to your workspace").',
].join('\n');

/** The notes, when the position is on the name of an AKS cluster declared in `file`. */
export function clusterHover(resources: readonly Resource[], file: string, position: Position): Hover | undefined {
  const cluster = resources.find(
    (r) =>
      r.file === file &&
      sameType(r.type, T.managedCluster) &&
      r.nameSpan !== undefined &&
      contains(r.nameSpan, position),
  );
  if (!cluster?.nameSpan) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: AKS_NOTES }, range: toRange(cluster.nameSpan) };
}

function contains(span: SourceSpan, p: Position): boolean {
  return comparePositions(span.start, p) <= 0 && comparePositions(p, span.end) <= 0;
}
