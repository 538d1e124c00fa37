import { QualificationError, describeText } from './errors';
import { tokenize } from './lexer';
import type { ArithOp, KeywordName, RelOp, Token } from './lexer';

export type { ArithOp, KeywordName, RelOp } from './lexer';

/**
 * Nesting limit for parentheses and for the resulting tree. Parsing, compiling and evaluating
 * recurse once per level, so an unbounded depth would end in a stack overflow (a RangeError the
 * server could not map to an AR error); 500 is far beyond anything a person or the node writes.
 */
export const MAX_DEPTH = 500;

/** Empty (or all-blank) qualification: matches every entry. */
export interface AllNode {
	kind: 'all';
	pos: number;
}
/** AND / OR chains are n-ary so a long flat list of conditions does not nest. */
export interface LogicalNode {
	kind: 'and' | 'or';
	operands: QualNode[];
	pos: number;
}
export interface NotNode {
	kind: 'not';
	operand: QualNode;
	pos: number;
}
export interface CompareNode {
	kind: 'compare';
	op: RelOp;
	left: QualNode;
	right: QualNode;
	pos: number;
	opPos: number;
}
export interface ArithNode {
	kind: 'arith';
	op: ArithOp;
	left: QualNode;
	right: QualNode;
	pos: number;
	opPos: number;
}
export interface NegateNode {
	kind: 'negate';
	operand: QualNode;
	pos: number;
}
/** `'Name'` or `'123'`; `id` is set when the quoted text is all digits (a field ID). */
export interface FieldNode {
	kind: 'field';
	name: string;
	id?: number;
	pos: number;
}
export interface StringNode {
	kind: 'string';
	value: string;
	pos: number;
}
export interface NumberNode {
	kind: 'number';
	value: number;
	/** Source text, so a number compared with a character field keeps its spelling (`1.50`). */
	raw: string;
	pos: number;
}
export interface KeywordNode {
	kind: 'keyword';
	name: KeywordName;
	pos: number;
}

export type QualNode =
	| AllNode
	| LogicalNode
	| NotNode
	| CompareNode
	| ArithNode
	| NegateNode
	| FieldNode
	| StringNode
	| NumberNode
	| KeywordNode;

/** True for nodes that produce a truth value rather than a field value or literal. */
export function isCondition(node: QualNode): boolean {
	return (
		node.kind === 'and' ||
		node.kind === 'or' ||
		node.kind === 'not' ||
		node.kind === 'compare' ||
		node.kind === 'all'
	);
}

function describeToken(tok: Token): string {
	switch (tok.type) {
		case 'eof':
			return 'end of qualification';
		case 'field':
			return `field reference '${describeText(tok.value)}'`;
		case 'string':
			return `string "${describeText(tok.value)}"`;
		case 'number':
			return `number ${tok.raw}`;
		case 'keyword':
			return `keyword $${tok.value}$`;
		default:
			return `token '${tok.value}'`;
	}
}

function unexpected(tok: Token): QualificationError {
	return new QualificationError(`Unexpected ${describeToken(tok)}`, 'syntax', tok.pos);
}

/**
 * Recursive descent over the documented precedence: OR < AND < NOT < comparisons (incl. LIKE)
 * < + - < * / % < unary minus < parentheses.
 *
 * NOT takes a whole comparison as its operand (`NOT 'A' = 1` is `NOT ('A' = 1)`). The documented
 * table ranks NOT above arithmetic, but in AR a NOT can only apply to a condition
 * (ARQualifierStruct) and arithmetic only to values, so this reading is the only one that
 * type-checks; it is also what people mean.
 */
class Parser {
	private i = 0;
	private nesting = 0;

	constructor(private readonly tokens: Token[]) {}

	parse(): QualNode {
		if (this.peek().type === 'eof') return { kind: 'all', pos: 0 };
		const node = this.parseOr();
		const tok = this.peek();
		if (tok.type !== 'eof') throw unexpected(tok);
		return node;
	}

	private peek(): Token {
		return this.tokens[this.i];
	}

	private parseOr(): QualNode {
		const first = this.parseAnd();
		if (this.peek().type !== 'or') return first;
		const operands = [first];
		while (this.peek().type === 'or') {
			this.i++;
			operands.push(this.parseAnd());
		}
		return { kind: 'or', operands, pos: first.pos };
	}

	private parseAnd(): QualNode {
		const first = this.parseNot();
		if (this.peek().type !== 'and') return first;
		const operands = [first];
		while (this.peek().type === 'and') {
			this.i++;
			operands.push(this.parseNot());
		}
		return { kind: 'and', operands, pos: first.pos };
	}

	private parseNot(): QualNode {
		// Iterative so `NOT NOT NOT ...` costs no stack while parsing; the tree depth check catches
		// absurd chains afterwards.
		const positions: number[] = [];
		while (this.peek().type === 'not') {
			positions.push(this.peek().pos);
			this.i++;
		}
		let node = this.parseComparison();
		for (let k = positions.length - 1; k >= 0; k--) {
			node = { kind: 'not', operand: node, pos: positions[k] };
		}
		return node;
	}

