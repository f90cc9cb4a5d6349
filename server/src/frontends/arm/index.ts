import type { FrontEnd } from '../frontend';

// Placeholder until the ARM front end lands (issue 3/4): claims nothing.
export const armFrontEnd: FrontEnd = {
  language: 'arm',
  claims: () => false,
  load: () => ({ resources: [], problems: [] }),
};
