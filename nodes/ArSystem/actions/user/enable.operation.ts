import { statusOperation } from './status';
import type { ToolClass } from '../toolSafety';

/** Lets a disabled user log in again by setting Status back to the active label. */
export const { description, execute } = statusOperation('enabled', 'enable');

export const toolClass: ToolClass = 'change';
