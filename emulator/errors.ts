/**
 * AR error messages as the REST API returns them: a JSON array of message objects. Every error the
 * emulator answers with goes through `ArError`, so the numbers live in one table and a test or the
 * connector can look them up here instead of repeating magic numbers.
 */

/**
 * Message numbers. Catalogue numbers come from the reference; the ones marked UNVERIFIED are the
 * emulator's own choice for cases no public source shows, and the 935x range is invented for
 * conditions the AR catalogue has no known number for. The connector must not depend on those.
 */
export const ArErrorNumber = {
	/** Reference §2 (CONFIRMED-REC). */
	ENTRY_ID_TOO_LONG: 101,
	/** Reference §2 (CONFIRMED-REC text, HTTP 404 INFERRED). */
	ENTRY_NOT_FOUND: 302,
	/** Reference §2 (CONFIRMED-DOC). */
	FORM_NOT_FOUND: 303,
	/** UNVERIFIED: bad enum label, bad date, wrong JSON type, value too long. */
	BAD_VALUE: 306,
	/** UNVERIFIED: unknown field name in `fields=`, `sort=` or a request body. */
	UNKNOWN_FIELD: 314,
	/** UNVERIFIED: required field missing; overridable with `requiredFieldErrorNumber`. */
	REQUIRED_FIELD: 326,
	/** Reference §2 (CONFIRMED-DOC). */
	NO_ACCESS: 353,
	/** Reference §2 (CONFIRMED-REC). */
	UNIQUE_INDEX: 382,
	/** Reference §1 (CONFIRMED-REC). */
	AUTH_FAILED: 623,
	/** UNVERIFIED: any qualification the engine rejects (syntax, unknown field, bad value). */
	BAD_QUALIFICATION: 1587,
	/** INFERRED: server-side query timeout; used when latency exceeds `X-AR-Timeout`. */
	QUERY_TIMEOUT: 93,
	/** AR catalogue "cannot connect to the AR server"; body of injected 503s. */
	SERVER_UNAVAILABLE: 90,
	/** AR catalogue SQL failure; body of injected 500s (a realistic transient error). */
	SQL_FAILURE: 552,
	/** Emulator-chosen: malformed body, bad parameter, wrong content type, bad merge options. */
	MALFORMED_REQUEST: 9350,
	/** Emulator-chosen: an unexpected exception inside the emulator (a bug, reported as 500). */
	INTERNAL_ERROR: 9351,
	/** Emulator-chosen: no such REST resource or method. */
	NO_SUCH_RESOURCE: 9352,
	/** Emulator-chosen: merge qualification matched several entries with multimatchOption 0. */
	MULTIPLE_MATCHES: 9353,
	/**
	 * Default number of a site filter's error message (realistic profile). Sites number their own
	 * workflow messages above the ranges BMC reserves for its products; 10000 is INFERRED.
	 */
	SITE_FILTER: 10000,
} as const;

export const ArErrorText: Record<number, string> = {
	[ArErrorNumber.ENTRY_ID_TOO_LONG]:
		'Entry ID parameter length is longer than the maximum allowed length.',
	[ArErrorNumber.ENTRY_NOT_FOUND]: 'Entry does not exist in database',
	[ArErrorNumber.FORM_NOT_FOUND]: 'Form does not exist on the server',
	[ArErrorNumber.BAD_VALUE]: 'Value does not fall within the limits specified for the field',
	[ArErrorNumber.UNKNOWN_FIELD]: 'Field does not exist on current form',
	[ArErrorNumber.REQUIRED_FIELD]: 'Required field cannot be blank.',
	307: 'Required field (without a default) not specified',
	[ArErrorNumber.NO_ACCESS]: 'You have no access to form',
	[ArErrorNumber.UNIQUE_INDEX]:
		'The value(s) for this entry violate a unique index that has been defined for this form',
	[ArErrorNumber.AUTH_FAILED]: 'Authentication failed',
	[ArErrorNumber.BAD_QUALIFICATION]: 'Error in the qualification',
	[ArErrorNumber.QUERY_TIMEOUT]:
		'Timeout during database query -- consider using more specific search criteria to narrow the results, and retry the operation',
	[ArErrorNumber.SERVER_UNAVAILABLE]:
		'Cannot establish a network connection to the AR System server',
	[ArErrorNumber.SQL_FAILURE]: 'Failure during SQL operation to the database',
	[ArErrorNumber.MALFORMED_REQUEST]: 'Malformed request',
	[ArErrorNumber.INTERNAL_ERROR]: 'Internal server error',
	[ArErrorNumber.NO_SUCH_RESOURCE]: 'The requested resource does not exist',
	[ArErrorNumber.MULTIPLE_MATCHES]: 'More than one entry matches the merge qualification',
};

