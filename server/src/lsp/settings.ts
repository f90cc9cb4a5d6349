import * as path from 'node:path';
import type { AnalysisConfig, SeveritySetting } from '../config';
import { defaultConfig } from '../config';
import { isInside } from './paths';

/** The section every setting lives under: `amlNetworkGuard.*`. */
export const SETTINGS_SECTION = 'amlNetworkGuard';

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'off'];

/**
 * Turns the client's `amlNetworkGuard` settings into the analysis configuration of one workspace
 * folder. Settings come from the user and may have any shape: what does not fit is ignored, and
 * relative paths are taken from the folder.
 */
export function toAnalysisConfig(raw: unknown, folder: string): AnalysisConfig {
  const config = defaultConfig();
  if (!isRecord(raw)) return config;
  if (isRecord(raw.severity)) {
    for (const [id, level] of Object.entries(raw.severity)) {
      if (typeof level === 'string' && SEVERITIES.includes(level)) config.severities[id] = level as SeveritySetting;
    }
  }
  config.parameterFiles = [...strings(raw.parameterFiles), ...strings(raw.varFiles)].map((p) =>
    path.resolve(folder, p),
  );
  config.ignoredPaths = strings(raw.ignoredPaths).map((p) => path.resolve(folder, p));
  if (isRecord(raw.context)) {
    const { subscriptionId, resourceGroup, location } = raw.context;
    if (nonEmpty(subscriptionId)) config.context.subscriptionId = subscriptionId;
    if (nonEmpty(resourceGroup)) config.context.resourceGroup = resourceGroup;
    if (nonEmpty(location)) config.context.location = location;
  }
  return config;
}

/** Whether `file` lies in one of the ignored folders (or is one of the ignored files). */
export function isIgnored(config: AnalysisConfig, file: string): boolean {
  return config.ignoredPaths.some((p) => isInside(p, file));
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function strings(x: unknown): string[] {
  return Array.isArray(x) ? x.filter(nonEmpty) : [];
}

function nonEmpty(x: unknown): x is string {
  return typeof x === 'string' && x.trim() !== '';
}
