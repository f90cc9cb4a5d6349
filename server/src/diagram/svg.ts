import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagram } from './diagram';
import { toDot } from './dot';

const importViz = () => import('@viz-js/viz');
type VizModule = Awaited<ReturnType<typeof importViz>>;

/**
 * SVG drawn from the DOT view by Graphviz compiled to WebAssembly (`@viz-js/viz`, the wasm inlined
 * in its JavaScript): in-process, no browser, no network, no `dot` on the PATH. Loaded on first
 * use so that a scan, which never draws, does not pay for compiling Graphviz: the CLI bundle loads
 * the copy beside it (scripts/build.mjs), tsc output the package.
 */
export async function toSvg(d: Diagram): Promise<string> {
  const beside = path.join(__dirname, 'viz.cjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { instance } = fs.existsSync(beside) ? (require(beside) as VizModule) : await importViz();
  const viz = await instance();
  const result = viz.render(toDot(d), { format: 'svg' });
  if (result.status !== 'success') {
    const why = result.errors.map((e) => e.message.trim()).join('; ');
    throw new Error(`Graphviz could not draw the topology: ${why}`);
  }
  return result.output;
}
