import { fileURLToPath, pathToFileURL } from 'node:url';

/** The path of a `file:` URI; undefined for other schemes (untitled buffers, remote files) and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}
