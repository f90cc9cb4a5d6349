import type { FrontEnd } from '../frontend';
import { jsonComments } from '../json-comments';
import { isArmTemplate } from './detect';
import { loadTemplates } from './load';

/** ARM JSON templates (including those compiled from Bicep), evaluated the way the deployment engine does. */
export const armFrontEnd: FrontEnd = {
  language: 'arm',
  claims: (path, text) => isArmTemplate(path, text),
  load: (files, host, options) => loadTemplates(files, host, options),
  comments: (file) => jsonComments(file.text),
};
