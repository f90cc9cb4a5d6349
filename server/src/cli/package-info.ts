import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the CLI tells about itself: read from the package's own manifest, never duplicated in code. */
export interface PackageInfo {
  name: string;
  version: string;
  /** The package folder: `docs/rules/` lives under it in the installed package and in the repository. */
  root: string;
  /** The project's web page, when the manifest declares a real one (`homepage`, else `repository`). */
  informationUri?: string;
  /** The repository on github.com, when the manifest declares one: rule pages have a known address there. */
  githubRepository?: string;
}

const PACKAGE_NAME = 'aml-network-guard';

interface Manifest {
  name?: unknown;
  version?: unknown;
  homepage?: unknown;
  repository?: unknown;
}

let cached: PackageInfo | undefined;

/**
 * The bundle runs from `dist/`, the compiled tests from `out/server/src/cli/`: walking up from here
 * finds the same package.json from both.
 */
export function packageInfo(start: string = __dirname): PackageInfo {
  if (cached) return cached;
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === PACKAGE_NAME) {
      cached = {
        name: PACKAGE_NAME,
        version: typeof manifest.version === 'string' ? manifest.version : '0.0.0',
        root: dir,
        ...webAddresses(manifest),
      };
      return cached;
    }
    if (path.dirname(dir) === dir) break;
  }
  cached = { name: PACKAGE_NAME, version: '0.0.0', root: start };
  return cached;
}

function readManifest(file: string): Manifest | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

function webAddresses(m: Manifest): Pick<PackageInfo, 'informationUri' | 'githubRepository'> {
  const repo = m.repository;
  const repoUrl = realWebUri(
    typeof repo === 'string'
      ? repo
      : typeof repo === 'object' && repo !== null
        ? (repo as { url?: unknown }).url
        : undefined,
  )?.replace(/\.git$/, '');
  const homepage = realWebUri(m.homepage);
  const github = repoUrl !== undefined && /^https:\/\/github\.com\/[^/]+\/[^/]+$/.test(repoUrl) ? repoUrl : undefined;
  return {
    ...((homepage ?? repoUrl) !== undefined && { informationUri: homepage ?? repoUrl }),
    ...(github !== undefined && { githubRepository: github }),
  };
}

/**
 * An http(s) address that can exist: the names reserved for examples and tests (RFC 2606, RFC 6761)
 * never resolve, and a code-scanning alert linking there is worse than one without a link.
 */
export function realWebUri(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const uri = value.replace(/^git\+/, '');
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  const reserved = /(^|\.)(invalid|test|example|localhost)$/.test(host) || /^example\.(com|net|org)$/.test(host);
  return reserved ? undefined : uri;
}
