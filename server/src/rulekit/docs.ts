/** Where rule pages live, relative to the package root. */
export const DOCS_BASE = 'docs/rules';

/** The page of a rule (`meta.docs`): `docs/rules/<slug>.md`. */
export function docsPath(slug: string): string {
  return `${DOCS_BASE}/${slug}.md`;
}
