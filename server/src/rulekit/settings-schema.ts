import type { Rule } from './rule';

/** The severity levels a user may set per rule. */
export const SEVERITY_SETTINGS = ['error', 'warning', 'info', 'off'] as const;

/**
 * The JSON schema of the `amlNetworkGuard.severity` setting: one property per registered rule, so
 * VS Code completes the ids and flags a mistyped one. `package.json` holds a copy written by
 * `npm run rules:schema`; a test keeps the two equal.
 */
export function severitySettingSchema(rules: readonly Rule[]): Record<string, unknown> {
  const example = rules[0] ? ` Example: \`{ "${rules[0].meta.id}": "warning" }\`.` : '';
  return {
    type: 'object',
    default: {},
    markdownDescription: `Severity per rule id (\`error\`, \`warning\`, \`info\` or \`off\`), overriding the rule's default and, for the rules listed here, the \`severity\` of \`.amlnetworkguard.json\`.${example}`,
    properties: Object.fromEntries(
      rules.map((r) => [
        r.meta.id,
        {
          type: 'string',
          enum: [...SEVERITY_SETTINGS],
          markdownDescription: `${r.meta.title} (default: \`${r.meta.defaultSeverity}\`).`,
        },
      ]),
    ),
    additionalProperties: false,
  };
}
