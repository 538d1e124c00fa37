import { statusOperation } from './status';

/** Lets a disabled user log in again by setting Status back to the active label. */
export const { description, execute } = statusOperation('enabled', 'enable');
