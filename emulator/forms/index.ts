/** The emulator's form catalogue. */
import { dataTypesForm } from './dataTypes';
import { groupForm } from './group';
import { helpDeskForm, incidentCreateForm, incidentJoinForm } from './helpDesk';
import { peopleForm } from './people';
import { indexForm } from './spec';
import { functionalRoleForm, supportGroupAssociationForm, supportGroupForm } from './supportGroup';
import type { FormIndex } from './spec';
import { userForm } from './user';

export interface FormCatalogueOptions {
	/** Labels of the User form's Status field (UNVERIFIED in the reference). */
	userStatusLabels: string[];
}

export const DEFAULT_USER_STATUS_LABELS = ['Current', 'Disabled'];

/** All forms by name, in the order `GET /form` lists them. */
export function buildForms(options: FormCatalogueOptions): Map<string, FormIndex> {
	const specs = [
		userForm(options.userStatusLabels),
		groupForm(),
		peopleForm(),
		helpDeskForm(),
		incidentJoinForm(),
		incidentCreateForm(),
		dataTypesForm(),
		supportGroupForm(),
		supportGroupAssociationForm(),
		functionalRoleForm(),
	];
	return new Map(specs.map((s) => [s.name, indexForm(s)]));
}

export * from './dataTypes';
export * from './group';
export * from './helpDesk';
export * from './people';
export * from './spec';
export * from './supportGroup';
export * from './user';
