import * as path from 'node:path';
import { Budget } from '../budget';
import type { FileHost, FrontEnd, LoadOptions, LoadResult, SourceFile } from '../frontend';
import { terraformComments } from './comments';
import type { ConfigFile } from './module';
import { isConfigFile, readConfigFile } from './config-file';
import type { Module } from './module';
import { Project } from './module';
import type { Problem } from '../../graph/problem';
import { localModuleFolders } from './module-calls';
import { initTerraformParser } from './parser';
import { opaqueModuleResource, toResources } from './resources';
import { terraformSpelling } from './spelling';
import { loadVarFiles } from './var-files';

/**
 * Terraform (azurerm / azapi): the `.tf` and `.tf.json` files of one folder are a root module.
 * Variable files are inputs read through the host, local modules are followed, and every
 * resource the mapping table knows becomes a graph resource with Terraform spans.
 */
export const terraformFrontEnd: FrontEnd = {
  language: 'terraform',
  init: initTerraformParser,
  claims: (file) => isConfigFile(file),
  load: loadTerraform,
  uses: localModuleFolders,
  comments: terraformComments,
  spelling: terraformSpelling,
};

export function loadTerraform(files: SourceFile[], host: FileHost, options: LoadOptions): LoadResult {
  if (files.length === 0) return { resources: [], problems: [] };
  const dir = path.dirname(files[0].path);
  const budget = options.budget ?? new Budget();
  const project = new Project(host, options.context, dir, budget);
  const configs: ConfigFile[] = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => {
      const parsed = readConfigFile(f.path, f.text, budget);
      for (const p of parsed.problems) project.problems.push(p);
      return { path: f.path, body: parsed.body };
    });
  const inputs = loadVarFiles(dir, host, options.parameterFiles, project.problems, budget);
  const root = project.module(dir, configs, inputs, '', 0);
  const hint = calledModuleHint(root);
  if (hint) project.problems.push(hint);
  const resources = [
    ...toResources(project.instances(root), options.context),
    ...project.opaqueModules.map(opaqueModuleResource),
  ];
  return { resources, problems: project.problems };
}

/**
 * A folder analysed as a root although it reads like a module someone calls: it configures no
 * provider and has variables nothing sets. Its callers (none in this workspace) would give them
 * values, so say that the checks which depend on them stay silent here.
 */
function calledModuleHint(root: Module): Problem | undefined {
  if (root.configuresProviders) return undefined;
  const unset = root.unsetVariables();
  if (unset.length === 0) return undefined;
  const names = unset.map((b) => `'${b.labels[0]?.value ?? '?'}'`);
  const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
  return {
    code: 'module-analysed-alone',
    severity: 'info',
    message:
      `no configuration in the workspace calls this folder as a module, so it is analysed as a root module: ` +
      `in a module, values come from the callers' module blocks, and here ${names.length === 1 ? 'variable' : 'variables'} ` +
      `${shown} ${names.length === 1 ? 'has' : 'have'} none; checks that depend on them stay silent`,
    span: unset[0].headerSpan,
  };
}
