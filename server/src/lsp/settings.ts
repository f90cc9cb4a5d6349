import * as path from 'node:path';
import type { SeveritySetting } from '../config';
import { ignorePattern } from '../config-file/ignore';
import type { ConfigLayer } from '../config-file/layers';
import type { ContextField } from '../config-file/spec';
import { CONTEXT_FIELDS } from '../config-file/spec';
import { SEVERITY_SETTINGS } from '../rulekit/settings-schema';

/** The section every setting lives under: `amlNetworkGuard.*`. */
export const SETTINGS_SECTION = 'amlNetworkGuard';

/** The editor settings of one workspace folder. */
export interface EditorSettings {
  /** What the settings say about the analysis; it overrides `.amlnetworkguard.json` key by key. */
  layer: ConfigLayer;
  /** `amlNetworkGuard.showUnknowns`: the not-evaluated notes as hint diagnostics. */
  showUnknowns: boolean;
  /** `amlNetworkGuard.analysisDelay`: the quiet time before an analysis, in ms, when set to a valid number. */
  analysisDelay?: number;
  /** `amlNetworkGuard.readableFolders`: folders outside the workspace folder that templates may read too. */
  readableFolders: string[];
}

/** The debounce delay when the setting does not say (the server's own, for every client). */
export const DEFAULT_ANALYSIS_DELAY_MS = 150;

/**
 * Turns the client's `amlNetworkGuard` settings into one workspace folder's editor settings.
 * Settings come from the user and may have any shape: what does not fit is left out, an empty
 * value means "not set" (so it never hides the file's), and relative paths are taken from the
 * folder. In a workspace the user does not trust (`trusted` false), the settings that point at
 * files or widen what may be read are left out: a repository's own settings must not make the
 * analysis read, and quote, files of the user's elsewhere.
 */
export function readSettings(raw: unknown, folder: string, trusted = true): EditorSettings {
  const layer: ConfigLayer = {};
  if (!isRecord(raw)) return { layer, showUnknowns: false, readableFolders: [] };
  if (isRecord(raw.severity)) {
    const severity: Record<string, SeveritySetting> = {};
    for (const [id, level] of Object.entries(raw.severity))
      if (typeof level === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(level))
        severity[id] = level as SeveritySetting;
    if (Object.keys(severity).length > 0) layer.severity = severity;
  }
  const files = (x: unknown): string[] | undefined => {
    const list = strings(x).map((p) => path.resolve(folder, p));
    return list.length > 0 ? list : undefined;
  };
  if (trusted) {
    layer.parameterFiles = files(raw.parameterFiles);
    layer.varFiles = files(raw.varFiles);
  }
  const ignored = strings(raw.ignoredPaths).map((glob) => ignorePattern(folder, glob));
  if (ignored.length > 0) layer.ignoredPaths = ignored;
  if (isRecord(raw.context)) {
    const context: Partial<Record<ContextField, string>> = {};
    for (const field of Object.keys(CONTEXT_FIELDS) as ContextField[]) {
      const value = raw.context[field];
      if (nonEmpty(value)) context[field] = value;
    }
    if (Object.keys(context).length > 0) layer.context = context;
  }
  for (const key of Object.keys(layer) as (keyof ConfigLayer)[]) if (layer[key] === undefined) delete layer[key];
  const delay = raw.analysisDelay;
  const analysisDelay =
    typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(delay, 5000) : undefined;
  return {
    layer,
    showUnknowns: raw.showUnknowns === true,
    ...(analysisDelay !== undefined && { analysisDelay }),
    readableFolders: trusted ? (files(raw.readableFolders) ?? []) : [],
  };
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
