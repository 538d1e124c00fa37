/**
 * The one error type the qualification engine throws. The server maps it to an AR error array, so
 * the message must stand on its own: what is wrong and (when known) where, as a 0-based character
 * offset into the qualification text.
 */
export type QualificationErrorKind = 'syntax' | 'field' | 'value';

export class QualificationError extends Error {
	readonly position?: number;
	readonly kind: QualificationErrorKind;

	constructor(message: string, kind: QualificationErrorKind, position?: number) {
		super(position === undefined ? message : `${message} at position ${position}`);
		this.name = 'QualificationError';
		this.kind = kind;
		if (position !== undefined) this.position = position;
		// Keeps `instanceof` reliable when compiled down to ES5-style classes.
		Object.setPrototypeOf(this, new.target.prototype);
	}
}

/** Renders a piece of user input for a message: quoted, shortened, control characters escaped. */
export function describeText(text: string, max = 40): string {
	const short = text.length > max ? `${text.slice(0, max)}…` : text;
	return short.replace(/\p{Cc}/gu, (c) => {
		return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
	});
}
