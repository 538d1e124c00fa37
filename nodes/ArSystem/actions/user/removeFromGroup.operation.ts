import { membershipOperation } from './membership';
import type { ToolClass } from '../toolSafety';

export const { description, execute } = membershipOperation('remove', 'removeFromGroup');

export const toolClass: ToolClass = 'destructive';
