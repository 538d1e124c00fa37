/**
 * Fault injection: a random share of data requests fails (seeded, so a run repeats), and tests can
 * queue exact faults for the next requests.
 */
import { mulberry32 } from './prng';
import type { Random } from './prng';

export type FaultKind = '500' | 'reset' | '401' | '503-retry-after';

export class Faults {
	private readonly queue: FaultKind[] = [];
	private readonly rng: Random;

	constructor(seed: number) {
		// A stream of its own, so fault draws do not shift with the amount of seed data.
		this.rng = mulberry32(seed ^ 0x5eed_fa17);
	}

	failNext(n: number, kind: FaultKind): void {
		for (let i = 0; i < n; i++) this.queue.push(kind);
	}

	clear(): void {
		this.queue.length = 0;
	}

	/** The fault for this request, if any: queued faults first, then the random share. */
	next(faultRate: number): FaultKind | undefined {
		const queued = this.queue.shift();
		if (queued) return queued;
		if (faultRate <= 0) return undefined;
		if (this.rng() >= faultRate) return undefined;
		return this.rng() < 0.5 ? '500' : 'reset';
	}
}
