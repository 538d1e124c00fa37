/**
 * SCIM filter and attribute path parsing (RFC 7644 §3.4.2.2 and §3.5.2 for PATCH paths).
 *
 * Written here rather than taken from a library: the package has no runtime dependencies (n8n
 * Cloud and the community-package scanner allow none), the grammar is one page of the RFC, and
 * owning it lets every failure be a SCIM `invalidFilter` / `invalidPath` error that says where the
 * text went wrong, instead of a library's exception.
 *
 * Accepted beyond the strict ABNF, because identity providers send it: operators, `and`/`or`/`not`
 * and `true`/`false`/`null` in any case (the RFC says they are case-insensitive), and a sub-attribute
 * after a value filter in filters too (`emails[type eq "work"].value eq "a@b.c"`, which means the
 * same as `emails[type eq "work" and value eq "a@b.c"]`).
 */
import { invalidFilter, invalidPath } from './errors';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = string | number | boolean | null;

/** `urn:...:User:name.givenName` → { schema: 'urn:...:User', attr: 'name', sub: 'givenName' }. */
export interface AttrPath {
	schema?: string;
	attr: string;
	sub?: string;
}

export type Filter =
	| { kind: 'compare'; path: AttrPath; op: CompareOp; value: Literal }
	| { kind: 'present'; path: AttrPath }
	| { kind: 'and' | 'or'; left: Filter; right: Filter }
	| { kind: 'not'; filter: Filter }
	/** `attr[filter]`: some value of the multi-valued `attr` matches `filter` (paths relative to it). */
	| { kind: 'valuePath'; path: AttrPath; filter: Filter };

const OPERATORS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const MAX_LENGTH = 10_000;
const MAX_DEPTH = 50;
const NAME = /^[A-Za-z$][\w$-]*$/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

type Token =
	| { type: '(' | ')' | '[' | ']'; at: number }
	| { type: 'string'; value: string; at: number }
	| { type: 'word'; text: string; at: number };

function near(text: string, at: number): string {
	const start = Math.max(0, at - 10);
	return JSON.stringify(text.slice(start, at + 20));
}

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
			i++;
		} else if (c === '(' || c === ')' || c === '[' || c === ']') {
			tokens.push({ type: c, at: i });
			i++;
		} else if (c === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			if (j >= text.length) {
				throw invalidFilter(`The filter has a string without its closing quote at ${near(text, i)}.`);
			}
			const raw = text.slice(i, j + 1);
			let value: string;
			try {
				value = JSON.parse(raw) as string;
			} catch {
				throw invalidFilter(
					`The filter has a string that is not valid JSON text at ${near(text, i)}: use \\" for a quote and \\\\ for a backslash.`,
				);
			}
			tokens.push({ type: 'string', value, at: i });
			i = j + 1;
		} else {
			let j = i;
			while (j < text.length && !' \t\n\r()[]"'.includes(text[j])) j++;
			tokens.push({ type: 'word', text: text.slice(i, j), at: i });
			i = j;
		}
	}
	return tokens;
}

/** Parses `attr`, `attr.sub` or `urn:...:attr.sub`; throws `make(detail)` when it is none of them. */
export function parseAttrPath(
	text: string,
	make: (detail: string) => Error = invalidFilter,
): AttrPath {
	const colon = text.lastIndexOf(':');
	const schema = colon >= 0 ? text.slice(0, colon) : undefined;
	const rest = colon >= 0 ? text.slice(colon + 1) : text;
	const parts = rest.split('.');
	if (
		parts.length > 2 ||
		!parts.every((part) => NAME.test(part)) ||
		(schema !== undefined && !/^urn:[^\s]+$/i.test(schema))
	) {
		throw make(
			`${JSON.stringify(text.slice(0, 100))} is not an attribute path. Use a name such as userName, name.givenName or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department.`,
		);
	}
	const path: AttrPath = { attr: parts[0] };
	if (schema !== undefined) path.schema = schema;
	if (parts[1] !== undefined) path.sub = parts[1];
	return path;
}

class Parser {
	private pos = 0;
	private depth = 0;

	constructor(
		private readonly text: string,
		private readonly tokens: Token[],
	) {}

	parse(): Filter {
		if (this.tokens.length === 0) throw invalidFilter('The filter is empty.');
		const filter = this.or(false);
		const extra = this.tokens[this.pos];
		if (extra) throw this.error('Unexpected text', extra.at);
		return filter;
	}

	private error(what: string, at = this.text.length) {
		return invalidFilter(
			at >= this.text.length
				? `${what}: the filter ends too early (${JSON.stringify(this.text.slice(-30))}).`
				: `${what} at ${near(this.text, at)}.`,
		);
	}

	private peekWord(): string | undefined {
		const token = this.tokens[this.pos];
		return token?.type === 'word' ? token.text.toLowerCase() : undefined;
	}

	private expect(type: '(' | ')' | '[' | ']') {
		const token = this.tokens[this.pos];
		if (token?.type !== type) throw this.error(`Expected "${type}"`, token?.at);
		this.pos++;
	}

	private nest<T>(fn: () => T): T {
		if (++this.depth > MAX_DEPTH) {
			throw invalidFilter(`The filter nests more than ${MAX_DEPTH} levels deep.`);
		}
		try {
			return fn();
		} finally {
			this.depth--;
		}
	}

	private or(inValuePath: boolean): Filter {
		let left = this.and(inValuePath);
		while (this.peekWord() === 'or') {
			this.pos++;
			left = { kind: 'or', left, right: this.and(inValuePath) };
		}
		return left;
	}

