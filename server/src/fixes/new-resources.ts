import { T } from '../graph/types';
import type { NewResource } from './intent';

/** The API versions new ARM and Bicep declarations are written with. */
export const API_VERSIONS: Readonly<Record<NewResource['type'], string>> = {
  privateEndpoint: '2023-09-01',
  privateDnsZone: '2020-06-01',
  privateDnsZoneLink: '2020-06-01',
  privateDnsZoneGroup: '2023-09-01',
  roleAssignment: '2022-04-01',
  virtualNetworkPeering: '2023-09-01',
  containerRegistry: '2023-07-01',
};

/** A zone group's config name for a zone: `privatelink-vaultcore-azure-net`. */
export function zoneConfigName(zone: string): string {
  return zone.replace(/[^A-Za-z0-9-]+/g, '-');
}

/** The word a zone is known by: `vaultcore` for `privatelink.vaultcore.azure.net`. */
export function zoneWord(zone: string): string {
  const parts = zone.split('.');
  return (parts[0] === 'privatelink' && parts[1] ? parts[1] : parts[0]) || 'zone';
}

/** `pe-kv-ml` as an identifier: `peKvMl` (camel) or `pe_kv_ml` (snake), made unique against `taken`. */
export function identifier(words: string, style: 'camel' | 'snake', taken: (name: string) => boolean): string {
  const parts = words.split(/[^A-Za-z0-9]+/).filter((p) => p !== '');
  let base =
    style === 'snake'
      ? parts.map((p) => p.toLowerCase()).join('_')
      : parts.map((p, i) => (i === 0 ? p.toLowerCase() : p[0].toUpperCase() + p.slice(1).toLowerCase())).join('');
  if (!/^[A-Za-z_]/.test(base)) base = `r${style === 'snake' ? '_' : ''}${base}`;
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${style === 'snake' ? '_' : ''}${i}`;
  return name;
}

/** The ARM type a new resource declares. */
export function armType(r: NewResource): string {
  switch (r.type) {
    case 'privateEndpoint':
      return T.privateEndpoint;
    case 'privateDnsZone':
      return T.privateDnsZone;
    case 'privateDnsZoneLink':
      return T.privateDnsZoneLink;
    case 'privateDnsZoneGroup':
      return T.privateDnsZoneGroup;
    case 'roleAssignment':
      return T.roleAssignment;
    case 'virtualNetworkPeering':
      return T.peering;
    case 'containerRegistry':
      return T.containerRegistry;
  }
}

/** `subscriptionResourceId(...)` of a built-in role definition, as ARM and Bicep write it. */
export function roleDefinitionExpression(roleId: string): string {
  return `subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${roleId}')`;
}
