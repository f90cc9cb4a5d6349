import * as path from 'node:path';
import { isInside } from '../paths';
import { CONFIG_FILE_NAME } from './spec';

/**
 * The `.amlnetworkguard.json` that applies to a deployment folder: the nearest one in the folder or
 * above it, never above `bound` (the workspace folder in the editor; the current folder, or the
 * folder named on the command line, for the CLI). This is the one read outside the folder being
 * analysed, so it is kept to that one file name on that one path. The nearest file wins whole:
 * files further up are not merged into it.
 *
 * `read` returns the text or undefined (missing, unreadable): in the editor it sees unsaved
 * buffers.
 */
export function findConfigFile(
  dir: string,
  bound: string,
  read: (file: string) => string | undefined,
): { file: string; text: string } | undefined {
  let current = path.resolve(dir);
  const top = path.resolve(bound);
  // A folder outside the bound is searched alone.
  const inside = isInside(top, current);
  for (;;) {
    const file = path.join(current, CONFIG_FILE_NAME);
    const text = read(file);
    if (text !== undefined) return { file, text };
    if (!inside || current === top) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Whether a changed file is a configuration file (the editor then re-reads the configuration). */
export function isConfigFile(file: string): boolean {
  return path.basename(file) === CONFIG_FILE_NAME;
}
