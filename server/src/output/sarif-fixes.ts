import type { FixIntent } from '../fixes/intent';
import { writeFix } from '../fixes';
import type { SourceSpan } from '../graph/span';
import { oneBased } from './report';

type ArtifactLocation = { uri: string; uriBaseId?: string };

/**
 * A finding's quick fixes as SARIF `fixes[]`: the same edits the editor applies, grouped by file
 * (preferred fix first, as the finding lists them). A fix no writer can make safely is left out.
 */
export function sarifFixes(
  fixes: readonly FixIntent[],
  read: (file: string) => string | undefined,
  artifact: (file: string) => ArtifactLocation,
) {
  return fixes.flatMap((fix) => {
    const edits = writeFix(fix, read);
    if (!edits) return [];
    const byFile = new Map<string, { span: SourceSpan; newText: string }[]>();
    for (const e of edits) byFile.set(e.span.file, [...(byFile.get(e.span.file) ?? []), e]);
    return [
      {
        description: { text: fix.title },
        artifactChanges: [...byFile].map(([file, fileEdits]) => ({
          artifactLocation: artifact(file),
          replacements: fileEdits.map((e) => ({
            deletedRegion: oneBased(e.span),
            insertedContent: { text: e.newText },
          })),
        })),
      },
    ];
  });
}
