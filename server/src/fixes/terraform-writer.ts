import type { FixWriter } from './writer';

// Placeholder until the Terraform front end lands (issue 5): offers no fix.
export const terraformWriter: FixWriter = {
  language: 'terraform',
  write: () => undefined,
};
