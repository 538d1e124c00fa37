import {
	killReport,
	loginWindows,
	newWorkerLog,
	nodeItems,
	parseWorkerLine,
	tallyTrigger,
	versionOfItem,
	workersUsed,
} from './analysis';

describe('loginWindows', () => {
	it('counts the logins between one token event and the next', () => {
		const windows = loginWindows(
			[
				{ kind: 'cold', loginsBefore: 2 },
				{ kind: 'expiry', loginsBefore: 5 },
				{ kind: 'expiry', loginsBefore: 7 },
				{ kind: 'expiry', loginsBefore: 7 },
			],
			10,
		);
		expect(windows).toEqual({ expiries: 3, logins: 8, perWindow: [3, 2, 0, 3], maxPerWindow: 3, coldLogins: 3 });
	});

	it('refuses a counter that goes backwards and an empty list', () => {
		expect(() => loginWindows([{ kind: 'cold', loginsBefore: 4 }], 3)).toThrow('backwards');
		expect(() => loginWindows([], 3)).toThrow('no token events');
	});
});

describe('tallyTrigger', () => {
	const changes = [
		{ id: 'A', modified: 100 },
		{ id: 'B', modified: 100 },
		{ id: 'A', modified: 103 },
	];

	it('is clean when every version is emitted once', () => {
		const tally = tallyTrigger(changes, [...changes].reverse());
		expect(tally).toMatchObject({ changes: 3, emitted: 3, missed: 0, duplicates: 0, unexpected: 0 });
	});

	it('names missed and duplicated versions, and items matching no change', () => {
		const tally = tallyTrigger(changes, [
			{ id: 'A', modified: 100 },
			{ id: 'A', modified: 100 },
			{ id: 'A', modified: 100 },
			{ id: 'B', modified: 100 },
			{ id: 'Z', modified: 1 },
		]);
		expect(tally).toMatchObject({ emitted: 5, missed: 1, duplicates: 2, unexpected: 1 });
		expect(tally.missedVersions).toEqual([{ id: 'A', modified: 103 }]);
		expect(tally.duplicateVersions).toEqual([{ id: 'A', modified: 100 }]);
	});

	it('refuses two changes of one entry in one second (one version on AR)', () => {
		expect(() => tallyTrigger([{ id: 'A', modified: 1 }, { id: 'A', modified: 1 }], [])).toThrow('same second');
	});
});

describe('worker logs', () => {
	it('reads started and finished executions and counts the workers used', () => {
		const one = newWorkerLog();
		const two = newWorkerLog();
		parseWorkerLine(one, '2026-12-02T14:00:00.000Z | info | Worker started execution 12 (job 7) {"file":"job-processor.js"}');
		parseWorkerLine(one, 'Worker finished execution 12 (job 7)');
		parseWorkerLine(two, 'Worker started execution 13 (job 8)');
		parseWorkerLine(two, 'unrelated line mentioning execution 14');
		expect([...one.started]).toEqual(['12']);
		expect([...one.finished]).toEqual(['12']);
		expect([...two.started]).toEqual(['13']);
		expect(workersUsed([one, two], ['12', '13'])).toBe(2);
		expect(workersUsed([one, two], ['12'])).toBe(1);
	});
});

describe('killReport', () => {
	const killedAt = 1_000_000;

	it('reports what n8n did with the killed worker’s executions, and retries', () => {
		const killed = newWorkerLog();
		const survivor = newWorkerLog();
		for (const id of ['1', '2', '3']) killed.started.add(id);
		killed.finished.add('1');
		for (const id of ['4', '5']) survivor.started.add(id);
		const report = killReport({
			killed,
			survivors: [survivor],
			killedAt,
			rows: [
				{ id: '1', status: 'success', stoppedAt: killedAt - 10 },
				{ id: '2', status: 'error', stoppedAt: killedAt + 95_000 },
				{ id: '3', status: 'error', stoppedAt: killedAt + 101_400 },
				{ id: '4', status: 'success', stoppedAt: killedAt + 1000 },
				{ id: '5', status: 'success', stoppedAt: killedAt + 2000, retryOf: '3' },
				// taken by the killed worker, its log line lost with it
				{ id: '6', status: 'error', stoppedAt: killedAt + 99_000 },
			],
		});
		expect(report).toEqual({
			executions: 6,
			failed: 3,
			retried: 1,
			inFlightOnKilled: 3,
			inFlightStatuses: { error: 3 },
			markedAfterSeconds: [95, 101.4],
			succeededAfterKill: 2,
		});
	});

	it('counts an execution started on the killed worker and again on another as retried', () => {
		const killed = newWorkerLog();
		const survivor = newWorkerLog();
		killed.started.add('9');
		survivor.started.add('9');
		const report = killReport({ killed, survivors: [survivor], killedAt, rows: [{ id: '9', status: 'success', stoppedAt: killedAt + 5000 }] });
		expect(report).toMatchObject({ retried: 1, failed: 0, inFlightOnKilled: 0, markedAfterSeconds: null });
	});
});

describe('trigger items', () => {
	it('takes the first output of a node’s first run', () => {
		const runData = { T: [{ data: { main: [[{ json: { a: 1 } }, { json: { a: 2 } }]] } }] };
		expect(nodeItems(runData, 'T')).toEqual([{ a: 1 }, { a: 2 }]);
		expect(nodeItems(runData, 'missing')).toEqual([]);
	});

	it('reads Request ID and Modified Date (ISO) of an emitted item', () => {
		expect(versionOfItem({ _requestId: '000000000000042', 'Modified Date': '2026-12-02T14:00:05.000Z' })).toEqual({
			id: '000000000000042',
			modified: Date.UTC(2026, 11, 2, 14, 0, 5) / 1000,
		});
		expect(() => versionOfItem({ 'Modified Date': 'x' })).toThrow('without Request ID');
	});
});
