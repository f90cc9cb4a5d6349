import assert from 'node:assert/strict';
import { lastNameSegment, readableName } from '../../../server/src/graph/readable-name';

describe('readable names of resources whose name is not known', () => {
  const symbolic = "ple-{toLower({parameters('suffix')})}-kv";

  it('writes each unknown part as an interpolation of the file’s language, inner braces gone', () => {
    assert.equal(readableName(symbolic, 'bicep'), 'ple-${toLower(suffix)}-kv');
    assert.equal(readableName(symbolic, 'arm'), "ple-[toLower(parameters('suffix'))]-kv");
    assert.equal(readableName('{var.prefix}-vnet', 'terraform'), '${var.prefix}-vnet');
  });

  it('leaves known names, quoted braces and unbalanced text as they are', () => {
    assert.equal(readableName('vnet-aks', 'bicep'), 'vnet-aks');
    assert.equal(readableName("{format('{0}-x', parameters('p'))}", 'bicep'), "${format('{0}-x', p)}");
    assert.equal(readableName('odd{name', 'arm'), 'odd{name');
  });

  it('names Bicep parameters and variables by their own names only where they are whole calls', () => {
    assert.equal(readableName("{concat(variables('base'), parameters('env'))}", 'bicep'), '${concat(base, env)}');
    assert.equal(readableName("{reference(parameters('a.b'))}", 'bicep'), "${reference(parameters('a.b'))}");
  });

  it('takes the last segment of a full name without splitting inside an unknown part', () => {
    assert.equal(lastNameSegment('vnet/snet-pe'), 'snet-pe');
    assert.equal(
      lastNameSegment("{parameters('vnet')}/{split(parameters('id'), '/')}"),
      "{split(parameters('id'), '/')}",
    );
    assert.equal(lastNameSegment("{last(split(parameters('id'), '/'))}"), "{last(split(parameters('id'), '/'))}");
    assert.equal(lastNameSegment('plain'), 'plain');
  });
});
