import { WorkspaceHost } from '../workspace';

/**
 * A workspace host that remembers which files (and linked folders) it refused to read while recording is on. Deployment
 * discovery skips such files silently; the CLI turns them into problems so a huge or unreadable
 * template is reported instead of quietly passing.
 */
export class DiscoveryHost extends WorkspaceHost {
  private recording = false;
  private readonly refused = new Map<string, string>();

  override list(dir: string): string[] {
    const names = super.list(dir);
    if (this.recording && this.contains(dir) && this.linksOutside(dir)) this.refused.set(dir, this.whyUnreadable(dir));
    return names;
  }

  override read(p: string): string | undefined {
    const text = super.read(p);
    if (text === undefined && this.recording) this.refused.set(p, this.whyUnreadable(p));
    return text;
  }

  /** Runs `discover` and returns what it found plus each file it could not read, with the reason. */
  record<T>(discover: () => T): { found: T; refused: Map<string, string> } {
    this.recording = true;
    this.refused.clear();
    try {
      return { found: discover(), refused: new Map(this.refused) };
    } finally {
      this.recording = false;
    }
  }
}
