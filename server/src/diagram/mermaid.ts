import type { Diagram, DiagramGroup, Marks } from './diagram';
import { SEVERITY_COLORS, printable } from './colors';

/**
 * A Mermaid flowchart (GitHub renders it in markdown): subgraphs for VNets and subnets, severity
 * classes on nodes with findings. Labels are quoted and every character Mermaid or markdown could
 * read as syntax (quotes, brackets, pipes, backticks, `#`) is written as an entity, so no template
 * name can end a label or the code fence.
 */
export function toMermaid(d: Diagram): string {
  const lines = ['flowchart LR'];
  const group = (g: DiagramGroup, depth: number): void => {
    const pad = '  '.repeat(depth);
    lines.push(`${pad}subgraph ${g.id}["${text(g.label)}"]`);
    for (const n of g.nodes) node(n, depth + 1);
    for (const inner of g.groups) group(inner, depth + 1);
    lines.push(`${pad}end`);
  };
  const node = (id: string, depth: number): void => {
    const n = d.byId.get(id);
    if (n) lines.push(`${'  '.repeat(depth)}${id}["${n.lines.map(text).join('<br/>')}"]`);
  };
  for (const g of d.groups) group(g, 1);
  for (const n of d.nodes) node(n, 1);
  for (const e of d.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    const label = [e.label, e.marks.ruleIds.join(', ')].filter((x) => x).join('<br/>');
    lines.push(`  ${e.from} ${arrow}${label ? `|"${label.split('<br/>').map(text).join('<br/>')}"|` : ''} ${e.to}`);
  }
  for (const severity of ['error', 'warning', 'info'] as const) {
    const ids = [...d.byId.values()].filter((n) => n.marks.severity === severity).map((n) => n.id);
    if (ids.length === 0) continue;
    const { fill, stroke } = SEVERITY_COLORS[severity];
    lines.push(`  classDef ${severity} fill:${fill},stroke:${stroke},stroke-width:2px,color:#1f2328`);
    lines.push(`  class ${ids.join(',')} ${severity}`);
  }
  d.edges.forEach((e, i) => {
    if (e.marks.severity) lines.push(`  linkStyle ${i} stroke:${edgeColor(e.marks)},stroke-width:2px`);
  });
  return lines.join('\n') + '\n';
}

function edgeColor(m: Marks): string {
  return m.severity ? SEVERITY_COLORS[m.severity].stroke : '#1f2328';
}

const ENTITIES: Record<string, string> = {
  '"': '#quot;',
  '#': '#35;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  '|': '#124;',
  '[': '#91;',
  ']': '#93;',
  '{': '#123;',
  '}': '#125;',
};

function text(s: string): string {
  return printable(s).replace(/["#<>`|[\]{}]/g, (c) => ENTITIES[c]);
}
