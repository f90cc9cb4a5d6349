import * as assert from 'node:assert/strict';
import { expandSnippet } from '../../snippets/expand';

const expand = (body: string, values: Record<number, string> = {}, variables: Record<string, string> = {}) =>
  expandSnippet(body, {
    values: new Map(Object.entries(values).map(([k, v]) => [Number(k), v])),
    variables: new Map(Object.entries(variables)),
  });

describe('snippet expansion (the VS Code snippet grammar)', () => {
  it('keeps the defaults of placeholders and empties tab stops', () => {
    assert.equal(expand('a ${1:one} $2 ${3} b$0'), 'a one   b');
  });

  it('shows the first default of an index at every occurrence, later defaults and all', () => {
    assert.equal(expand('$1 ${1:x} ${1:y} ${1}'), 'x x x x');
  });

  it('puts a typed value at every occurrence of its tab stop, nested ones too', () => {
    assert.equal(expand('${2:link-${1:blob}} ${1:blob}', { 1: 'file' }), 'link-file file');
    assert.equal(expand('${2:link-${1:blob}}', { 2: 'mine' }), 'mine');
  });

  it('picks the first option of a choice, or the one given, and refuses any other', () => {
    assert.equal(expand('${1|a,b,c|} $1'), 'a a');
    assert.equal(expand('${1|a,b,c|}', { 1: 'b' }), 'b');
    assert.throws(() => expand('${1|a,b|}', { 1: 'z' }), /choice of a, b/);
    assert.equal(expand('${1|a\\,b,c\\|d|}'), 'a,b');
    assert.equal(expand('${1|a\\,b,c\\|d|}', { 1: 'c|d' }), 'c|d');
  });

  it('keeps the text of the final tab stop, or what is inserted there', () => {
    assert.equal(expand('[${0:end}]'), '[end]');
    assert.equal(expand('[$0]', { 0: 'inside' }), '[inside]');
  });

  it('unescapes \\$, \\} and \\\\, and leaves other backslashes alone', () => {
    assert.equal(expand("'\\${vnet.id}/x'"), "'${vnet.id}/x'");
    assert.equal(expand('${1:a\\}b} \\\\ \\n'), 'a}b \\ \\n');
    assert.equal(expand('"\\$schema"'), '"$schema"');
  });

  it('reads what does not close as text', () => {
    assert.equal(expand('${1:open'), '${1:open');
    assert.equal(expand('$ ${ } ${a'), '$ ${ } ${a');
    assert.equal(expand('a } b'), 'a } b');
  });

  it('resolves known variables, uses the default of empty ones, and writes unknown names', () => {
    assert.equal(
      expand('$TM_FILENAME ${TM_FILENAME_BASE}', {}, { TM_FILENAME: 'main.tf', TM_FILENAME_BASE: 'main' }),
      'main.tf main',
    );
    assert.equal(expand('${TM_SELECTED_TEXT:none}|$TM_SELECTED_TEXT|'), 'none||');
    assert.equal(expand('$NOT_A_VARIABLE ${ALSO_NOT:dflt}'), 'NOT_A_VARIABLE dflt');
  });

  it('applies transforms with case changes and conditional formats', () => {
    const vars = { TM_FILENAME: 'private-endpoint.bicep' };
    assert.equal(expand('${TM_FILENAME/(.*)\\..+$/$1/}', {}, vars), 'private-endpoint');
    assert.equal(expand('${TM_FILENAME/(.*)\\..+$/${1:/upcase}/}', {}, vars), 'PRIVATE-ENDPOINT');
    assert.equal(expand('${TM_FILENAME/(.*)\\..+$/${1:/pascalcase}/}', {}, vars), 'PrivateEndpoint');
    assert.equal(expand('${TM_FILENAME/(.*)\\..+$/${1:/camelcase}/}', {}, vars), 'privateEndpoint');
    assert.equal(expand('${TM_FILENAME/(-)/${1:+_}/g}', {}, vars), 'private_endpoint.bicep');
    assert.equal(expand('${TM_FILENAME/(x)?e/${1:?X:E}/g}', {}, vars), 'privatE-Endpoint.bicEp');
    assert.equal(expand('${TM_FILENAME/(x)?\\.bicep/${1:-.json}/}', {}, vars), 'private-endpoint.json');
    assert.equal(expand('${1:blob} ${1/(.*)/${1:/capitalize}Zone/}'), 'blob BlobZone');
  });
});
