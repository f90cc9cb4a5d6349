/**
 * Whether a file is an ARM deployment template: JSON whose top-level `$schema` is one of the
 * deployment template schemas. Parameter files and other JSON are not. Reads only the start of
 * the text, so it is cheap enough to run on every JSON file of a workspace.
 */
const TEMPLATE_SCHEMA =
  /"\$schema"\s*:\s*"https?:\/\/schema\.management\.azure\.com\/schemas\/[^"]*\/(deploymentTemplate|subscriptionDeploymentTemplate|managementGroupDeploymentTemplate|tenantDeploymentTemplate)\.json#?"/i;

/** How far into the file `$schema` may appear (it is normally the first member). */
const HEAD = 4096;

export function isArmTemplate(path: string, text: string): boolean {
  if (!/\.jsonc?$/i.test(path)) return false;
  const head = text.slice(0, HEAD);
  const match = TEMPLATE_SCHEMA.exec(head);
  if (!match) return false;
  // Only the top-level `$schema` counts: a nested template's schema may appear inside another document.
  return depthAt(head, match.index) === 1;
}

/** Object nesting depth at an offset, skipping strings and comments. */
function depthAt(text: string, offset: number): number {
  let depth = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < offset && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < offset && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? offset : end + 1;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
    }
  }
  return depth;
}

/** The scope a template deploys at, from its schema. */
export function templateScope(text: string): 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant' {
  const match = TEMPLATE_SCHEMA.exec(text.slice(0, HEAD));
  switch (match?.[1].toLowerCase()) {
    case 'subscriptiondeploymenttemplate':
      return 'subscription';
    case 'managementgroupdeploymenttemplate':
      return 'managementGroup';
    case 'tenantdeploymenttemplate':
      return 'tenant';
    default:
      return 'resourceGroup';
  }
}
