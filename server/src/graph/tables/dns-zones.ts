/**
 * The private DNS zones each private-link group id registers its records in, per Azure cloud.
 * The public cloud's are rules.md's table; `amlworkspace` needs two zones everywhere.
 */
export type Cloud = 'AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud';

function storageZones(suffix: string): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const group of ['blob', 'file', 'queue', 'table', 'dfs']) out[group] = [`privatelink.${group}.${suffix}`];
  return out;
}

const ZONES_BY_CLOUD: Readonly<Record<Cloud, Readonly<Record<string, readonly string[]>>>> = {
  AzureCloud: {
    amlworkspace: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'],
    ...storageZones('core.windows.net'),
    vault: ['privatelink.vaultcore.azure.net'],
    registry: ['privatelink.azurecr.io'],
  },
  AzureUSGovernment: {
    amlworkspace: ['privatelink.api.ml.azure.us', 'privatelink.notebooks.usgovcloudapi.net'],
    ...storageZones('core.usgovcloudapi.net'),
    vault: ['privatelink.vaultcore.usgovcloudapi.net'],
    registry: ['privatelink.azurecr.us'],
  },
  AzureChinaCloud: {
    amlworkspace: ['privatelink.api.ml.azure.cn', 'privatelink.notebooks.chinacloudapi.cn'],
    ...storageZones('core.chinacloudapi.cn'),
    vault: ['privatelink.vaultcore.azure.cn'],
    registry: ['privatelink.azurecr.cn'],
  },
};

/** The public cloud's table, the one rules.md states. */
export const PRIVATE_DNS_ZONES = ZONES_BY_CLOUD.AzureCloud;

/**
 * DNS domains only one cloud's service names use: a zone under one of them is that cloud's, so
 * it can be judged against that cloud's table. A zone under none of them belongs to no cloud we know.
 */
const CLOUD_DOMAINS: Readonly<Record<Cloud, readonly string[]>> = {
  AzureCloud: ['windows.net', 'azure.net', 'azureml.ms', 'azurecr.io', 'azure.com'],
  AzureUSGovernment: ['usgovcloudapi.net', 'azure.us', 'azurecr.us'],
  AzureChinaCloud: ['chinacloudapi.cn', 'azure.cn', 'azurecr.cn'],
};

/** `environment().suffixes.keyvaultDns` of each cloud: a vault's host name suffix, not its private link zone. */
const KEY_VAULT_DNS: Readonly<Record<Cloud, string>> = {
  AzureCloud: '.vault.azure.net',
  AzureUSGovernment: '.vault.usgovcloudapi.net',
  AzureChinaCloud: '.vault.azure.cn',
};

/** A zone name as Azure compares it: case-insensitive, without a trailing dot. */
export function normalizeZone(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

/** The zones of a group id in the public cloud (case-insensitive); empty when the group id is not in the table. */
export function zonesForGroup(groupId: string): readonly string[] {
  return zonesForGroupIn('AzureCloud', groupId);
}

/** The zones of a group id in one cloud; empty when the group id is not in the table. */
export function zonesForGroupIn(cloud: Cloud, groupId: string): readonly string[] {
  return ZONES_BY_CLOUD[cloud][groupId.toLowerCase()] ?? [];
}

/** Whether the table knows the zones of a group id. */
export function knownGroup(groupId: string): boolean {
  return zonesForGroup(groupId).length > 0;
}

/** The cloud whose service domains a zone name lies under; undefined for a domain of no cloud we know. */
export function cloudOfZone(zone: string): Cloud | undefined {
  const name = normalizeZone(zone);
  for (const [cloud, domains] of Object.entries(CLOUD_DOMAINS) as [Cloud, readonly string[]][])
    if (domains.some((d) => name === d || name.endsWith(`.${d}`))) return cloud;
  return undefined;
}

/** Whether a zone is `privatelink` + the cloud's keyvaultDns suffix: the zone Key Vault never registers in. */
export function isKeyVaultHostZone(zone: string): boolean {
  const name = normalizeZone(zone);
  return Object.values(KEY_VAULT_DNS).some((suffix) => name === `privatelink${suffix}`);
}
