import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/**
 * The canvas subtitle in the words the editor shows ("Get Many: Entry", "Offboard: User"), not the
 * internal values (`getAll: entry`). Built from the Resource and Operation options themselves, so
 * a new operation needs no second list; an unknown pair falls back to the raw values.
 */
export function readableSubtitle(properties: INodeProperties[]): string {
	const resources = properties.find((p) => p.name === 'resource')?.options as INodePropertyOptions[] | undefined;
	const words: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		for (const resource of (property.displayOptions?.show?.resource ?? []) as string[]) {
			const resourceName = resources?.find((r) => r.value === resource)?.name ?? resource;
			for (const option of (property.options ?? []) as INodePropertyOptions[]) {
				words[`${resource}/${String(option.value)}`] = `${option.name}: ${resourceName}`;
			}
		}
	}
	const key = '$parameter["resource"] + "/" + $parameter["operation"]';
	return `={{ ${JSON.stringify(words)}[${key}] ?? ($parameter["operation"] + ": " + $parameter["resource"]) }}`;
}
