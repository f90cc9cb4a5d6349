import * as path from 'node:path';
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { Problem } from '../graph/problem';
import type { Finding } from '../rulekit/rule';
import type { DeploymentRecord } from './folder-analysis';

/**
 * The latest analysis of every deployment, by folder. Diagnostics of a file are the union over
 * deployments, because a finding may land in a file outside the folder (a linked template).
 */
export class WorkspaceState {
  private readonly records = new Map<string, DeploymentRecord>();

  /**
   * Stores (or, with undefined, forgets) a folder's analysis; returns the files whose diagnostics may
   * have changed. The deployment's own files count even when clean, so that the client always hears
   * the outcome of an analysis.
   */
  update(dir: string, record: DeploymentRecord | undefined): Set<string> {
    const affected = new Set(this.records.get(dir)?.diagnostics.keys() ?? []);
    if (record) {
      this.records.set(dir, record);
      for (const file of [...record.files, ...record.diagnostics.keys()]) affected.add(file);
    } else {
      this.records.delete(dir);
    }
    return affected;
  }

  diagnosticsOf(file: string): Diagnostic[] {
    // A file deployed by two deployments (a module called by two roots) gets a diagnostic from
    // each: one per code and range, with the related locations of all (the first keeps its message).
    // A shared template is deployed by every folder: each related location is compared once.
    const unique = new Map<string, { first: Diagnostic; related?: Map<string, DiagnosticRelatedInformation> }>();
    for (const r of this.records.values()) {
      for (const d of r.diagnostics.get(file) ?? []) {
        const key = `${String(d.code)} ${rangeKey(d.range)}`;
        const seen = unique.get(key);
        if (!seen) {
          unique.set(key, { first: d });
          continue;
        }
        seen.related ??= relatedByKey(seen.first.relatedInformation ?? []);
        for (const [k, info] of relatedByKey(d.relatedInformation ?? []))
          if (!seen.related.has(k)) seen.related.set(k, info);
      }
    }
    return [...unique.values()].map(({ first, related }) =>
      related ? { ...first, relatedInformation: [...related.values()] } : first,
    );
  }

  /** Folders whose analysis read `file`, or listed the folder it is in (a new file there may join it). */
  dependentsOf(file: string): DeploymentRecord[] {
    const dir = path.dirname(file);
    return [...this.records.values()].filter((r) => r.inputs.has(file) || r.inputs.has(dir));
  }

  record(dir: string): DeploymentRecord | undefined {
    return this.records.get(dir);
  }

  all(): DeploymentRecord[] {
    return [...this.records.values()];
  }

  /** Findings reported in `file`, each with the analysis it came from. */
  findingsIn(file: string): { finding: Finding; record: DeploymentRecord }[] {
    return this.all().flatMap((record) =>
      record.result.findings.filter((f) => f.span.file === file).map((finding) => ({ finding, record })),
    );
  }

  /** Problems reported in `file`, each with the analysis it came from. */
  problemsIn(file: string): { problem: Problem; record: DeploymentRecord }[] {
    return this.all().flatMap((record) =>
      record.result.problems.filter((p) => p.span.file === file).map((problem) => ({ problem, record })),
    );
  }
}

function rangeKey(r: Range): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

function relatedByKey(list: DiagnosticRelatedInformation[]): Map<string, DiagnosticRelatedInformation> {
  return new Map(list.map((info) => [`${info.location.uri} ${rangeKey(info.location.range)} ${info.message}`, info]));
}
