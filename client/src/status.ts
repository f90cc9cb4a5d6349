import type { Disposable } from 'vscode';
import { StatusBarAlignment, languages, window } from 'vscode';

/** `Diagnostic.source` of everything our server reports. */
const SOURCE = 'aml-network-guard';

/**
 * The status bar item: our error and warning counts over the workspace, read from the diagnostics
 * VS Code holds (so it always agrees with the Problems view, which a click opens).
 */
export function problemStatus(): Disposable {
  const item = window.createStatusBarItem('amlNetworkGuard.status', StatusBarAlignment.Left, 10);
  item.name = 'Azure ML Network Guard';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    let errors = 0;
    let warnings = 0;
    for (const [, diagnostics] of languages.getDiagnostics())
      for (const d of diagnostics) {
        if (d.source !== SOURCE) continue;
        if (d.severity === 0) errors++;
        else if (d.severity === 1) warnings++;
      }
    item.text = `$(shield) ${errors} $(warning) ${warnings}`;
    item.tooltip = `Azure ML Network Guard: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${
      warnings === 1 ? '' : 's'
    } — click to open Problems`;
    item.accessibilityInformation = { label: `Azure ML Network Guard: ${errors} errors, ${warnings} warnings` };
  };
  update();
  item.show();
  const listener = languages.onDidChangeDiagnostics(update);
  return { dispose: () => (listener.dispose(), item.dispose()) };
}
