import type { TopologySeverity } from '../protocol';

/** The severity colours of GitHub's own annotations, readable on light and dark backgrounds. */
export const SEVERITY_COLORS: Record<TopologySeverity, { fill: string; stroke: string }> = {
  error: { fill: '#ffebe9', stroke: '#cf222e' },
  warning: { fill: '#fff8c5', stroke: '#9a6700' },
  info: { fill: '#ddf4ff', stroke: '#0969da' },
};

/** Template text in a label: control characters (a hostile name) become spaces. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}
