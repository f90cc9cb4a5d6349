// The parse floor: each language's files parsed by the dependency's own parser and nothing else
// (jsonc-parser for ARM, tree-sitter with the Terraform grammar, this project's parser for Bicep,
// which has no other). Imported by bench/run.mjs for the in-process baseline; run as a script
// (`node bench/bare-parse.mjs <language> <file>...`) it is the bare process the CLI is compared with.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(import.meta.dirname, '..');

/** A parse function for `language`: (text) => tree, after what it needs is loaded. */
export async function bareParser(language) {
  if (language === 'arm') {
    const { parseTree } = require('jsonc-parser');
    return (text) => parseTree(text);
  }
  if (language === 'terraform') {
    const { Parser, Language } = require('web-tree-sitter');
    await Parser.init();
    const grammar = require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
    const parser = new Parser();
    parser.setLanguage(await Language.load(readFileSync(grammar)));
    return (text) => {
      const tree = parser.parse(text);
      tree?.delete();
      return tree;
    };
  }
  const { parseBicep } = require(join(root, 'out/server/src/frontends/bicep/syntax.js'));
  return (text) => parseBicep(text);
}

if (process.argv[1] === import.meta.filename) {
  const [language, ...files] = process.argv.slice(2);
  const parse = await bareParser(language);
  let n = 0;
  for (const f of files) if (parse(readFileSync(f, 'utf8'))) n++;
  process.stdout.write(`parsed ${n} files\n`);
}
