/**
 * SCIM errors (RFC 7644 §3.12): every failure the bridge answers is one of these, so the identity
 * provider always gets the Error schema with the right status and, where RFC 7644 defines one, a
 * `scimType` it can act on.
 */
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType =
	| 'invalidFilter'
	| 'tooMany'
	| 'uniqueness'
	| 'mutability'
	| 'invalidSyntax'
	| 'invalidPath'
	| 'noTarget'
	| 'invalidValue'
	| 'invalidVers'
	| 'sensitive';

export class ScimError extends Error {
	readonly status: number;
	readonly scimType?: ScimType;

	constructor(status: number, detail: string, scimType?: ScimType) {
		super(detail);
		this.name = 'ScimError';
		this.status = status;
		this.scimType = scimType;
	}
}

export const badRequest = (detail: string, scimType: ScimType = 'invalidValue') =>
	new ScimError(400, detail, scimType);
export const invalidFilter = (detail: string) => new ScimError(400, detail, 'invalidFilter');
export const invalidPath = (detail: string) => new ScimError(400, detail, 'invalidPath');
export const notFound = (detail: string) => new ScimError(404, detail);

/** The body of an error response; `status` is a string in the RFC's examples and schema. */
export function errorBody(error: ScimError): Record<string, unknown> {
	const body: Record<string, unknown> = {
		schemas: [ERROR_SCHEMA],
		status: String(error.status),
		detail: error.message,
	};
	if (error.scimType) body.scimType = error.scimType;
	return body;
}
