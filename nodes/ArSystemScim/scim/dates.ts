import { parseArDateTime } from '../../ArSystem/helpers/values';

/** `2024-05-01T10:00:00.000+0000`, `…Z`, `…+02:00`: the forms AR's REST API writes Date/Time in. */
const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}:?\d{2})$/;

/**
 * An AR Date/Time as SCIM's dateTime (ISO 8601 UTC), for meta.created and meta.lastModified.
 * The REST API's own ISO form is read directly (a list page holds two per user); anything else
 * goes through the node's date parser.
 */
export function scimDateTime(value: unknown): string | undefined {
	if (typeof value === 'string') {
		const match = ISO_WITH_ZONE.exec(value);
		if (match) {
			const zone = match[2] === 'Z' ? 'Z' : `${match[2].slice(0, 3)}:${match[2].slice(-2)}`;
			const millis = Date.parse(`${match[1]}${zone}`);
			if (Number.isFinite(millis)) return new Date(millis).toISOString();
		}
	}
	const millis = parseArDateTime(value);
	return millis === undefined ? undefined : new Date(millis).toISOString();
}
