import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { getFormMetadata } from '../../helpers/metadata';
import {
	entryToItem,
	getManyRequestFromParameters,
	outputShape,
	passesLocalChecks,
} from '../../helpers/query';
import { pages } from '../../transport/pagination';
import { formLocator, forOperation, getManyFields } from '../common.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('entry', 'getAll', [formLocator, ...getManyFields()]);

export const toolClass: ToolClass = 'read';

/**
 * Get Many for any form; the User, Group and People resources call this with their own form.
 * Extra qualifications (a resource's fixed conditions) are ANDed with the user's filter.
 */
export async function getMany(
	this: IExecuteFunctions,
	i: number,
	form: string,
	extraQualifications: string[] = [],
): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, form);
	const request = getManyRequestFromParameters.call(this, i, metadata, extraQualifications);
	if (request.query.q && i === 0) {
		// Shown in the editor so users can copy the qualification the builder produced.
		this.addExecutionHints({
			message: `Qualification sent to AR System: ${request.query.q}`,
			location: 'outputPane',
		});
	}
	const shape = outputShape(metadata);
	const items: IDataObject[] = [];
	const local = request.local;
	if (local) {
		// Literal Wildcards = Check in n8n: the server answered a superset; keep what holds the text.
		for await (const page of pages.call(this, form, request.query, request.pagination)) {
			for (const entry of page) {
				if (!passesLocalChecks(entry.values, local.checks)) continue;
				for (const added of local.addedFields) delete entry.values[added];
				items.push(entryToItem(entry, shape, request.simplify));
				if (local.limit !== undefined && items.length >= local.limit) return items;
			}
		}
		return items;
	}
	// Page by page, so each page's links and wrappers become garbage while they are still young.
	for await (const page of pages.call(this, form, request.query, request.pagination)) {
		for (const entry of page) items.push(entryToItem(entry, shape, request.simplify));
	}
	return items;
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await getMany.call(this, i, formForItem.call(this, i));
}
