import type { Resource } from '../graph/resource';

/**
 * What a quick fix should do, in graph terms. A writer for the resource's language turns it into
 * text edits in that language's style; when it cannot do so safely (the value is computed
 * elsewhere), it offers no fix.
 */
export type FixIntent = SetPropertyIntent | CopyPropertyIntent;

interface IntentBase {
  /** What the editor shows; names properties as the edited file does (`ctx.propertyName`). */
  title: string;
  /** The fix "auto fix" applies; the toolkit makes exactly one of a finding's fixes preferred. */
  preferred?: boolean;
}

/** Set `path` (ARM body path such as `properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN`). */
export interface SetPropertyIntent extends IntentBase {
  kind: 'setProperty';
  resource: Resource;
  path: string;
  value: string | number | boolean;
}

/** Make `path` on `resource` the same expression as `fromPath` on `from` (e.g. the workspace location). */
export interface CopyPropertyIntent extends IntentBase {
  kind: 'copyProperty';
  resource: Resource;
  path: string;
  from: Resource;
  fromPath: string;
}
