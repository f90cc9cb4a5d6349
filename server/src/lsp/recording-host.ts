import * as path from 'node:path';
import { WorkspaceHost } from '../workspace';

/**
 * A workspace host that remembers what it was asked for, so the server knows which deployments
 * depend on a file (a parameter file, a linked template, a module folder) when that file changes.
 */
export class RecordingHost extends WorkspaceHost {
  readonly touched = new Set<string>();

  override read(p: string): string | undefined {
    this.touched.add(path.resolve(p));
    return super.read(p);
  }

  override list(dir: string): string[] {
    this.touched.add(path.resolve(dir));
    return super.list(dir);
  }
}
