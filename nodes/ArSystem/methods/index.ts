/**
 * The pickers of both nodes, in one place: the action node declares them all, the trigger the ones
 * its properties reference (it shares the Form locator and the field pickers). A unit test walks
 * both descriptions and fails when a referenced method is not declared.
 */
import { searchForms } from './listSearch';
import { getFields, getSelectionValues } from './loadOptions';

export * as listSearch from './listSearch';
export * as loadOptions from './loadOptions';
export * as resourceMapping from './resourceMapping';

/** What the AR System Trigger's properties reference (Form locator, filter and field pickers). */
export const triggerMethods = {
	listSearch: { searchForms },
	loadOptions: { getFields, getSelectionValues },
};
