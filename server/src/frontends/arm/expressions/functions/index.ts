import type { FunctionSpec } from '../evaluate';
import { ARRAY_FUNCTIONS } from './array';
import { CIDR_FUNCTIONS } from './cidr';
import { DEPLOYMENT_FUNCTIONS, listFunction } from './deployment';
import { LOGICAL_FUNCTIONS } from './logical';
import { RESOURCE_ID_FUNCTIONS } from './resource-ids';
import { STRING_FUNCTIONS } from './string';

const TABLE = new Map<string, FunctionSpec>(
  Object.entries({
    ...STRING_FUNCTIONS,
    ...ARRAY_FUNCTIONS,
    ...LOGICAL_FUNCTIONS,
    ...RESOURCE_ID_FUNCTIONS,
    ...DEPLOYMENT_FUNCTIONS,
    ...CIDR_FUNCTIONS,
  }),
);

const LIST: FunctionSpec = { impl: listFunction, handlesUnknown: true };

/** Every template function the evaluator knows, by lower-case name (`list*` matched by prefix). */
export const FUNCTIONS = {
  get(name: string): FunctionSpec | undefined {
    return TABLE.get(name) ?? (name.startsWith('list') ? LIST : undefined);
  },
};
