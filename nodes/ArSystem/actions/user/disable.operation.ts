import { statusOperation } from './status';
import type { ToolClass } from '../toolSafety';

/** Stops the user logging in by setting Status to the server's disabled label (not Delete). */
export const { description, execute } = statusOperation('disabled', 'disable');

export const toolClass: ToolClass = 'destructive';
