import type { DeploymentContext } from '../graph/context';
import type { Budget } from './budget';
import type { Problem } from '../graph/problem';
import type { SourceReference } from '../graph/reference';
import type { Resource, Language } from '../graph/resource';
import type { Spelling } from '../graph/spelling';

export interface SourceFile {
  /** Absolute path. */
  path: string;
  text: string;
}

/**
 * Read access for front ends that follow links (linked templates, local modules, parameter
 * files). Confined to the workspace root: a path outside it reads as missing, and the front end
 * reports that as a problem instead of reading it.
 */
export interface FileHost {
  readonly root: string;
  /** File text, or undefined when missing, unreadable, too large or outside the root. */
  read(path: string): string | undefined;
  /** Entries of a directory inside the root (names only), empty when missing. */
  list(dir: string): string[];
  /** Why `read(path)` returned undefined, for the problem message. */
  whyUnreadable(path: string): string;
}

/** A comment in a source file, as offsets into its text: the whole comment and the text inside the delimiters. */
export interface SourceComment {
  start: number;
  end: number;
  bodyStart: number;
  bodyEnd: number;
}

export interface LoadOptions {
  context: DeploymentContext;
  /** Extra parameter files (ARM) / var files (Terraform) named in settings or on the command line. */
  parameterFiles: string[];
  /**
   * The deployment's evaluation budget, shared by every front end of one analysis (a front end
   * makes its own when called alone, as tests do).
   */
  budget?: Budget;
}

export interface LoadResult {
  resources: Resource[];
  problems: Problem[];
  /** Where the files name resources outside resource bodies (for Go to Definition); none when absent. */
  references?: SourceReference[];
}

/**
 * A front end turns the files of one deployment, in its language, into graph resources. It never
 * throws on bad input: what it cannot read becomes a Problem and the rest is still returned.
 */
export interface FrontEnd {
  readonly language: Language;
  /** Prepares parsers that load asynchronously (tree-sitter wasm); called once before `load`. */
  init?(): Promise<void>;
  /** Whether this front end reads this file as a deployment source (an ARM template, a .tf file…). */
  claims(path: string, text: string): boolean;
  /** Loads one deployment: the claimed files of one folder. */
  load(files: SourceFile[], host: FileHost, options: LoadOptions): LoadResult;
  /**
   * What this file deploys as part of itself, from literal references only: local module folders
   * (Terraform `source = "./net"`), linked template files (ARM `templateLink.relativePath`), Bicep
   * module files. Absolute paths of files or folders; a folder stands for the files this front end
   * claims in it. A used file is not a deployment of its own while a file that uses it is analysed:
   * it is analysed through that file (the way Terraform plans only root modules).
   */
  uses?(file: SourceFile): string[];
  /**
   * The comments of a file this front end claims, as the language's own lexer sees them (never a
   * `#` or `//` inside a string or heredoc): suppression comments are read from them.
   */
  comments?(file: SourceFile): SourceComment[];
  /** How this language names ARM properties and values in messages; ARM names when absent. */
  readonly spelling?: Spelling;
}
