import * as assert from 'node:assert/strict';
import { MAX_JSON_DEPTH } from '../../../server/src/frontends/json-tree';
import type { Node } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import { parseValidJson } from '../../../server/src/frontends/arm/fast-json';

interface Plain {
  type: string;
  offset: number;
  length: number;
  value: unknown;
  colonOffset?: number;
  children?: Plain[];
}

const plain = (n: Node): Plain => ({
  type: n.type,
  offset: n.offset,
  length: n.length,
  value: n.value as unknown,
  colonOffset: n.colonOffset,
  children: n.children?.map(plain),
});

describe('ARM front end: fast JSON reader', () => {
  const valid = [
    '{}',
    '[]',
    '1',
    '"s"',
    ' { "a" : [1, -2.5e3, true, false, null, ] , // c\n "b": {"c": "x\\"y\\u0041\\n"}, /* k */ } ',
    '{"a": {"b": [[], {}]}}',
  ];
  for (const text of valid) {
    it(`reads ${JSON.stringify(text)} exactly as jsonc-parser does`, () => {
      const errors: unknown[] = [];
      const expected = parseTree(text, errors as never[], { allowTrailingComma: true });
      assert.deepEqual(errors, []);
      const fast = parseValidJson(text);
      assert.ok(fast && expected);
      assert.deepEqual(plain(fast), plain(expected));
    });
  }

  const invalid = ['', '{"a" 1}', '[1 2]', '{"a":1,,}', '[', '{"a":}', '{,}', '[,]', '{"a":1}{}', '/* open', '{a: 1}'];
  for (const text of invalid) {
    it(`leaves ${JSON.stringify(text)} to the general parser`, () => assert.equal(parseValidJson(text), undefined));
  }

  it('reads strings that span lines, as ARM accepts them (multi-line expressions)', () => {
    const text = '{"a": "[concat(\'x\',\n  \'y\')]", "b": "t\\u0041\r\n\tz"}';
    const root = parseValidJson(text);
    assert.deepEqual(
      root?.children?.map((p) => p.children?.[1].value),
      ["[concat('x',\n  'y')]", 'tA\r\n\tz'],
    );
    const b = text.indexOf('"t');
    assert.deepEqual(
      root?.children?.map((p) => [p.children?.[1].offset, p.children?.[1].length]),
      [
        [6, text.indexOf(',', 25) - 6],
        [b, text.length - 1 - b],
      ],
    );
  });

  it('accepts a byte-order mark, as editors on Windows write it', () => {
    assert.equal(parseValidJson('\ufeff{"a": 1}')?.children?.length, 1);
  });

  it('leaves nesting deeper than the walkers take to the general reader, without recursion', () => {
    const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
    assert.equal(parseValidJson(deep), undefined);
    const shallow = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    assert.equal(parseValidJson(shallow)?.type, 'array');
  });
});