	private and(inValuePath: boolean): Filter {
		let left = this.unary(inValuePath);
		while (this.peekWord() === 'and') {
			this.pos++;
			left = { kind: 'and', left, right: this.unary(inValuePath) };
		}
		return left;
	}

	private unary(inValuePath: boolean): Filter {
		return this.nest(() => {
			const token = this.tokens[this.pos];
			if (!token) throw this.error('Expected a condition');
			if (this.peekWord() === 'not') {
				this.pos++;
				const next = this.tokens[this.pos];
				if (next?.type !== '(') throw this.error('Expected "(" after not', next?.at);
				return { kind: 'not', filter: this.unary(inValuePath) };
			}
			if (token.type === '(') {
				this.pos++;
				const inner = this.or(inValuePath);
				this.expect(')');
				return inner;
			}
			return this.condition(inValuePath);
		});
	}

	private condition(inValuePath: boolean): Filter {
		const token = this.tokens[this.pos];
		if (token?.type !== 'word') throw this.error('Expected an attribute name', token?.at);
		const path = parseAttrPath(token.text);
		this.pos++;
		if (this.tokens[this.pos]?.type === '[') {
			if (inValuePath) throw this.error('A value filter cannot contain another one', token.at);
			if (path.sub !== undefined) {
				throw this.error('A value filter goes on the attribute, not a sub-attribute', token.at);
			}
			this.pos++;
			let inner = this.or(true);
			this.expect(']');
			// `emails[type eq "work"].value eq "x"`: the sub-attribute test joins the value filter.
			const after = this.tokens[this.pos];
			if (after?.type === 'word' && after.text.startsWith('.')) {
				const sub = after.text.slice(1);
				if (!NAME.test(sub)) throw this.error('Expected a sub-attribute name', after.at);
				this.pos++;
				inner = { kind: 'and', left: inner, right: this.test({ attr: sub }) };
			}
			return { kind: 'valuePath', path, filter: inner };
		}
		return this.test(path);
	}

	/** `pr`, or an operator and a value, after an attribute path. */
	private test(path: AttrPath): Filter {
		const token = this.tokens[this.pos];
		const op = this.peekWord();
		if (op === 'pr') {
			this.pos++;
			return { kind: 'present', path };
		}
		if (op === undefined || !OPERATORS.has(op)) {
			throw this.error(
				'Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr)',
				token?.at,
			);
		}
		this.pos++;
		return { kind: 'compare', path, op: op as CompareOp, value: this.literal() };
	}

	private literal(): Literal {
		const token = this.tokens[this.pos];
		if (!token) throw this.error('Expected a value');
		this.pos++;
		if (token.type === 'string') return token.value;
		if (token.type === 'word') {
			const word = token.text.toLowerCase();
			if (word === 'true') return true;
			if (word === 'false') return false;
			if (word === 'null') return null;
			if (NUMBER.test(token.text)) return Number(token.text);
		}
		throw this.error('Expected a value (a "quoted string", a number, true, false or null)', token.at);
	}
}

/** Parses a `filter` query parameter; every problem is a 400 `invalidFilter` ScimError. */
export function parseFilter(text: unknown): Filter {
	if (typeof text !== 'string') throw invalidFilter('The filter must be text.');
	if (text.length > MAX_LENGTH) {
		throw invalidFilter(`The filter is longer than ${MAX_LENGTH} characters.`);
	}
	return new Parser(text, tokenize(text)).parse();
}

/** A PATCH `path`: an attribute path, optionally with a value filter and then a sub-attribute. */
export interface PatchPath {
	path: AttrPath;
	filter?: Filter;
	/** The sub-attribute after a value filter: `emails[type eq "work"].value`. */
	subAfterFilter?: string;
}

export function parsePatchPath(text: unknown): PatchPath {
	if (typeof text !== 'string' || text.trim() === '') {
		throw invalidPath('The PATCH path must be non-empty text, such as "active" or "members".');
	}
	const source = text.trim();
	const open = source.indexOf('[');
	if (open < 0) return { path: parseAttrPath(source, invalidPath) };
	const close = source.lastIndexOf(']');
	if (close < open) throw invalidPath(`The PATCH path ${JSON.stringify(source)} has "[" without "]".`);
	const path = parseAttrPath(source.slice(0, open), invalidPath);
	if (path.sub !== undefined) {
		throw invalidPath(`In ${JSON.stringify(source)} the filter must follow the attribute, not a sub-attribute.`);
	}
	let filter: Filter;
	try {
		const tokens = tokenize(source.slice(open + 1, close));
		filter = new Parser(source.slice(open + 1, close), tokens).parse();
	} catch (error) {
		throw invalidPath(`The filter in the PATCH path ${JSON.stringify(source)} is invalid: ${(error as Error).message}`);
	}
	if (containsValuePath(filter)) {
		throw invalidPath(`The filter in ${JSON.stringify(source)} cannot contain another value filter.`);
	}
	const rest = source.slice(close + 1);
	if (rest === '') return { path, filter };
	if (!rest.startsWith('.') || !NAME.test(rest.slice(1))) {
		throw invalidPath(`${JSON.stringify(source)} must end after "]" or with ".subAttribute".`);
	}
	return { path, filter, subAfterFilter: rest.slice(1) };
}

function containsValuePath(filter: Filter): boolean {
	switch (filter.kind) {
		case 'valuePath':
			return true;
		case 'and':
		case 'or':
			return containsValuePath(filter.left) || containsValuePath(filter.right);
		case 'not':
			return containsValuePath(filter.filter);
		default:
			return false;
	}
}
