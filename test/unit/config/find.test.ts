import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { findConfigFile, isConfigFile } from '../../../server/src/config-file/find';

const NAME = '.amlnetworkguard.json';

/** A reader over a fake tree that records every path it was asked for. */
function tree(files: string[]) {
  const asked: string[] = [];
  const set = new Set(files.map((f) => path.resolve(f)));
  const read = (f: string) => {
    asked.push(f);
    return set.has(f) ? `{"file":"${f}"}` : undefined;
  };
  return { asked, read };
}

describe('finding .amlnetworkguard.json', () => {
  it('takes the nearest one from the folder upwards', () => {
    const t = tree([`/r/${NAME}`, `/r/infra/${NAME}`]);
    assert.equal(findConfigFile('/r/infra/aks/prod', '/r', t.read)?.file, path.resolve(`/r/infra/${NAME}`));
    assert.equal(findConfigFile('/r/docs', '/r', t.read)?.file, path.resolve(`/r/${NAME}`));
  });

  it('never reads above the bound, nor any other file name', () => {
    const t = tree([`/${NAME}`, `/r/${NAME}`]);
    assert.equal(findConfigFile('/r/a/b', '/r/a', t.read), undefined);
    assert.deepEqual(
      t.asked,
      [`/r/a/b/${NAME}`, `/r/a/${NAME}`].map((f) => path.resolve(f)),
    );
  });

  it('searches only the folder itself when it lies outside the bound', () => {
    const t = tree([`/other/${NAME}`, `/${NAME}`]);
    assert.equal(findConfigFile('/other/x', '/r', t.read), undefined);
    assert.deepEqual(t.asked, [path.resolve(`/other/x/${NAME}`)]);
  });

  it('knows the file by its name only', () => {
    assert.equal(isConfigFile(`/r/${NAME}`), true);
    assert.equal(isConfigFile(`/r/x${NAME}`), false);
    assert.equal(isConfigFile('/r/amlnetworkguard.json'), false);
  });
});
