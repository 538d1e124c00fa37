/**
 * Checks and shortening for user text before it reaches a URL, a qualification or a message.
 * URLs are built with encodeURIComponent, which throws a bare "URI malformed" on half of a
 * surrogate pair; and a 100 KB input echoed into an error makes the error unreadable.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with the text for AR System, or undefined when it is fine. */
export function brokenCharacter(text: string): string | undefined {
	if (text.includes('\u0000')) {
		return 'a NUL character (\\0), which AR System cannot store or search for';
	}
	if (LONE_SURROGATE.test(text)) {
		return 'half of an emoji or other broken character (an unpaired UTF-16 surrogate)';
	}
	return undefined;
}

/** The text as it may appear in a message: at most `max` characters, with the full length. */
export function clip(text: string, max = 80): string {
	return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

/** `.` and `..` are path segments that URLs normalise away, changing which resource is asked for. */
export function isDotSegment(text: string): boolean {
	return text === '.' || text === '..';
}
