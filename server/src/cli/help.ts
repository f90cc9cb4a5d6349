import type { RuleMeta } from '../rulekit/rule';

export function helpText(version: string, rules: readonly RuleMeta[]): string {
  const width = rules.reduce((w, r) => Math.max(w, r.id.length), 0);
  const ruleLines = rules.map((r) => `  ${r.id.padEnd(width)}  ${r.defaultSeverity.padEnd(7)}  ${r.title}`);
  return `aml-network-guard ${version}
Checks ARM, Bicep and Terraform templates against Microsoft's network rules for a secure Azure Machine
Learning AKS inferencing environment.

Usage:
  aml-network-guard scan <paths...> [options]
  aml-network-guard graph <paths...> [--format mermaid|dot|svg|json] [-o FILE] [options]
  aml-network-guard --help | --version

Paths:
  A folder is scanned recursively; every folder under it that holds templates is one deployment
  (all its templates are analysed together). A file is analysed together with the other templates
  of its folder, so references between them resolve, but only results located in that file are
  reported. Templates and the files they link, call or load are read only inside the folder that
  holds every path named (a named folder itself, or a named file's folder), wherever the command
  runs from: anything outside it is reported as a problem and never read. Report paths are relative
  to the workspace root: the current folder when every path is inside it, else that folder.

Configuration:
  Each deployment uses the nearest .amlnetworkguard.json in its folder or above, never above the
  current folder (for a path outside it, never above the path named). Options given here override
  the file key by key (per rule for --severity, per field for the context; --parameters and
  --var-file replace the file's lists; --ignore adds to its ignoredPaths). A mistake in the file is
  an invalid-config error on the file; the rest of it applies.

Suppressions:
  // aml-network-guard-disable-next-line RULE[, RULE...] [-- reason]   (# also in Terraform)
  // aml-network-guard-disable-file RULE[, RULE...] [-- reason]
  Suppressed findings never fail the scan; JSON lists them under "suppressed", SARIF keeps them as
  results with an inSource suppression. A suppression that matches nothing is an
  unused-suppression info (its severity: "unusedSuppressions" in the file).

Options:
  -f, --format FORMAT            scan: text (default), json, sarif, markdown or codequality;
                                 graph: mermaid (default), dot, svg or json
  -o, --output FILE              write the report to FILE instead of standard output
      --explain-unknowns         also list the checks that stayed silent because an input is unknown,
                                 and why (text: a section; json: "notEvaluated"; sarif: notifications)
  -c, --config FILE              the configuration file for every deployment (no search)
      --no-config                read no configuration file
      --ignore GLOB              do not analyse matching paths, relative to the current folder
                                 (repeatable; !GLOB analyses a path again)
  -p, --parameters FILE          ARM parameter file to evaluate templates with (repeatable)
      --var-file FILE            Terraform variable file (repeatable)
      --subscription-id ID       subscription to evaluate subscription().subscriptionId with
      --resource-group NAME      resource group to evaluate resourceGroup().name with
      --location LOC             location of the resource group (resourceGroup().location)
      --severity RULE=LEVEL      error, warning, info or off for one rule (repeatable)
      --no-color                 no ANSI colours in text output (also when NO_COLOR is set)
      --category NAME            SARIF automationDetails.id: keeps apart several uploads for one
                                 commit (code scanning's category)
      --baseline FILE            an earlier --format sarif of this tool: findings it has are
                                 "unchanged", the others "new", its results no longer found
                                 "absent"; only new error-level findings fail the scan
      --changed-files FILE       changed paths, one a line, relative to the current folder (e.g.
                                 git diff --name-only BASE...HEAD > FILE at the repository root):
                                 only the deployments they belong to (their templates, modules,
                                 configuration or parameter files) are reported
      --fix                      apply the preferred quick fix of every finding to the files, one
                                 fix at a time, each re-analysed (a fix that leaves a new problem or
                                 does not remove its finding is undone); writes only inside the
                                 scanned folders and named files, never through a symbolic link;
                                 then reports the files as fixed (in --format) and exits as that
                                 report says; what was fixed or left goes to standard error
      --fix-dry-run              the same fixes, written nowhere: standard output is a unified diff
                                 (--- a/PATH +++ b/PATH, paths relative to the workspace root, so
                                 patch -p1 or git apply take it there); the report of the fixed
                                 files goes only to --output; the exit code is the one --fix
                                 would give
  -h, --help                     this text
  -V, --version                  the version

Output:
  text   path:line:col: severity rule-id: message, related locations indented below, problems
         (files that could not be parsed, read or followed) in the same shape with their code, and
         a summary line "N findings (E errors, W warnings, I infos); M notes (…) in F files"
         that counts rule findings and front-end notes apart.
  json   { version: 1, tool, root, files, summary, findings[{ ruleId, messageId, severity, message,
         file, range{startLine,startColumn,endLine,endColumn}, resource, fixAvailable,
         fixes[{ title, preferred }], related[] }], suppressed[{ ...as findings, suppression{ kind,
         justification, file, range } }], problems[{ code, severity, message, file, range }],
         notEvaluated[] }; paths relative to root, lines and columns 1-based.
  sarif  SARIF 2.1.0 for GitHub code scanning and Azure DevOps; paths relative to %SRCROOT% (the
         workspace root); rules carry their docs page (help.markdown), tags, precision and
         security-severity; results a partialFingerprints identity that survives line moves,
         related locations and fixes[]; suppressed findings are results with suppressions[{ kind:
         inSource, justification }]; problems and not-evaluated notes are invocation notifications,
         not results, and a file that could not be analysed makes executionSuccessful false.

  markdown  a pull-request comment or job summary: counts, a table of findings (severity, rule,
         resource, file:line, message), what could not be checked, and the topology as a Mermaid
         diagram.

  codequality  GitLab's code quality report (artifacts:reports:codequality): one issue per finding
         and per file that could not be analysed, { description, check_name (the rule id or problem
         code), fingerprint (as in SARIF), severity (critical, major, info), location{ path, lines{
         begin } } }.

Graph:
  The topology of each deployment, the model the editor's side panel shows: VNets as boxes holding
  their subnets, clusters, private endpoints and NSGs in their subnets, arrows from endpoints to
  their targets, peerings (one-way ones dashed), DNS zones with their zone groups and VNet links,
  workspaces to their dependencies and computes; resources with findings in the severity's colour,
  labelled with the rule ids. mermaid renders in GitHub and Azure DevOps markdown; dot is Graphviz
  input; svg is that DOT drawn by Graphviz inside the tool (WebAssembly: no Graphviz install, no
  browser, no network); json is the side panel's model. Exit code 1 only when a template could not
  be read into the picture.

Exit codes:
  0  no error-level finding or problem
  1  at least one error-level finding, or a template that could not be checked (a parse error,
     an unreadable or too large file you named), or an invalid configuration file
  2  bad command line, a path that does not exist, or an internal error (when a front end or a
     rule fails on some input, the report is still written, with an internal-error problem)

Rules (id, default severity, what it checks):
${ruleLines.length > 0 ? ruleLines.join('\n') : '  (none)'}
`;
}
