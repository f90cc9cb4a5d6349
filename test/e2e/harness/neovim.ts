import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopologyResult } from '../../../server/src/protocol';
import { REPO_ROOT } from './environment';
import { run } from './processes';

const SCRIPTS = join(REPO_ROOT, 'test', 'e2e', 'neovim');

/** A diagnostic as Neovim stored it (0-based line and column, severity 1 = error … 4 = hint). */
export interface NeovimDiagnostic {
  line: number;
  col: number;
  severity: number;
  source: string;
  code: string;
  /** The rule's documentation page (`codeDescription.href`). */
  href?: string;
  message: string;
}

/** What test/e2e/neovim/check.lua saw. */
export interface NeovimReport {
  /** A Lua error raised while checking, with its traceback. */
  error?: string;
  initialized: boolean;
  /** Whether the server had analysed the file: it answered the hover probe, or sent diagnostics. */
  analysed: boolean;
  before: NeovimDiagnostic[];
  actions: string[];
  applied?: string;
  after?: NeovimDiagnostic[];
  lines?: string[];
  /** The answer to `amlNetworkGuard/topology` once ready (with `topology` set). */
  topology?: TopologyResult;
  /** How many `amlNetworkGuard/topologyChanged` notifications the client had received by then. */
  topology_changes?: number;
}

export interface NeovimSession {
  nvim: string;
  server: string;
  /** Workspace folder (the LSP root); `file` is relative to it. */
  root: string;
  file: string;
  /** 0-based position whose hover answers once the server has analysed the file; without one, the
   * first diagnostics received are taken as the analysis. */
  probe?: { line: number; character: number };
  /** Title of a quick fix to apply after the first diagnostics arrived. */
  fix?: string;
  /** Ask for the topology once analysed. */
  topology?: boolean;
  waitMs: number;
}

/** Opens `file` in headless Neovim with the language server attached and returns what it saw. */
export async function runNeovim(session: NeovimSession, outFile: string): Promise<NeovimReport> {
  const args = [
    '--headless',
    '--noplugin',
    '-n',
    '-i',
    'NONE',
    '-u',
    join(SCRIPTS, 'init.lua'),
    '-c',
    `luafile ${join(SCRIPTS, 'check.lua')}`,
  ];
  const env = {
    AMLNG_NODE: process.execPath,
    AMLNG_SERVER: session.server,
    AMLNG_ROOT: session.root,
    AMLNG_OUT: outFile,
    AMLNG_PROBE_LINE: session.probe ? String(session.probe.line) : '',
    AMLNG_PROBE_CHAR: session.probe ? String(session.probe.character) : '',
    AMLNG_FIX: session.fix ?? '',
    AMLNG_TOPOLOGY: session.topology ? '1' : '',
    AMLNG_WAIT_MS: String(session.waitMs),
  };
  const r = await run(session.nvim, [...args, session.file], {
    cwd: session.root,
    env,
    timeoutMs: 3 * session.waitMs + 10_000,
  });
  if (r.code !== 0) throw new Error(`nvim exited with ${r.code}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(readFileSync(outFile, 'utf8')) as NeovimReport;
}
