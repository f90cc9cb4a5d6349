import * as path from 'node:path';
import type { Problem } from '../../graph/problem';
import type { SourceSpan } from '../../graph/span';
import { LineMap } from '../../graph/span';
import type { Budget } from '../budget';
import type { FileHost } from '../frontend';
import { PARSE_CACHE_CHARS, ParseCache } from '../parse-cache';
import type { BicepFile } from './syntax';
import { parseBicep } from './syntax';

/** One Bicep file, parsed once per load, with the line map that turns its offsets into spans. */
export interface ParsedFile {
  file: string;
  syntax: BicepFile;
  lines: LineMap;
}

const parsedFiles = new ParseCache<ParsedFile>(PARSE_CACHE_CHARS);

/** A Bicep file parsed, shared by every reader of the same text (see parse-cache.ts): never changed after parsing. */
export function parseBicepFile(file: string, text: string): ParsedFile {
  return parsedFiles.get(file, text, () => ({
    file,
    syntax: parseBicep(text, { params: file.toLowerCase().endsWith('.bicepparam') }),
    lines: new LineMap(text),
  }));
}

/**
 * State shared by every module of one load: files parsed once (their first syntax error reported
 * once), problems reported once per place, and the guard that turns evaluation cycles into
 * unknowns instead of a stack overflow.
 */
export class BicepSession {
  readonly problems: Problem[] = [];
  private readonly reported = new Set<string>();
  private readonly files = new Map<string, ParsedFile>();
  private readonly active = new Set<object>();

  constructor(
    readonly host: FileHost,
    /** The deployment's evaluation budget, shared with the ARM evaluator Bicep lowers to. */
    readonly budget: Budget,
  ) {}

  parsed(file: string, text: string): ParsedFile {
    const known = this.files.get(file);
    if (known) return known;
    const parsed = parseBicepFile(file, text);
    this.files.set(file, parsed);
    // The Bicep extension lists syntax errors; one here says the file is only partly analysed.
    const first = parsed.syntax.errors[0];
    if (first) {
      const more = parsed.syntax.errors.length - 1;
      this.reportAt(
        parsed.lines.span(file, first.start, Math.max(first.end, first.start)),
        'parse-error',
        'error',
        `Bicep syntax error: ${first.message}${more > 0 ? ` (and ${more} more)` : ''}; the rest of the file is still analysed`,
      );
    }
    return parsed;
  }

  /** Reads and parses a file through the host (confined to the workspace); undefined when unreadable. */
  read(file: string): ParsedFile | undefined {
    const abs = path.resolve(file);
    const known = this.files.get(abs);
    if (known) return known;
    const text = this.host.read(abs);
    return text === undefined ? undefined : this.parsed(abs, text);
  }

  span(file: ParsedFile, start: number, end: number): SourceSpan {
    return file.lines.span(file.file, start, end);
  }

  reportAt(span: SourceSpan, code: string, severity: Problem['severity'], message: string): void {
    const key = `${span.file}:${span.start.line}:${span.start.character}:${code}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ code, severity, message, span });
  }

  guard<T>(key: object, onCycle: () => T, compute: () => T): T {
    if (this.active.has(key)) return onCycle();
    this.active.add(key);
    try {
      return compute();
    } finally {
      this.active.delete(key);
    }
  }
}
