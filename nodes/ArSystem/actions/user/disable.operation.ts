import { statusOperation } from './status';

/** Stops the user logging in by setting Status to the server's disabled label (not Delete). */
export const { description, execute } = statusOperation('disabled', 'disable');
