/**
 * The private DNS zones each private-link group id registers its records in (Azure public cloud),
 * as rules.md lists them. `amlworkspace` needs two zones.
 */
export const PRIVATE_DNS_ZONES: Readonly<Record<string, readonly string[]>> = {
  amlworkspace: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'],
  blob: ['privatelink.blob.core.windows.net'],
  file: ['privatelink.file.core.windows.net'],
  queue: ['privatelink.queue.core.windows.net'],
  table: ['privatelink.table.core.windows.net'],
  dfs: ['privatelink.dfs.core.windows.net'],
  vault: ['privatelink.vaultcore.azure.net'],
  registry: ['privatelink.azurecr.io'],
};

/** The zones of a group id (case-insensitive); empty when the group id is not in the table. */
export function zonesForGroup(groupId: string): readonly string[] {
  return PRIVATE_DNS_ZONES[groupId.toLowerCase()] ?? [];
}
