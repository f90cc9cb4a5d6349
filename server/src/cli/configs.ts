import { findConfigFile } from '../config-file/find';
import type { ConfigFile } from '../config-file/read';
import { readConfigFile } from '../config-file/read';
import type { Problem } from '../graph/problem';
import { isInside } from '../paths';
import { ALL_RULES } from '../rulekit/registry';
import type { WorkspaceHost } from '../workspace';

export interface ConfigSearch {
  cwd: string;
  /** The folders named on the command line, and the folders of the files named (absolute). */
  folders: readonly string[];
  /** `--config FILE` (absolute): used for every deployment, no search. */
  explicit?: string;
  /** `--no-config`. */
  none: boolean;
}

/**
 * The `.amlnetworkguard.json` of each deployment folder for one scan: the nearest one from the folder
 * upwards, never above the current folder (or, for a folder outside it, above the path named on
 * the command line), unless `--config` or `--no-config` says otherwise. Each file is read once and
 * its problems are reported once, however many deployments it serves.
 */
export class CliConfigs {
  private readonly files = new Map<string, ConfigFile | undefined>();
  private readonly ruleIds = new Set(ALL_RULES.map((r) => r.meta.id));

  constructor(
    private readonly host: WorkspaceHost,
    private readonly search: ConfigSearch,
  ) {}

  forDir(dir: string): ConfigFile | undefined {
    if (this.search.none) return undefined;
    if (this.search.explicit !== undefined) return this.read(this.search.explicit);
    const found = findConfigFile(dir, this.bound(dir), (f) => this.host.read(f));
    return found && this.read(found.file, found.text);
  }

  /** The problems of every configuration file read. */
  problems(): Problem[] {
    return [...this.files.values()].flatMap((f) => f?.problems ?? []);
  }

  private bound(dir: string): string {
    if (isInside(this.search.cwd, dir)) return this.search.cwd;
    return this.search.folders.find((f) => isInside(f, dir)) ?? dir;
  }

  private read(file: string, text = this.host.read(file)): ConfigFile | undefined {
    if (!this.files.has(file)) {
      const host = this.host;
      const parsed =
        text === undefined
          ? undefined
          : readConfigFile(file, text, {
              ruleIds: this.ruleIds,
              unreadable: (f) => (host.read(f) === undefined ? host.whyUnreadable(f) : undefined),
            });
      this.files.set(file, parsed);
    }
    return this.files.get(file);
  }
}
