import { T, sameType } from '../types';

/**
 * The subnet service endpoints (`serviceEndpoints[].service`, lower case) that give a subnet access
 * to a resource type through its network rules: the alternative to a private endpoint.
 */
const SERVICE_ENDPOINTS: { type: string; services: readonly string[] }[] = [
  { type: T.storageAccount, services: ['microsoft.storage', 'microsoft.storage.global'] },
  { type: T.keyVault, services: ['microsoft.keyvault'] },
];

/** The service endpoint names that serve a resource type; undefined when the type has no such path. */
export function serviceEndpointsFor(type: string): readonly string[] | undefined {
  return SERVICE_ENDPOINTS.find((s) => sameType(s.type, type))?.services;
}
