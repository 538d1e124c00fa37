import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { LocatedEntry } from '../../helpers/identity';
import {
	USER_FIELDS,
	USER_FORM,
	fieldName,
	locateEntry,
	valuesFromNamedFields,
} from '../../helpers/identity';
import { groupIdsFrom } from '../../helpers/groupDirectory';
import type { WriteMode } from '../../helpers/mapping';
import type { FormMetadata } from '../../helpers/metadata';
import { getFormMetadata } from '../../helpers/metadata';
import { formatGroupList } from '../../helpers/groupList';

/** Reads the user locator of item `i`: list and Login Name modes look up by field 101. */
export async function locateUser(
	this: IExecuteFunctions,
	i: number,
	fieldIds?: number[],
): Promise<LocatedEntry> {
	const metadata = await getFormMetadata.call(this, USER_FORM);
	return await locateEntry.call(this, i, {
		parameter: 'user',
		form: USER_FORM,
		keys: { list: USER_FIELDS.login, login: USER_FIELDS.login },
		noun: 'user',
		fields: fieldIds && [metadata.idField.name, ...fieldIds.map((id) => fieldName(metadata, id))],
	});
}

/** Values for a User create or update from the named parameters and Other Fields. */
export async function userValues(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	named: IDataObject,
	mode: WriteMode,
): Promise<IDataObject> {
	const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
	const byId: Record<number, unknown> = {
		[USER_FIELDS.login]: blankToUndefined(named.loginName),
		[USER_FIELDS.fullName]: blankToUndefined(named.fullName),
		[USER_FIELDS.password]: blankToUndefined(named.password),
		[USER_FIELDS.license]: blankToUndefined(named.licenseType),
		[USER_FIELDS.status]: blankToUndefined(named.status),
		[USER_FIELDS.email]: blankToUndefined(named.email),
		[USER_FIELDS.notify]: blankToUndefined(named.notifyMechanism),
	};
	if (named.groups !== undefined && named.groups !== '') {
		byId[USER_FIELDS.groupList] = formatGroupList(await groupIdsFrom.call(this, i, named.groups));
	}
	return valuesFromNamedFields.call(
		this,
		i,
		metadata,
		byId,
		named.otherFields as IDataObject | undefined,
		mode,
	);
}

export function loginOf(metadata: FormMetadata, values: IDataObject): string {
	return String(values[fieldName(metadata, USER_FIELDS.login)] ?? '');
}
