import type { Diagram } from './diagram';
import { toDot } from './dot';

/**
 * SVG drawn from the DOT view by Graphviz compiled to WebAssembly (`@viz-js/viz`, the wasm inlined
 * in its JavaScript): in-process, no browser, no network, no `dot` on the PATH. Loaded on first
 * use so that a scan, which never draws, does not pay for compiling Graphviz.
 */
export async function toSvg(d: Diagram): Promise<string> {
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const result = viz.render(toDot(d), { format: 'svg' });
  if (result.status !== 'success') {
    const why = result.errors.map((e) => e.message.trim()).join('; ');
    throw new Error(`Graphviz could not draw the topology: ${why}`);
  }
  return result.output;
}
