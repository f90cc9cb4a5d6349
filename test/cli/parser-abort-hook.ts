import Module from 'node:module';

/**
 * Preloaded (`node --require`) into a CLI or language-server process by the parser-abort test, in
 * every thread: each copy of web-tree-sitter the process loads is wrapped so that parsing a text
 * holding `ABORT_MARKER` fails as a wasm abort does (`Aborted()`), and that copy then fails every
 * later parse, as a dead wasm instance does. A real abort takes a minute and 2 GB (test/stress);
 * this one is immediate, and only the product's recovery (its spare instance) parses after it.
 */
export const ABORT_MARKER = '# parser-abort-test: the wasm instance aborts here';

interface ParserClass {
  prototype: { parse: (text: unknown, ...rest: unknown[]) => unknown };
}

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;

function poison(runtime: { Parser?: ParserClass }): void {
  const proto = runtime.Parser?.prototype;
  if (!proto) return;
  const parse = proto.parse;
  let dead = false;
  proto.parse = function (this: unknown, text: unknown, ...rest: unknown[]): unknown {
    if (dead || (typeof text === 'string' && text.includes(ABORT_MARKER))) {
      dead = true;
      throw new Error('Aborted(). Build with -sASSERTIONS for more info.');
    }
    return parse.call(this, text, ...rest);
  };
}

loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
  const exports = load.call(this, request, parent, isMain);
  // The bundle loads its own copy (dist/web-tree-sitter.cjs) once per parser instance.
  if (/web-tree-sitter(\.cjs)?$/.test(request)) poison(exports as { Parser?: ParserClass });
  return exports;
};
