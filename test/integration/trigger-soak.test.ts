import { runTriggerSoak } from '../soak/triggerSoak';

describe('AR System Trigger exactly-once soak (small seeded run)', () => {
	it('misses nothing and repeats nothing across faults, bursts and writes during polls', async () => {
		const result = await runTriggerSoak({ seed: 3, modifications: 1500, polls: 60, faultShare: 0.15 });
		expect(result.modifications).toBe(1500);
		expect(result.same_second_share).toBeGreaterThanOrEqual(0.3);
		expect(result.faults).toBeGreaterThan(0);
		expect(result.emitted).toBeGreaterThan(0);
		expect(result.missed).toBe(0);
		expect(result.duplicates).toBe(0);
	});
});
