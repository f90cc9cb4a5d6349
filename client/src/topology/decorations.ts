import type { Event, FileDecoration, FileDecorationProvider, Uri } from 'vscode';
import { EventEmitter, ThemeColor } from 'vscode';
import type { TopologySeverity } from '../../../server/src/protocol';

/** The scheme of the URIs that tree items carry only so that they can be decorated. */
export const DECORATION_SCHEME = 'aml-network-guard-topology';

const COLOURS: Record<TopologySeverity, string> = {
  error: 'list.errorForeground',
  warning: 'list.warningForeground',
  info: 'editorInfo.foreground',
};

/** The worst severity of a list, `error` before `warning` before `info`. */
export function worstSeverity(severities: readonly TopologySeverity[]): TopologySeverity | undefined {
  for (const s of ['error', 'warning', 'info'] as const) if (severities.includes(s)) return s;
  return undefined;
}

/**
 * Draws each node's problem count as a badge in the colour of its worst severity (the way the
 * explorer marks files with errors). The count and severity travel in the item's URI.
 */
export class ProblemBadges implements FileDecorationProvider {
  private readonly changed = new EventEmitter<Uri[] | undefined>();
  readonly onDidChangeFileDecorations: Event<Uri[] | undefined> = this.changed.event;

  provideFileDecoration(uri: Uri): FileDecoration | undefined {
    if (uri.scheme !== DECORATION_SCHEME) return undefined;
    const params = new URLSearchParams(uri.query);
    const count = Number(params.get('count'));
    const severity = params.get('severity') as TopologySeverity | null;
    if (!count || !severity || !(severity in COLOURS)) return undefined;
    return {
      badge: count > 99 ? '99' : String(count),
      color: new ThemeColor(COLOURS[severity]),
      tooltip: `${count} problem${count === 1 ? '' : 's'} (worst: ${severity})`,
      propagate: false,
    };
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
