/**
 * Built-in Azure role definitions the rules and the Terraform mapping need, by GUID (the tail of a
 * `roleDefinitionId`) and by name (Terraform's `role_definition_name`). Names compare case-insensitively.
 */
export const BUILT_IN_ROLES = {
  owner: { name: 'Owner', id: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635' },
  contributor: { name: 'Contributor', id: 'b24988ac-6180-42a0-ab88-20f7382dd24c' },
  reader: { name: 'Reader', id: 'acdd72a7-3385-48ef-bd42-f606fba81ae7' },
  networkContributor: { name: 'Network Contributor', id: '4d97b98b-1d4f-4787-a291-c67834d212e7' },
  storageBlobDataContributor: { name: 'Storage Blob Data Contributor', id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe' },
  storageAccountContributor: { name: 'Storage Account Contributor', id: '17d1049b-9a84-46fb-8f53-869881c3d3ab' },
  storageBlobDataOwner: { name: 'Storage Blob Data Owner', id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' },
  storageBlobDataReader: { name: 'Storage Blob Data Reader', id: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1' },
  acrPull: { name: 'AcrPull', id: '7f951dda-4ed3-4680-a7ca-43fe172d538d' },
  acrPush: { name: 'AcrPush', id: '8311e382-0749-4cb8-b61a-304f252e45ec' },
  keyVaultSecretsUser: { name: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6' },
  azureMlDataScientist: { name: 'AzureML Data Scientist', id: 'f6c7c914-8db3-469d-8ca1-694a8f32e121' },
} as const;

export type BuiltInRole = (typeof BUILT_IN_ROLES)[keyof typeof BUILT_IN_ROLES];

/** The GUID of a built-in role by its name; undefined for a name not in the table. */
export function roleIdByName(name: string): string | undefined {
  const lower = name.trim().toLowerCase();
  return Object.values(BUILT_IN_ROLES).find((r) => r.name.toLowerCase() === lower)?.id;
}

/** The GUID at the end of a role definition id (`…/roleDefinitions/<guid>` or the bare GUID), lower case. */
export function roleGuid(roleDefinitionId: string): string | undefined {
  const m = /(?:^|\/)([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(roleDefinitionId.trim());
  return m?.[1].toLowerCase();
}

/**
 * The built-in roles that grant at least what a role grants, for the roles the rules require:
 * Owner and Contributor include Network Contributor's and Storage Account Contributor's actions
 * (`*`), Storage Blob Data Owner includes Storage Blob Data Contributor's data actions. Contributor
 * and Owner hold no data actions, so they do not stand in for a data role.
 */
export function rolesGranting(role: BuiltInRole): string[] {
  const { owner, contributor, networkContributor, storageAccountContributor, storageBlobDataContributor } =
    BUILT_IN_ROLES;
  if (role === networkContributor || role === storageAccountContributor) return [role.id, contributor.id, owner.id];
  if (role === storageBlobDataContributor) return [role.id, BUILT_IN_ROLES.storageBlobDataOwner.id];
  return [role.id];
}
