import type { ParseError } from 'jsonc-parser';
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, stripComments } from 'jsonc-parser';
import { detectStyle } from '../fixes/json-style';
import type { TextEdit } from '../fixes/writer';
import { LineMap } from '../graph/span';

/** The whole text of a new configuration file that turns `ruleId` off. */
export function newConfigWithRuleOff(ruleId: string): string {
  return `${JSON.stringify({ severity: { [ruleId]: 'off' } }, null, 2)}\n`;
}

/**
 * The edits of an existing `.amlnetworkguard.json` that set `severity.<ruleId>` to `"off"`,
 * touching nothing else: the file's indentation, line breaks, comments and key order stay as the
 * team wrote them. Undefined when the file cannot take the edit safely (a syntax error, or a
 * `severity` that is not an object), where rewriting it could lose settings.
 */
export function turnOffEdits(file: string, text: string, ruleId: string): TextEdit[] | undefined {
  const lines = new LineMap(text);
  if (stripComments(text).trim() === '') {
    // Only comments (or nothing): they stay, the object comes after them.
    const sep = text === '' || /[\r\n]$/.test(text) ? '' : '\n';
    return [{ span: lines.span(file, text.length, text.length), newText: sep + newConfigWithRuleOff(ruleId) }];
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || root?.type !== 'object') return undefined;
  const severity = findNodeAtLocation(root, ['severity']);
  if (severity !== undefined && severity.type !== 'object') return undefined;
  const style = detectStyle(text);
  const edits = modify(text, ['severity', ruleId], 'off', {
    formattingOptions: {
      insertSpaces: style.indent !== '\t',
      tabSize: style.indent === '\t' ? 1 : style.indent.length,
      eol: style.eol,
    },
  });
  // What the reader will see: the rule off (a duplicate key elsewhere would win over the edit).
  const after = parse(applyEdits(text, edits), [], { allowTrailingComma: true }) as {
    severity?: Record<string, unknown>;
  };
  if (after.severity?.[ruleId] !== 'off') return undefined;
  return edits.map((e) => ({ span: lines.span(file, e.offset, e.offset + e.length), newText: e.content }));
}
