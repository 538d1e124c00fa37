/**
 * AR error bodies: a JSON array of message objects, parsed leniently. Plus the two other answers
 * a user meets instead of JSON: an HTML page and the HTTPS-only "Access forbidden".
 */

/** One message of an AR error array. */
export interface ArMessage {
	type: string;
	number?: number;
	text: string;
	appendedText?: string;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** Reads a key regardless of case: AR servers and Innovation Studio disagree on spelling. */
export function readKey(object: Record<string, unknown>, ...names: string[]): unknown {
	const wanted = names.map((name) => name.toLowerCase());
	for (const [key, value] of Object.entries(object)) {
		if (wanted.includes(key.toLowerCase())) return value;
	}
	return undefined;
}

function parseJsonText(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text.startsWith('[') && !text.startsWith('{')) return body;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return body;
	}
}

function toArMessage(raw: unknown): ArMessage | undefined {
	if (!isObject(raw)) return undefined;
	const text = readKey(raw, 'messageText');
	const number = Number(readKey(raw, 'messageNumber'));
	const appended = readKey(raw, 'messageAppendedText', 'appendedText');
	if (typeof text !== 'string' && !Number.isFinite(number)) return undefined;
	return {
		type: String(readKey(raw, 'messageType') ?? 'ERROR').toUpperCase(),
		number: Number.isFinite(number) ? number : undefined,
		text: typeof text === 'string' ? text.trim() : '',
		appendedText:
			typeof appended === 'string' && appended.trim() !== '' ? appended.trim() : undefined,
	};
}

/**
 * Parses an AR error body (a JSON array of message objects, as text or parsed) by key name:
 * key order varies, `messageAppendedText` may be null or missing, and Innovation Studio calls
 * it `appendedText`. Returns [] for anything else.
 */
export function parseArMessages(body: unknown): ArMessage[] {
	const parsed = parseJsonText(body);
	const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? [parsed] : [];
	return list.map(toArMessage).filter((message): message is ArMessage => message !== undefined);
}

/** The message that explains the failure: the first ERROR/FATAL one, else the first. */
export function primaryArMessage(messages: ArMessage[]): ArMessage | undefined {
	return messages.find((m) => m.type === 'ERROR' || m.type === 'FATAL') ?? messages[0];
}

export function isHtmlBody(body: unknown): boolean {
	if (typeof body !== 'string') return false;
	const start = body.trimStart().slice(0, 200).toLowerCase();
	return start.startsWith('<') || start.includes('<html');
}

/** AR's answer to plain HTTP when it only accepts HTTPS: `{"message":"Access forbidden",...}`. */
export function isHttpsOnlyBody(body: unknown): boolean {
	const parsed = parseJsonText(body);
	if (!isObject(parsed) || Array.isArray(parsed)) return false;
	const message = readKey(parsed, 'message');
	return typeof message === 'string' && message.trim().toLowerCase() === 'access forbidden';
}

/** AR message numbers that mean the request itself is wrong: retrying cannot help. */
export const PERMANENT_AR_ERRORS = new Set([101, 302, 303, 307, 314, 326, 353, 382, 623, 9093]);

/**
 * AR messages that say the server was busy or unreachable behind the REST layer, not that it
 * refused the request: the only AR error arrays a read retries. Evidence (README, "Retries"):
 * 90 "Cannot establish a network connection to the AR System server" (BMC message catalogue);
 * 91 "RPC call failed" / cannot communicate with the server (ASSUMED transient, same family);
 * 92 "Timeout during database update: the operation has been accepted by the server and will
 * usually complete successfully" (BMC catalogue, quoted in IBM technote swg21377100): for a write
 * this means "maybe applied", so it is verified, never re-sent blindly;
 * 93 "Timeout during data retrieval due to busy server: retry the operation" (BMC catalogue).
 */
export const SERVER_BUSY_AR_ERRORS = new Set([90, 91, 92, 93]);

/**
 * AR messages a read also retries: the busy ones, plus 552 "Failure during SQL operation to the
 * database", which AR reports for deadlocks and lost database connections (ASSUMED transient;
 * a read has no side effect, so a retry of a permanent 552 costs only time). A write that got a
 * 552 is reported as it is: the database refused the transaction.
 */
export const READ_RETRY_AR_ERRORS = new Set([...SERVER_BUSY_AR_ERRORS, 552]);

/** The number of the AR message that explains a failure body, if it is an AR error array. */
export function primaryArNumber(body: unknown): number | undefined {
	return primaryArMessage(parseArMessages(body))?.number;
}
