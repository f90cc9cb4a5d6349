import type { Resource } from '../graph/resource';

/**
 * What a quick fix should do, in graph terms. A writer for the resource's language turns it into
 * text edits in that language's style; when it cannot do so safely (the value is computed
 * elsewhere), it offers no fix.
 */
export type FixIntent = SetPropertyIntent | CopyPropertyIntent;

/** Set `path` (ARM body path such as `properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN`). */
export interface SetPropertyIntent {
  kind: 'setProperty';
  title: string;
  resource: Resource;
  path: string;
  value: string | number | boolean;
}

/** Make `path` on `resource` the same expression as `fromPath` on `from` (e.g. the workspace location). */
export interface CopyPropertyIntent {
  kind: 'copyProperty';
  title: string;
  resource: Resource;
  path: string;
  from: Resource;
  fromPath: string;
}
