/**
 * Azure service tags as NSG rules name them, and which tag covers which: what the NSG evaluation
 * needs to decide "does this rule match traffic to service X" without the tags' address lists.
 * Regional tags are `<Tag>.<region>` (`AzureContainerRegistry.westeurope`).
 */

/** Tags whose addresses are Azure public service addresses: all inside `Internet` and `AzureCloud`. */
export const AZURE_SERVICE_TAGS: readonly string[] = [
  'AzureContainerRegistry',
  'MicrosoftContainerRegistry',
  'AzureMachineLearning',
  'AzureActiveDirectory',
  'AzureResourceManager',
  'AzureFrontDoor.FirstParty',
  'AzureMonitor',
  'Storage',
  'AzureKeyVault',
  'BatchNodeManagement',
  'AzureCloud',
];

/** The tag of a registry's service, and its regional form. */
export const CONTAINER_REGISTRY_TAG = 'AzureContainerRegistry';

export function regionalTag(tag: string, region: string): string {
  return `${tag}.${region.replace(/\s+/g, '').toLowerCase()}`;
}

/** `Any` and `*` are every address. */
export function isAnyAddress(prefix: string): boolean {
  const p = prefix.trim().toLowerCase();
  return p === '*' || p === 'any' || p === '0.0.0.0/0' || p === '::/0';
}

/** `Storage.westeurope` → `{ tag: 'storage', region: 'westeurope' }` (lower case). */
function split(tag: string): { tag: string; region?: string } {
  const lower = tag.trim().toLowerCase();
  const known = AZURE_SERVICE_TAGS.find((t) => t.toLowerCase() === lower);
  if (known) return { tag: lower };
  const dot = lower.lastIndexOf('.');
  return dot > 0 ? { tag: lower.slice(0, dot), region: lower.slice(dot + 1) } : { tag: lower };
}

function isServiceTag(tag: string): boolean {
  return AZURE_SERVICE_TAGS.some((t) => t.toLowerCase() === tag);
}

/** The Azure service tag a prefix names (`AzureContainerRegistry.westeurope` → `azurecontainerregistry`), if any. */
export function serviceTagOf(prefix: string): string | undefined {
  const { tag } = split(prefix);
  return isServiceTag(tag) ? tag : undefined;
}

/**
 * Whether the rule prefix `outer` covers every address of the tag `inner`: `yes`, `no` (disjoint),
 * or `partial` (some addresses, or cannot tell).
 */
export function tagCovers(outer: string, inner: string): 'yes' | 'no' | 'partial' {
  if (isAnyAddress(outer)) return 'yes';
  const o = split(outer);
  const i = split(inner);
  if (o.tag === i.tag) {
    if (o.region === undefined || o.region === i.region) return 'yes';
    return i.region === undefined ? 'partial' : 'no';
  }
  // Azure services' public addresses are outside every VNet and inside Internet and AzureCloud
  // (a regional AzureCloud holds the same region's addresses of a service; of other regions, cannot tell).
  if (isServiceTag(i.tag) && o.tag === 'internet') return 'yes';
  if (isServiceTag(i.tag) && o.tag === 'azurecloud' && i.tag !== 'azurecloud')
    return o.region === undefined || (i.region !== undefined && i.region === o.region) ? 'yes' : 'partial';
  if (isServiceTag(i.tag) && (o.tag === 'virtualnetwork' || o.tag === 'azureloadbalancer')) return 'no';
  if (i.tag === 'internet' && (o.tag === 'virtualnetwork' || o.tag === 'azureloadbalancer')) return 'no';
  if (i.tag === 'virtualnetwork' && (o.tag === 'internet' || isServiceTag(o.tag))) return 'no';
  return 'partial';
}
