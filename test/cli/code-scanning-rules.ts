/**
 * The requirements of GitHub's "SARIF support for code scanning" page (docs.github.com, Code
 * security > Code scanning > Integrating with code scanning > SARIF support for code scanning) that
 * a SARIF file must meet for its alerts to show well, each check with the sentence it enforces.
 * The OASIS schema says what is valid SARIF; these say what code scanning needs on top of it.
 * Returns one line per violation, `where: what`.
 */
type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
/** "You must supply an explicit value for any property marked as "required". The empty string is not supported for required properties." */
const present = (x: unknown): boolean => x !== undefined && x !== null && x !== '';
const textOf = (x: unknown): unknown => (isObject(x) ? x.text : undefined);

export function codeScanningViolations(doc: unknown): string[] {
  const out: string[] = [];
  const need = (ok: boolean, where: string, what: string) => {
    if (!ok) out.push(`${where}: ${what}`);
  };
  if (!isObject(doc)) return ['/: not an object'];
  // sarifLog: "$schema | Required | The URI of the SARIF JSON schema for version 2.1.0."
  need(present(doc.$schema), '/$schema', 'required');
  // "Code scanning only supports SARIF version 2.1.0."
  need(doc.version === '2.1.0', '/version', 'must be 2.1.0');
  // "runs[] | Required"; limits table: "Runs per file | 20".
  need(Array.isArray(doc.runs), '/runs', 'required');
  need(list(doc.runs).length <= 20, '/runs', 'at most 20 runs per file');
  list(doc.runs).forEach((run, r) => checkRun(run, `/runs/${r}`, need));
  return out;
}

type Need = (ok: boolean, where: string, what: string) => void;

function checkRun(run: unknown, at: string, need: Need): void {
  if (!isObject(run)) return need(false, at, 'not an object');
  const driver = isObject(run.tool) ? run.tool.driver : undefined;
  // run: "tool.driver | Required"; toolComponent: "name | Required", "rules[] | Required".
  need(isObject(driver), `${at}/tool/driver`, 'required');
  const d = isObject(driver) ? driver : {};
  need(present(d.name), `${at}/tool/driver/name`, 'required');
  need(Array.isArray(d.rules), `${at}/tool/driver/rules`, 'required');
  // Limits: "Rules per run | 25,000", "Results per run | 25,000".
  need(list(d.rules).length <= 25000, `${at}/tool/driver/rules`, 'at most 25,000 rules per run');
  // run: "results[] | Required".
  need(Array.isArray(run.results), `${at}/results`, 'required');
  need(list(run.results).length <= 25000, `${at}/results`, 'at most 25,000 results per run');
  const ruleIds = new Set(list(d.rules).map((rule) => (isObject(rule) ? rule.id : undefined)));
  list(d.rules).forEach((rule, i) => checkRule(rule, `${at}/tool/driver/rules/${i}`, need));
  list(run.results).forEach((result, i) => checkResult(result, `${at}/results/${i}`, ruleIds, need));
  // "id is interpreted as category/run-id. If the id contains no forward slash (/), then the entire
  // string is the run_id and the category is empty."  A category we set must therefore hold a slash.
  if (isObject(run.automationDetails)) {
    const id = run.automationDetails.id;
    need(typeof id === 'string' && id.includes('/'), `${at}/automationDetails/id`, 'no category without a "/"');
  }
}

function checkRule(rule: unknown, at: string, need: Need): void {
  if (!isObject(rule)) return need(false, at, 'not an object');
  // reportingDescriptor: "id | Required".
  need(present(rule.id), `${at}/id`, 'required');
  // "name | Optional | … Limited to 255 characters."
  need(typeof rule.name !== 'string' || rule.name.length <= 255, `${at}/name`, 'over 255 characters');
  // "shortDescription.text | Required | … Limited to 1024 characters." (same for fullDescription.text)
  for (const key of ['shortDescription', 'fullDescription']) {
    const text = textOf(rule[key]);
    need(present(text), `${at}/${key}/text`, 'required');
    need(typeof text !== 'string' || text.length <= 1024, `${at}/${key}/text`, 'over 1024 characters');
  }
  // "help.text | Required | Documentation for the rule using text format."
  need(present(textOf(rule.help)), `${at}/help/text`, 'required');
  // "The valid values for defaultConfiguration.level are: note, warning and error."
  const level = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
  need(
    level === undefined || ['note', 'warning', 'error'].includes(String(level)),
    `${at}/defaultConfiguration/level`,
    'note, warning or error',
  );
  const props = isObject(rule.properties) ? rule.properties : {};
  const tags = list(props.tags);
  // Limits: "Tags per rule | 20".
  need(tags.length <= 20, `${at}/properties/tags`, 'at most 20 tags');
  // "precision … Can be one of: very-high, high, medium, or low."
  need(
    props.precision === undefined || ['very-high', 'high', 'medium', 'low'].includes(String(props.precision)),
    `${at}/properties/precision`,
    'very-high, high, medium or low',
  );
  // "security-severity … A string representing a score … greater than 0.0 up to 10.0, for security
  // queries (@tags includes security)." "A value of 0.0 or any other value outside the given range
  // is regarded as having no security severity."
  const score = props['security-severity'];
  if (score !== undefined) {
    const n = typeof score === 'string' ? Number(score) : NaN;
    need(
      typeof score === 'string' && n > 0 && n <= 10,
      `${at}/properties/security-severity`,
      'a string in (0.0, 10.0]',
    );
    need(tags.includes('security'), `${at}/properties/tags`, 'security-severity needs the security tag');
  }
}

function checkResult(result: unknown, at: string, ruleIds: ReadonlySet<unknown>, need: Need): void {
  if (!isObject(result)) return need(false, at, 'not an object');
  // "ruleId … The unique identifier of the rule (reportingDescriptor.id)."
  need(result.ruleId === undefined || ruleIds.has(result.ruleId), `${at}/ruleId`, 'no rule with that id');
  // "message.text | Required".
  need(present(textOf(result.message)), `${at}/message/text`, 'required');
  // "locations[] | Required | The set of locations where the result was detected up to a maximum of
  // 10." "At least one location is required for code scanning to display a result."
  const locations = list(result.locations);
  need(locations.length >= 1 && locations.length <= 10, `${at}/locations`, 'one to ten locations');
  locations.forEach((l, i) => checkLocation(l, `${at}/locations/${i}`, need));
  // "partialFingerprints | Required" … "Code scanning only uses the primaryLocationLineHash."
  const fp = isObject(result.partialFingerprints) ? result.partialFingerprints : {};
  need(present(fp.primaryLocationLineHash), `${at}/partialFingerprints/primaryLocationLineHash`, 'required');
  list(result.relatedLocations).forEach((l, i) => checkLocation(l, `${at}/relatedLocations/${i}`, need));
}

function checkLocation(location: unknown, at: string, need: Need): void {
  // location: "location.physicalLocation | Required".
  const physical = isObject(location) ? location.physicalLocation : undefined;
  if (!isObject(physical)) return need(false, `${at}/physicalLocation`, 'required');
  // physicalLocation: "artifactLocation.uri | Required"; "region.startLine | Required",
  // "region.startColumn | Required", "region.endLine | Required", "region.endColumn | Required".
  const uri = isObject(physical.artifactLocation) ? physical.artifactLocation.uri : undefined;
  need(present(uri), `${at}/physicalLocation/artifactLocation/uri`, 'required');
  const region = isObject(physical.region) ? physical.region : {};
  for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn'])
    need(Number.isInteger(region[key]), `${at}/physicalLocation/region/${key}`, 'required');
}
