import { membershipOperation } from './membership';
import type { ToolClass } from '../toolSafety';

export const { description, execute } = membershipOperation('add', 'addToGroup');

export const toolClass: ToolClass = 'change';
