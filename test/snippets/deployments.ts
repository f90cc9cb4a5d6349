import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandSnippet } from './expand';

export type SnippetLanguage = 'arm' | 'bicep' | 'terraform';

export const SNIPPET_LANGUAGES: readonly SnippetLanguage[] = ['arm', 'bicep', 'terraform'];

export const SNIPPETS_DIR = path.resolve(__dirname, '../../../snippets');

export interface Snippet {
  name: string;
  prefix: string;
  description: string;
  body: string;
}

/** The snippets of `snippets/<language>.json`, in file order. */
export function loadSnippets(language: SnippetLanguage): Snippet[] {
  const file = JSON.parse(fs.readFileSync(path.join(SNIPPETS_DIR, `${language}.json`), 'utf8')) as Record<
    string,
    { prefix: string; description: string; body: string[] }
  >;
  return Object.entries(file).map(([name, s]) => ({
    name,
    prefix: s.prefix,
    description: s.description,
    body: s.body.join('\n'),
  }));
}

/** One more insertion of a snippet, with what the user types at some of its tab stops. */
interface Insertion {
  prefix: string;
  values: Record<number, string>;
}

const ZONES: Record<string, string> = {
  file: 'privatelink.file.core.windows.net',
  vault: 'privatelink.vaultcore.azure.net',
  registry: 'privatelink.azurecr.io',
  api: 'privatelink.api.azureml.ms',
  notebooks: 'privatelink.notebooks.azure.net',
};

/** The DNS zone snippet once per zone (a choice at tab stop `zoneStop`), with the other tab stops `names` gives. */
function zones(names: (group: string) => Record<number, string>, zoneStop = 2): Insertion[] {
  return Object.entries(ZONES).map(([group, zone]) => ({
    prefix: 'aml-private-dns-zone',
    values: { ...names(group), [zoneStop]: zone },
  }));
}

/**
 * Beyond every snippet with its defaults, a complete deployment needs the DNS zone snippet once per
 * zone the endpoints use and a second network for the peering: the user inserts those again and
 * picks the zone, or types the hub's names and ranges (outside the AKS service range 10.10.0.0/16).
 */
const MORE: Record<SnippetLanguage, Insertion[]> = {
  terraform: [
    ...zones((group) => ({ 1: group })),
    {
      prefix: 'aml-vnet',
      values: {
        1: 'hub',
        2: 'vnet-hub',
        4: '10.100.0.0/16',
        5: 'hub',
        6: 'snet-hub',
        7: '10.100.0.0/24',
        8: 'hub_pe',
        9: 'snet-hub-pe',
        10: '10.100.1.0/24',
      },
    },
  ],
  bicep: [
    ...zones((group) => ({ 1: `${group}Zone` })),
    {
      prefix: 'aml-vnet',
      values: {
        1: 'hubVnet',
        2: 'vnet-hub',
        4: '10.100.0.0/16',
        5: 'snet-hub',
        6: '10.100.0.0/24',
        7: 'snet-hub-pe',
        8: '10.100.1.0/24',
      },
    },
  ],
  arm: [
    ...zones(() => ({}), 1),
    {
      prefix: 'aml-vnet',
      values: {
        1: 'vnet-hub',
        2: '10.100.0.0/16',
        3: 'snet-hub',
        4: '10.100.0.0/24',
        5: 'snet-hub-pe',
        6: '10.100.1.0/24',
      },
    },
  ],
};

/** The file a language's deployment is written to. */
export const DEPLOYMENT_FILE: Record<SnippetLanguage, string> = {
  arm: 'azuredeploy.json',
  bicep: 'main.bicep',
  terraform: 'main.tf',
};

export interface DeploymentChoices {
  /** Snippets (by prefix) left out. */
  without?: readonly string[];
  /** What the user types or picks at tab stops of a snippet, by prefix, instead of the defaults. */
  values?: Readonly<Record<string, Record<number, string>>>;
}

/**
 * The minimal deployment of a language made of its snippets: the deployment skeleton
 * (`aml-deployment`) with every other snippet inserted at its final tab stop (ARM: the resources
 * array), each with its defaults, then the insertions of `MORE`.
 */
export function snippetDeployment(language: SnippetLanguage, choices: DeploymentChoices = {}): string {
  const without = choices.without ?? [];
  const snippets = loadSnippets(language);
  const byPrefix = new Map(snippets.map((s) => [s.prefix, s]));
  const expand = (prefix: string, values: Record<number, string> = {}) => {
    const s = byPrefix.get(prefix);
    if (!s) throw new Error(`no ${language} snippet ${prefix}`);
    return expandSnippet(s.body, { values: new Map(Object.entries(values).map(([k, v]) => [Number(k), v])) });
  };
  const parts = [
    ...snippets
      .filter((s) => s.prefix !== 'aml-deployment' && !without.includes(s.prefix))
      .map((s) => expand(s.prefix, choices.values?.[s.prefix])),
    ...MORE[language].filter((m) => !without.includes(m.prefix)).map((m) => expand(m.prefix, m.values)),
  ].map((p) => p.trimEnd());
  return expand('aml-deployment', { 0: parts.join(language === 'arm' ? ',\n' : '\n\n') });
}
