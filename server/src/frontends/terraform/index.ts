import * as path from 'node:path';
import type { FileHost, FrontEnd, LoadOptions, LoadResult, SourceFile } from '../frontend';
import { terraformComments } from './comments';
import type { ConfigFile } from './module';
import { isConfigFile, Project, readConfigFile } from './module';
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
  comments: terraformComments,
  spelling: terraformSpelling,
};

export function loadTerraform(files: SourceFile[], host: FileHost, options: LoadOptions): LoadResult {
  if (files.length === 0) return { resources: [], problems: [] };
  const dir = path.dirname(files[0].path);
  const project = new Project(host, options.context, dir);
  const configs: ConfigFile[] = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => {
      const parsed = readConfigFile(f.path, f.text);
      project.problems.push(...parsed.problems);
      return { path: f.path, body: parsed.body };
    });
  const inputs = loadVarFiles(dir, host, options.parameterFiles, project.problems);
  const root = project.module(dir, configs, inputs, '', 0);
  const resources = [...toResources(project.instances(root)), ...project.opaqueModules.map(opaqueModuleResource)];
  return { resources, problems: project.problems };
}
