import { armFrontEnd } from './arm';
import { bicepFrontEnd } from './bicep';
import type { FrontEnd } from './frontend';
import { terraformFrontEnd } from './terraform';

/**
 * Every language the analysis reads. A file belongs to the first front end that claims it: Bicep
 * comes first because it claims the ARM templates compiled from Bicep.
 */
export const FRONT_ENDS: readonly FrontEnd[] = [bicepFrontEnd, armFrontEnd, terraformFrontEnd];
