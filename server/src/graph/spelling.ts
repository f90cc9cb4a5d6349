import type { Language, Resource } from './resource';
import { parsePath } from './value';

/** A literal a message or a fix may name: what a property is set to. */
export type Literal = string | number | boolean;

/**
 * How the source language of a resource spells the properties the graph names by ARM body path.
 * Each front end that maps its own names onto the ARM shape (Terraform) supplies one, so that a
 * message says `private_cluster_public_fqdn_enabled` to a Terraform user and
 * `enablePrivateClusterPublicFQDN` to an ARM or Bicep user. Rules reach it only through the rule
 * context (`ctx.propertyName`, `ctx.propertyValue`), never through a front end.
 */
export interface Spelling {
  /** The property at `armPath` as the resource's file writes it; undefined when the language has no own name. */
  property(resource: Resource, armPath: string): string | undefined;
  /** `value` of the property at `armPath` as the file would write it (`'Disabled'` → `false`), or undefined. */
  value(resource: Resource, armPath: string, value: Literal): string | undefined;
}

/** The ARM name of a body path: its last property (`properties.networkProfile.serviceCidr` → `serviceCidr`). */
export function armPropertyName(armPath: string): string {
  const names = parsePath(armPath).filter((s): s is string => typeof s === 'string');
  return names[names.length - 1] ?? armPath;
}

/** A literal as ARM JSON (double quotes) or Bicep (single quotes) writes it. */
export function armLiteral(language: Language, value: Literal): string {
  if (typeof value !== 'string') return String(value);
  return language === 'bicep' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);
}

/** The spelling of languages that write ARM names themselves (ARM JSON, Bicep): the fallback for every language. */
export const ARM_SPELLING: Spelling = {
  property: (_resource, armPath) => armPropertyName(armPath),
  value: (resource, _armPath, value) => armLiteral(resource.language, value),
};