	private parseComparison(): QualNode {
		const left = this.parseAdditive();
		const tok = this.peek();
		if (tok.type !== 'relop') return left;
		this.i++;
		const right = this.parseAdditive();
		requireValue(left);
		requireValue(right);
		const node: CompareNode = {
			kind: 'compare',
			op: tok.value,
			left,
			right,
			pos: left.pos,
			opPos: tok.pos,
		};
		// `a < b < c` would compare a truth value with a value, which AR rejects.
		const after = this.peek();
		if (after.type === 'relop') throw unexpected(after);
		return node;
	}

	private parseAdditive(): QualNode {
		let left = this.parseMultiplicative();
		for (;;) {
			const tok = this.peek();
			if (tok.type !== 'arith' || (tok.value !== '+' && tok.value !== '-')) return left;
			this.i++;
			const right = this.parseMultiplicative();
			requireValue(left);
			requireValue(right);
			left = { kind: 'arith', op: tok.value, left, right, pos: left.pos, opPos: tok.pos };
		}
	}

	private parseMultiplicative(): QualNode {
		let left = this.parseUnary();
		for (;;) {
			const tok = this.peek();
			if (tok.type !== 'arith' || (tok.value !== '*' && tok.value !== '/' && tok.value !== '%')) {
				return left;
			}
			this.i++;
			const right = this.parseUnary();
			requireValue(left);
			requireValue(right);
			left = { kind: 'arith', op: tok.value, left, right, pos: left.pos, opPos: tok.pos };
		}
	}

	private parseUnary(): QualNode {
		const positions: number[] = [];
		for (;;) {
			const tok = this.peek();
			if (tok.type !== 'arith' || tok.value !== '-') break;
			positions.push(tok.pos);
			this.i++;
		}
		let node = this.parsePrimary();
		if (positions.length > 0) requireValue(node);
		for (let k = positions.length - 1; k >= 0; k--) {
			node = { kind: 'negate', operand: node, pos: positions[k] };
		}
		return node;
	}

	private parsePrimary(): QualNode {
		const tok = this.peek();
		switch (tok.type) {
			case 'field': {
				this.i++;
				const node: FieldNode = { kind: 'field', name: tok.value, pos: tok.pos };
				if (/^[0-9]+$/.test(tok.value)) node.id = Number(tok.value);
				return node;
			}
			case 'string':
				this.i++;
				return { kind: 'string', value: tok.value, pos: tok.pos };
			case 'number':
				this.i++;
				return { kind: 'number', value: tok.value, raw: tok.raw, pos: tok.pos };
			case 'keyword':
				this.i++;
				return { kind: 'keyword', name: tok.value, pos: tok.pos };
			case '(': {
				if (this.nesting >= MAX_DEPTH) {
					throw new QualificationError(
						`Qualification is nested too deeply (more than ${MAX_DEPTH} levels)`,
						'syntax',
						tok.pos,
					);
				}
				this.i++;
				this.nesting++;
				const inner = this.parseOr();
				const close = this.peek();
				if (close.type !== ')') {
					throw new QualificationError(
						`Expected ')' to close '(' at position ${tok.pos} but found ${describeToken(close)}`,
						'syntax',
						close.pos,
					);
				}
				this.i++;
				this.nesting--;
				return inner;
			}
			default:
				throw unexpected(tok);
		}
	}
}

function requireValue(node: QualNode): void {
	if (isCondition(node)) {
		throw new QualificationError(
			'A condition cannot be used as a value (operands of comparisons and arithmetic must be ' +
				'fields, literals or keywords)',
			'syntax',
			node.pos,
		);
	}
}

/** Walks the tree without recursion and rejects trees deeper than MAX_DEPTH (e.g. `1+1+...`). */
function checkDepth(root: QualNode): void {
	const stack: Array<[QualNode, number]> = [[root, 1]];
	while (stack.length > 0) {
		const [node, depth] = stack.pop() as [QualNode, number];
		if (depth > MAX_DEPTH) {
			throw new QualificationError(
				`Qualification is nested too deeply (more than ${MAX_DEPTH} levels)`,
				'syntax',
				node.pos,
			);
		}
		switch (node.kind) {
			case 'and':
			case 'or':
				for (const operand of node.operands) stack.push([operand, depth + 1]);
				break;
			case 'not':
			case 'negate':
				stack.push([node.operand, depth + 1]);
				break;
			case 'compare':
			case 'arith':
				stack.push([node.left, depth + 1], [node.right, depth + 1]);
				break;
			default:
				break;
		}
	}
}

/** Parses qualification text into a tree; syntax only (no form needed). */
export function parseQualification(text: string): QualNode {
	if (typeof text !== 'string') {
		throw new QualificationError('Qualification must be a string', 'syntax');
	}
	const root = new Parser(tokenize(text)).parse();
	checkDepth(root);
	return root;
}
