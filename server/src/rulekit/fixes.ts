import type { CopyPropertyIntent, SetPropertyIntent } from '../fixes/intent';
import type { Resource } from '../graph/resource';
import type { Literal } from '../graph/spelling';
import type { RuleContext } from './rule';

/**
 * Fix intents with titles in the edited file's language: "Set private_cluster_public_fqdn_enabled to
 * false" in Terraform, "Set enablePrivateClusterPublicFQDN to false" in ARM and Bicep.
 */
export function setPropertyFix(
  ctx: RuleContext,
  resource: Resource,
  path: string,
  value: Literal,
  title = `Set ${ctx.propertyName(resource, path)} to ${ctx.propertyValue(resource, path, value)}`,
): SetPropertyIntent {
  return { kind: 'setProperty', title, resource, path, value };
}

/** Makes `path` on `resource` the same expression as `fromPath` on `from`; `title` says what for. */
export function copyPropertyFix(
  resource: Resource,
  path: string,
  from: Resource,
  fromPath: string,
  title: string,
): CopyPropertyIntent {
  return { kind: 'copyProperty', title, resource, path, from, fromPath };
}
