import type { DeploymentContext } from './graph/context';
import { DEFAULT_CONTEXT } from './graph/context';
import type { Severity } from './graph/problem';

export type SeveritySetting = Severity | 'off';

/** Settings shared by the language server (from `amlNetworkGuard.*`) and the CLI (from flags). */
export interface AnalysisConfig {
  context: DeploymentContext;
  /** Per-rule severity overrides; rules not listed keep their default. */
  severities: Record<string, SeveritySetting>;
  /** Extra ARM parameter files / Terraform var files (absolute paths). */
  parameterFiles: string[];
  /** Glob-free path prefixes (absolute) that are never analysed. */
  ignoredPaths: string[];
}

export function defaultConfig(): AnalysisConfig {
  return { context: { ...DEFAULT_CONTEXT }, severities: {}, parameterFiles: [], ignoredPaths: [] };
}
