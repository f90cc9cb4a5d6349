import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';

const GRAMMAR = 'tree-sitter-terraform.wasm';

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the tree-sitter runtime and the Terraform grammar. In the esbuild bundle both wasm files
 * sit next to the bundle (scripts/build.mjs copies them); run from tsc output, they come from
 * node_modules.
 */
export function initTerraformParser(): Promise<void> {
  loading ??= (async () => {
    const bundled = (file: string): string | undefined => {
      const p = path.join(__dirname, file);
      return fs.existsSync(p) ? p : undefined;
    };
    const runtime = bundled('web-tree-sitter.wasm');
    await Parser.init(runtime ? { locateFile: () => runtime } : undefined);
    const grammar = bundled(GRAMMAR) ?? require.resolve(`@tree-sitter-grammars/tree-sitter-hcl/${GRAMMAR}`);
    const language = await Language.load(fs.readFileSync(grammar));
    const p = new Parser();
    p.setLanguage(language);
    parser = p;
  })();
  return loading;
}

/** The ready parser, or undefined before `initTerraformParser` has finished. */
export function terraformParser(): Parser | undefined {
  return parser;
}
