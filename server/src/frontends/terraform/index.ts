import type { FrontEnd } from '../frontend';

// Placeholder until the Terraform front end lands (issue 5): claims nothing.
export const terraformFrontEnd: FrontEnd = {
  language: 'terraform',
  claims: () => false,
  load: () => ({ resources: [], problems: [] }),
};
