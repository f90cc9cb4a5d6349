import type { DeploymentContext } from '../graph/context';

/**
 * The keys of `.amlnetworkguard.json`, described once: the file's JSON schema, the editor settings
 * that mirror them (`amlNetworkGuard.<key>`) and the reader's checks all come from this table.
 */
export const CONFIG_FILE_NAME = '.amlnetworkguard.json';

export type ContextField = keyof DeploymentContext;

/** How a key is written, for the schema and the reader. */
export type FieldKind = 'globs' | 'files' | 'text' | 'guid' | 'level';

export interface FieldSpec {
  kind: FieldKind;
  /** Markdown description in the file's schema: paths are relative to the file's folder. */
  file: string;
  /** Markdown description of the editor setting mirroring the key, when there is one. */
  setting?: string;
  /** The built-in value, when the key has one (shown in the schema). */
  default?: string;
}

const CONFIG = '`.amlnetworkguard.json`';
const replaces = (key: string) => `When not empty, it replaces the \`${key}\` of ${CONFIG}.`;
const overrides = (key: string, otherwise: string) =>
  `Overrides \`context.${key}\` of ${CONFIG}; empty: the file's value, else ${otherwise}.`;

export const LIST_FIELDS = {
  ignoredPaths: {
    kind: 'globs',
    file: "Globs of files and folders that are never analysed, relative to this file's folder: `legacy`, `**/*.test.json`. A pattern that matches a folder ignores everything in it; `!pattern` analyses a path again (the last pattern that matches decides).",
    setting:
      "Globs of files and folders (relative to the workspace folder) that are never analysed, besides the `ignoredPaths` of `.amlnetworkguard.json`: the file's patterns come first, these after, and the last pattern that matches decides (`!pattern` analyses a path again).",
  },
  parameterFiles: {
    kind: 'files',
    file: "ARM parameter files (`*.parameters.json`) to evaluate the templates with, relative to this file's folder.",
    setting: `ARM parameter files to evaluate templates with (paths relative to the workspace folder). ${replaces('parameterFiles')}`,
  },
  varFiles: {
    kind: 'files',
    file: "Terraform variable files (`-var-file`) to evaluate the modules with, besides the auto-loaded `terraform.tfvars` and `*.auto.tfvars`, relative to this file's folder.",
    setting: `Terraform variable files (\`-var-file\`) to evaluate modules with, besides the auto-loaded \`terraform.tfvars\` and \`*.auto.tfvars\` (paths relative to the workspace folder). ${replaces('varFiles')}`,
  },
} as const satisfies Record<string, FieldSpec>;

export const CONTEXT_FIELDS = {
  subscriptionId: {
    kind: 'guid',
    file: 'Subscription id used for `subscription()` and resource ids. Unset: a placeholder id.',
    setting: `Subscription id used for \`subscription()\` and resource ids. ${overrides('subscriptionId', 'a placeholder id')}`,
  },
  resourceGroup: {
    kind: 'text',
    file: 'Resource group name used for `resourceGroup()` and resource ids. Unset: a placeholder name.',
    setting: `Resource group name used for \`resourceGroup()\` and resource ids. ${overrides('resourceGroup', 'a placeholder name')}`,
  },
  location: {
    kind: 'text',
    file: 'Location of the target resource group (`resourceGroup().location`). Unset: unknown, so region checks compare it only with itself.',
    setting: `Location of the target resource group (\`resourceGroup().location\`). ${overrides('location', 'unknown, so region checks compare it only with itself')}`,
  },
  tenantId: {
    kind: 'guid',
    file: 'Tenant id used for `subscription().tenantId` and `tenant()`. Unset: a placeholder id.',
    setting: `Tenant id used for \`subscription().tenantId\` and \`tenant()\`. ${overrides('tenantId', 'a placeholder id')}`,
  },
  deploymentName: {
    kind: 'text',
    file: 'Deployment name used for `deployment().name`. Unset: `aml-network-guard`.',
    setting: `Deployment name used for \`deployment().name\`. ${overrides('deploymentName', '`aml-network-guard`')}`,
  },
} as const satisfies Record<ContextField, FieldSpec>;

export const UNUSED_SUPPRESSIONS: FieldSpec = {
  kind: 'level',
  file: 'Severity of a suppression comment that matches nothing (`unused-suppression`); `error` makes a CI scan fail on stale suppressions, `off` hides them.',
  default: 'info',
};

export const SEVERITY_DESCRIPTION =
  "Severity per rule id (`error`, `warning`, `info` or `off`), overriding the rule's default.";

export const FILE_DESCRIPTION =
  'Azure ML Network Guard workspace configuration: the team policy that the editor and `aml-network-guard scan` both apply to the deployments in this folder and below.';

export type ListField = keyof typeof LIST_FIELDS;

export const TOP_LEVEL_KEYS = [
  '$schema',
  'severity',
  ...(Object.keys(LIST_FIELDS) as ListField[]),
  'context',
  'unusedSuppressions',
] as const;
