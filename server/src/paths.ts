import * as path from 'node:path';

/** Whether `p` is `folder` or lies inside it (absolute paths). */
export function isInside(folder: string, p: string): boolean {
  const rel = path.relative(folder, p);
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}
