import type { Diagram, DiagramGroup, Marks } from './diagram';
import { SEVERITY_COLORS, printable } from './colors';

/** Graphviz DOT: clusters for VNets and subnets, filled nodes in their finding's severity colour. */
export function toDot(d: Diagram): string {
  const lines = [
    'digraph topology {',
    '  rankdir=LR;',
    '  compound=true;',
    '  fontname="Helvetica"; fontsize=11;',
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#57606a", fontname="Helvetica", fontsize=10];',
    '  edge [color="#57606a", fontname="Helvetica", fontsize=9];',
  ];
  const group = (g: DiagramGroup, depth: number): void => {
    const pad = '  '.repeat(depth);
    lines.push(
      `${pad}subgraph cluster_${g.id} {`,
      `${pad}  label=${quote(g.label)}; style="rounded"; color="#8c959f";`,
    );
    for (const n of g.nodes) node(n, depth + 1);
    for (const inner of g.groups) group(inner, depth + 1);
    lines.push(`${pad}}`);
  };
  const node = (id: string, depth: number): void => {
    const n = d.byId.get(id);
    if (n) lines.push(`${'  '.repeat(depth)}${id} [label=${quote(n.lines.join('\n'))}${colors(n.marks, true)}];`);
  };
  for (const g of d.groups) group(g, 1);
  for (const n of d.nodes) node(n, 1);
  for (const e of d.edges) {
    const label = [e.label, e.marks.ruleIds.join(', ')].filter((x) => x).join('\n');
    const attrs = [label && `label=${quote(label)}`, e.dashed && 'style=dashed'].filter((x) => x).join(', ');
    lines.push(`  ${e.from} -> ${e.to} [${attrs}${colors(e.marks, false)}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

function colors(m: Marks, fill: boolean): string {
  if (!m.severity) return '';
  const c = SEVERITY_COLORS[m.severity];
  return fill ? `, fillcolor="${c.fill}", color="${c.stroke}", penwidth=2` : `, color="${c.stroke}", penwidth=2`;
}

/** A DOT string: backslashes and quotes escaped, line breaks as DOT's centred `\n`. */
function quote(s: string): string {
  const lines = s.split('\n').map((l) => printable(l).replace(/\\/g, '\\\\').replace(/"/g, '\\"'));
  return `"${lines.join('\\n')}"`;
}
