import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LocatedEntry } from '../../helpers/identity';
import { GROUP_FIELDS, GROUP_FORM, locateEntry, valuesFromNamedFields } from '../../helpers/identity';
import type { WriteMode } from '../../helpers/mapping';
import type { FormMetadata } from '../../helpers/metadata';
import { otherFieldsCollection } from '../common.descriptions';

export async function locateGroup(this: IExecuteFunctions, i: number): Promise<LocatedEntry> {
	return await locateEntry.call(this, i, {
		parameter: 'group',
		form: GROUP_FORM,
		keys: { list: GROUP_FIELDS.id, groupId: GROUP_FIELDS.id, name: GROUP_FIELDS.name },
		noun: 'group',
	});
}

export const groupTypeField: INodeProperties = {
	displayName: 'Group Type Name or ID',
	name: 'groupType',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getGroupTypes' },
	default: '',
	description:
		'View groups can see entries assigned to them; Change groups can also modify them. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const groupOptionalFields: INodeProperties[] = [
	{
		displayName: 'Group Category Name or ID',
		name: 'groupCategory',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getGroupCategories' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Long Group Name',
		name: 'longName',
		type: 'string',
		default: '',
	},
	otherFieldsCollection,
];

export function groupValues(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	named: IDataObject,
	mode: WriteMode,
): IDataObject {
	const blank = (value: unknown) => (value === '' ? undefined : value);
	return valuesFromNamedFields.call(
		this,
		i,
		metadata,
		{
			[GROUP_FIELDS.name]: blank(named.groupName),
			[GROUP_FIELDS.id]: blank(named.groupId),
			[GROUP_FIELDS.type]: blank(named.groupType),
			[GROUP_FIELDS.category]: blank(named.groupCategory),
			[GROUP_FIELDS.longName]: blank(named.longName),
		},
		named.otherFields as IDataObject | undefined,
		mode,
	);
}