export interface ArMessage {
	messageType: 'OK' | 'ERROR' | 'WARNING' | 'FATAL' | 'BAD STATUS';
	messageText: string;
	messageAppendedText: string | null;
	messageNumber: number;
}

/** An error that becomes an HTTP status plus a one-element AR message array. */
export class ArError extends Error {
	readonly status: number;
	readonly messageNumber: number;
	readonly messageText: string;
	readonly appendedText: string | null;
	/**
	 * A 400 that DOC-ERR documents (bad body, wrong JSON, bad date format): it stays 400 when the
	 * realistic profile answers other processing errors with 500.
	 */
	documented400 = false;

	constructor(
		status: number,
		messageNumber: number,
		appendedText: string | null = null,
		text?: string,
	) {
		const messageText = text ?? ArErrorText[messageNumber] ?? 'Error';
		super(appendedText === null ? messageText : `${messageText} : ${appendedText}`);
		this.name = 'ArError';
		this.status = status;
		this.messageNumber = messageNumber;
		this.messageText = messageText;
		this.appendedText = appendedText;
		Object.setPrototypeOf(this, new.target.prototype);
	}

	toBody(): ArMessage[] {
		return [
			{
				messageType: 'ERROR',
				messageText: this.messageText,
				messageAppendedText: this.appendedText,
				messageNumber: this.messageNumber,
			},
		];
	}
}

export function malformed(detail: string): ArError {
	const error = new ArError(400, ArErrorNumber.MALFORMED_REQUEST, detail);
	error.documented400 = true;
	return error;
}

/** A value in a date format the server does not accept: one of DOC-ERR's documented 400 cases. */
export function badDate(fieldName: string, detail: string): ArError {
	const error = badValue(fieldName, detail);
	error.documented400 = true;
	return error;
}

/**
 * The status AR itself would answer with. By default (`processingErrors500`) AR answers 500 for
 * every processing error the documentation does not list (DOC-ERR: "500 default for any other
 * processing error"): bad values other than dates, unknown fields, bad qualifications, missing
 * required fields, unique-index clashes, no access, workflow / filter errors. 400 stays for what
 * DOC-ERR lists (bad body, wrong JSON, bad date format) and for the 101 ID-length check; 401,
 * 404, 405 and the injected faults are unchanged.
 */
export function arStatus(error: ArError, processingErrors500: boolean): number {
	if (!processingErrors500) return error.status;
	if (error.status !== 400 && error.status !== 403) return error.status;
	const n = error.messageNumber;
	if (error.documented400 || n === ArErrorNumber.MALFORMED_REQUEST) return 400;
	if (n === ArErrorNumber.ENTRY_ID_TOO_LONG) return 400;
	return 500;
}

export function badValue(fieldName: string, detail: string): ArError {
	return new ArError(400, ArErrorNumber.BAD_VALUE, `${fieldName}: ${detail}`);
}

export function unknownField(formName: string, fieldName: string): ArError {
	return new ArError(400, ArErrorNumber.UNKNOWN_FIELD, `${fieldName} (form ${formName})`);
}

export function formNotFound(formName: string): ArError {
	return new ArError(404, ArErrorNumber.FORM_NOT_FOUND, formName);
}

export function entryNotFound(id: string): ArError {
	return new ArError(404, ArErrorNumber.ENTRY_NOT_FOUND, id);
}

export function noAccess(what: string): ArError {
	return new ArError(403, ArErrorNumber.NO_ACCESS, what);
}
