import type { DeploymentContext } from './graph/context';
import { DEFAULT_CONTEXT } from './graph/context';
import type { Severity } from './graph/problem';

export type SeveritySetting = Severity | 'off';

/**
 * A glob of paths never analysed, relative to `base` (the folder of the `.amlnetworkguard.json` that
 * says it, the workspace folder for the editor setting, the current folder for `--ignore`).
 */
export interface IgnorePattern {
  base: string;
  glob: string;
}

/**
 * What one analysis runs with: the merge of `.amlnetworkguard.json`, the editor settings
 * (`amlNetworkGuard.*`) or the command line, and the defaults (config-file/layers.ts).
 */
export interface AnalysisConfig {
  context: DeploymentContext;
  /** Per-rule severity overrides; rules not listed keep their default. */
  severities: Record<string, SeveritySetting>;
  /** Extra ARM parameter files / Terraform var files (absolute paths). */
  parameterFiles: string[];
  /** Paths that are never analysed; the last pattern that matches decides (`!glob` analyses again). */
  ignoredPaths: IgnorePattern[];
  /** Severity of a suppression comment that matches nothing (`off`: not reported). */
  unusedSuppressions: SeveritySetting;
}

export function defaultConfig(): AnalysisConfig {
  return {
    context: { ...DEFAULT_CONTEXT },
    severities: {},
    parameterFiles: [],
    ignoredPaths: [],
    unusedSuppressions: 'info',
  };
}
