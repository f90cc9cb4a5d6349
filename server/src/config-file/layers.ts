import type { AnalysisConfig, IgnorePattern, SeveritySetting } from '../config';
import { defaultConfig } from '../config';
import type { ContextField } from './spec';

/**
 * What one source of configuration says (`.amlnetworkguard.json`, the editor settings, the command
 * line). A key that is absent, or a setting left empty, says nothing and never overrides.
 */
export interface ConfigLayer {
  severity?: Record<string, SeveritySetting>;
  ignoredPaths?: IgnorePattern[];
  /** Absolute paths. */
  parameterFiles?: string[];
  varFiles?: string[];
  context?: Partial<Record<ContextField, string>>;
  unusedSuppressions?: SeveritySetting;
}

/**
 * The configuration in effect, from layers listed lowest first: the defaults, then the file (team
 * policy), then the editor settings or command-line options (what this user asked for explicitly).
 * A higher layer wins key by key: per rule for `severity`, per field for `context`, a non-empty
 * `parameterFiles` / `varFiles` list replaces the lower one (another parameter set, not more), and
 * `ignoredPaths` patterns add up in order, so the last pattern that matches decides.
 */
export function mergeLayers(layers: readonly ConfigLayer[]): AnalysisConfig {
  const config = defaultConfig();
  let parameterFiles: string[] = [];
  let varFiles: string[] = [];
  for (const layer of layers) {
    Object.assign(config.severities, layer.severity);
    for (const [field, value] of Object.entries(layer.context ?? {}))
      if (value !== undefined) config.context[field as ContextField] = value;
    if (layer.parameterFiles?.length) parameterFiles = layer.parameterFiles;
    if (layer.varFiles?.length) varFiles = layer.varFiles;
    config.ignoredPaths.push(...(layer.ignoredPaths ?? []));
    if (layer.unusedSuppressions !== undefined) config.unusedSuppressions = layer.unusedSuppressions;
  }
  config.parameterFiles = [...parameterFiles, ...varFiles];
  return config;
}
