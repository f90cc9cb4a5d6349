import { armFrontEnd } from './arm';
import type { FrontEnd } from './frontend';
import { terraformFrontEnd } from './terraform';

/** Every language the analysis reads. A file belongs to the first front end that claims it. */
export const FRONT_ENDS: readonly FrontEnd[] = [armFrontEnd, terraformFrontEnd];
