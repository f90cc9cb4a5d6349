/**
 * Which files are deployments of their own: those no other file uses (as a local module, a linked
 * template, a Bicep module). A used file is analysed through its user, in the user's context, and
 * never a second time alone. Files that only use each other in a cycle would have no entry, so the
 * first of each such cycle (in the given order) becomes one.
 *
 * `usesOf` answers with files of `files` only; what a file uses outside them does not matter here.
 */
export function entryPoints(files: readonly string[], usesOf: (file: string) => readonly string[]): Set<string> {
  const used = new Set<string>();
  for (const f of files) for (const t of usesOf(f)) if (t !== f) used.add(t);
  const entries = new Set(files.filter((f) => !used.has(f)));
  const covered = new Set<string>();
  const cover = (start: string): void => {
    const stack = [start];
    while (stack.length > 0) {
      const f = stack.pop() as string;
      if (covered.has(f)) continue;
      covered.add(f);
      stack.push(...usesOf(f));
    }
  };
  entries.forEach(cover);
  for (const f of files) {
    if (covered.has(f)) continue;
    entries.add(f);
    cover(f);
  }
  return entries;
}
