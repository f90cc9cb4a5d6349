import type { FrontEnd } from '../frontend';
import { jsonComments } from '../json-comments';
import { isArmTemplate } from './detect';
import { parseJsonDoc } from './json-values';
import { linkedTemplates } from './links';
import { loadTemplates } from './load';

/** ARM JSON templates (including those compiled from Bicep), evaluated the way the deployment engine does. */
export const armFrontEnd: FrontEnd = {
  language: 'arm',
  claims: (path, text) => isArmTemplate(path, text),
  load: (files, host, options) => loadTemplates(files, host, options),
  uses: (file) => (file.text.includes('relativePath') ? linkedTemplates(parseJsonDoc(file.path, file.text)) : []),
  comments: (file) => jsonComments(file.text),
};
