import * as path from 'node:path';
import type { AnalysisConfig } from '../config';
import { findConfigFile } from '../config-file/find';
import { mergeLayers } from '../config-file/layers';
import type { ConfigFile } from '../config-file/read';
import { readConfigFile } from '../config-file/read';
import { ALL_RULES } from '../rulekit/registry';
import { WorkspaceHost } from '../workspace';
import type { EditorSettings } from './settings';

const RULE_IDS = new Set(ALL_RULES.map((r) => r.meta.id));

/**
 * The configuration of every deployment folder: the nearest `.amlnetworkguard.json` (searched
 * from the folder up to its workspace folder, never above), overridden key by key by the editor
 * settings of that workspace folder. Files are read once until `invalidate` (a configuration file
 * or the settings changed); open documents are read as the user types them.
 */
export class WorkspaceConfigs {
  private readonly settings = new Map<string, EditorSettings>();
  private readonly files = new Map<string, ConfigFile>();
  private readonly nearest = new Map<string, string | undefined>();

  setSettings(root: string | undefined, settings: EditorSettings): void {
    this.settings.set(key(root), settings);
  }

  settingsOf(root: string | undefined): EditorSettings {
    return this.settings.get(key(root)) ?? { layer: {}, showUnknowns: false, readableFolders: [] };
  }

  invalidate(): void {
    this.files.clear();
    this.nearest.clear();
  }

  /** What the analysis of `dir` runs with; `root` is its workspace folder (undefined for a loose file). */
  configFor(dir: string, root: string | undefined, overlay: ReadonlyMap<string, string>): AnalysisConfig {
    const file = this.configFileOf(dir, root, overlay);
    return mergeLayers([file?.layer ?? {}, this.settingsOf(root).layer]);
  }

  /** Reads (and validates) one configuration file, as the analysis would. */
  read(file: string, root: string | undefined, overlay: ReadonlyMap<string, string>): ConfigFile | undefined {
    const cached = this.files.get(file);
    if (cached) return cached;
    const host = new WorkspaceHost(root ?? path.dirname(file), overlay);
    const text = host.read(file);
    return text === undefined ? undefined : this.parse(file, text, host);
  }

  /** Every configuration file read since the last `invalidate`. */
  readFiles(): ConfigFile[] {
    return [...this.files.values()];
  }

  private configFileOf(dir: string, root: string | undefined, overlay: ReadonlyMap<string, string>) {
    let file: string | undefined;
    if (this.nearest.has(dir)) file = this.nearest.get(dir);
    else {
      const bound = root ?? dir;
      const host = new WorkspaceHost(bound, overlay);
      const found = findConfigFile(dir, bound, (f) => host.read(f));
      file = found?.file;
      if (found && !this.files.has(found.file)) this.parse(found.file, found.text, host);
      this.nearest.set(dir, file);
    }
    return file === undefined ? undefined : this.files.get(file);
  }

  private parse(file: string, text: string, host: WorkspaceHost): ConfigFile {
    const parsed = readConfigFile(file, text, {
      ruleIds: RULE_IDS,
      unreadable: (f) => (host.read(f) === undefined ? host.whyUnreadable(f) : undefined),
    });
    this.files.set(file, parsed);
    return parsed;
  }
}

function key(root: string | undefined): string {
  return root === undefined ? '' : path.resolve(root);
}
