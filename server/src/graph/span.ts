/** A zero-based position, as LSP counts it (UTF-16 code units within the line). */
export interface Position {
  line: number;
  character: number;
}

/** Where something is written: a file (absolute path) and a range in it. */
export interface SourceSpan {
  file: string;
  start: Position;
  end: Position;
}

/** Turns offsets into positions for one text; built once per file because front ends ask often. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offset(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.starts.length - 1));
    return Math.min(this.starts[line] + position.character, this.text.length);
  }

  span(file: string, startOffset: number, endOffset: number): SourceSpan {
    return { file, start: this.position(startOffset), end: this.position(endOffset) };
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Whether a position lies in a span, both ends included (a cursor right after a name is still on it). */
export function holds(span: SourceSpan, p: Position): boolean {
  return comparePositions(span.start, p) <= 0 && comparePositions(p, span.end) <= 0;
}

/** The smallest span covering both (same file assumed; the first wins otherwise). */
export function coverSpans(a: SourceSpan, b: SourceSpan): SourceSpan {
  if (a.file !== b.file) return a;
  return {
    file: a.file,
    start: comparePositions(a.start, b.start) <= 0 ? a.start : b.start,
    end: comparePositions(a.end, b.end) >= 0 ? a.end : b.end,
  };
}

/** A text equal for equal spans: file and exact range. */
export function spanKey(s: SourceSpan): string {
  return `${s.file}:${s.start.line}:${s.start.character}-${s.end.line}:${s.end.character}`;
}
