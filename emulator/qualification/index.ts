/**
 * AR System qualification language for the emulator: `q=` on entry lists, merge qualifications.
 *
 *   parseQualification(text)               syntax only → QualNode (throws QualificationError)
 *   compileQualification(text, form, ctx)  → (values) => boolean, compiled once per request
 *   compareValues(a, b, field)             ordering shared with `sort=Field.asc|desc`
 *
 * Every failure is a QualificationError (kind 'syntax' | 'field' | 'value', 0-based `position`
 * when known); anything else escaping from here would be an engine bug, so it is wrapped rather
 * than leaked to the server as a TypeError or RangeError.
 */
import { QualificationError } from './errors';
import { compileQualification as compileImpl, configureQualification } from './evaluate';
import { MAX_DEPTH, parseQualification as parseImpl } from './parser';
import type { QualNode } from './parser';

export { QualificationError, configureQualification, MAX_DEPTH };
// Ordering reads stored values, no user text, so it needs no guard (as before).
export { compareValues } from './evaluate';
export type { QualificationErrorKind } from './errors';
export type { QualificationOptions } from './evaluate';
export type {
	AllNode,
	ArithNode,
	ArithOp,
	CompareNode,
	FieldNode,
	KeywordName,
	KeywordNode,
	LogicalNode,
	NegateNode,
	NotNode,
	NumberNode,
	QualNode,
	RelOp,
	StringNode,
} from './parser';

function guard<T>(run: () => T): T {
	try {
		return run();
	} catch (e) {
		// This is emulator code, not an n8n node: NodeApiError would mean nothing to the server.
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		if (e instanceof QualificationError) throw e;
		const message = e instanceof Error ? e.message : String(e);
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw new QualificationError(`Qualification could not be processed: ${message}`, 'syntax');
	}
}

/** Parses qualification text (syntax only). Blank text parses to `{ kind: 'all' }`. */
export function parseQualification(text: string): QualNode {
	return guard(() => parseImpl(text));
}

/**
 * Compiles `text` against `form`. Blank text matches everything. Fields are referenced by name or
 * by numeric ID; unknown fields throw kind 'field', literals that do not fit the field's type
 * (unknown selection label, bad date, non-numeric string) throw kind 'value'.
 */
export function compileQualification(
	...args: Parameters<typeof compileImpl>
): ReturnType<typeof compileImpl> {
	// The signature is evaluate.ts's (text, form, ctx, options); this adds only the guard.
	return guard(() => compileImpl(...args));
}
