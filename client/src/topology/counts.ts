import type { TopologySeverity } from '../../../server/src/protocol';

/** "8 errors, 1 warning" — how the panel and the scan message say what was found. */
export function countsText(counts: Record<TopologySeverity, number>): string {
  const parts = [
    plural(counts.error, 'error'),
    plural(counts.warning, 'warning'),
    plural(counts.info, 'info', 'infos'),
  ].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(', ') : 'no problems';
}

function plural(n: number, one: string, many = `${one}s`): string | undefined {
  return n === 0 ? undefined : `${n} ${n === 1 ? one : many}`;
}
