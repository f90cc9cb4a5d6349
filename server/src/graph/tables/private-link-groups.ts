import { T, sameType } from '../types';

/**
 * The private-link group ids (sub-resources) an endpoint needs for each resource the inferencing
 * article secures: workspace storage needs both `blob` and `file`.
 */
const GROUP_IDS: readonly [type: string, groupIds: readonly string[]][] = [
  [T.workspace, ['amlworkspace']],
  [T.storageAccount, ['blob', 'file']],
  [T.keyVault, ['vault']],
  [T.containerRegistry, ['registry']],
];

/** The group ids for a resource type; empty when the type is not one of those. */
export function groupIdsFor(type: string): readonly string[] {
  return GROUP_IDS.find(([t]) => sameType(t, type))?.[1] ?? [];
}
