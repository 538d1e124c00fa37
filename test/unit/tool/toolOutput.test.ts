import { DEFAULT_AGENT_OUTPUT, clipText, sizeForAgent } from '../../../nodes/ArSystem/helpers/toolOutput';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('sizeForAgent: rows as a model gets them', () => {
	it('clips long text with its full length and leaves short text alone', () => {
		expect(clipText('short', 10)).toBe('short');
		expect(clipText('x'.repeat(25), 10)).toBe(`${'x'.repeat(10)}… [clipped: 25 characters in all]`);
	});

	it('leaves out empty values unless asked to keep them, at every depth', () => {
		const row = { a: 1, b: null, c: '', d: [], e: { f: null, g: 'kept', h: [{ i: '', j: 0 }] }, k: false };
		expect(sizeForAgent([row], DEFAULT_AGENT_OUTPUT)).toEqual([{ a: 1, e: { g: 'kept', h: [{ j: 0 }] }, k: false }]);
		expect(sizeForAgent([row], { ...DEFAULT_AGENT_OUTPUT, dropEmpty: false })).toEqual([row]);
	});

	it('clips text inside nested reports too', () => {
		const [sized] = sizeForAgent([{ changes: [{ after: { note: 'y'.repeat(500) } }] }], DEFAULT_AGENT_OUTPUT);
		const note = ((sized.changes as Array<{ after: { note: string } }>)[0].after.note);
		expect(note).toBe(`${'y'.repeat(200)}… [clipped: 500 characters in all]`);
	});

	it('stops at the answer budget and says how many results it left out', () => {
		const rows = Array.from({ length: 50 }, (_, n) => ({ n, text: 'z'.repeat(250) }));
		const limits = { ...DEFAULT_AGENT_OUTPUT, maxAnswerBytes: 2048 };
		const sized = sizeForAgent(rows, limits);
		const shown = sized.slice(0, -1);
		// The whole answer, its note included, stays in the budget.
		expect(bytes(sized)).toBeLessThanOrEqual(2048);
		// One more row, with the note, would not fit.
		expect(bytes([...sized, rows[shown.length]])).toBeGreaterThan(2048);
		expect(sized[sized.length - 1]).toEqual({
			_note: `${50 - shown.length} of 50 results left out: the answer is limited to 2 KB for the agent. Narrow the filter or ask for fewer fields.`,
		});
	});

	it('always answers at least one row, clipped, even when one row exceeds the budget', () => {
		const sized = sizeForAgent([{ a: 'b'.repeat(5000) }, { a: 'c' }], { ...DEFAULT_AGENT_OUTPUT, maxAnswerBytes: 100 });
		expect(sized[0].a).toMatch(/^b{200}… \[clipped: 5000 characters in all\]$/);
		expect(sized[1]._note).toMatch(/^1 of 2 results left out/);
	});

	it('does not change the rows it was given (workflows keep the full output)', () => {
		const row = { text: 'q'.repeat(400), empty: null };
		sizeForAgent([row], DEFAULT_AGENT_OUTPUT);
		expect(row).toEqual({ text: 'q'.repeat(400), empty: null });
	});
});
