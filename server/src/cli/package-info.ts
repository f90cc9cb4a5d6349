import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the CLI tells about itself: read from the package's own manifest, never duplicated in code. */
export interface PackageInfo {
  name: string;
  version: string;
  /** The package folder: `docs/rules/` lives under it in the installed package and in the repository. */
  root: string;
  informationUri: string;
}

const PACKAGE_NAME = 'aml-network-guard';
const FALLBACK_URI = 'https://www.npmjs.com/package/aml-network-guard';

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
        informationUri: informationUri(manifest),
      };
      return cached;
    }
    if (path.dirname(dir) === dir) break;
  }
  cached = { name: PACKAGE_NAME, version: '0.0.0', root: start, informationUri: FALLBACK_URI };
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

function informationUri(m: Manifest): string {
  if (typeof m.homepage === 'string') return m.homepage;
  const repo = m.repository;
  const url =
    typeof repo === 'string'
      ? repo
      : typeof repo === 'object' && repo !== null
        ? (repo as { url?: unknown }).url
        : undefined;
  if (typeof url === 'string' && /^https?:\/\//.test(url)) return url.replace(/\.git$/, '');
  return FALLBACK_URI;
}
