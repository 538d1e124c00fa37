import { runTriggerSoak } from '../soak/triggerSoak';

describe('AR System Trigger exactly-once soak (small seeded runs)', () => {
	it('misses nothing and repeats nothing across faults, bursts and writes during polls', async () => {
		const result = await runTriggerSoak({ seed: 3, modifications: 1500, polls: 60, faultShare: 0.15 });
		expect(result.modifications).toBe(1500);
		expect(result.same_second_share).toBeGreaterThanOrEqual(0.3);
		expect(result.faults).toBeGreaterThan(0);
		expect(result.emitted).toBeGreaterThan(0);
		expect(result.missed).toBe(0);
		expect(result.duplicates).toBe(0);
	});

	it.each([3600, -3600, null])(
		'realistic profile (commits out of stamp order, faults after commit, proxy Date %p): exact, tail within the window',
		async (dateSkew) => {
			const result = await runTriggerSoak({
				seed: 4,
				modifications: 800,
				polls: 40,
				faultShare: 0.15,
				profile: 'realistic',
				dateSkew,
			});
			expect(result.modifications).toBe(800);
			expect(result.out_of_order_commits).toBeGreaterThan(0);
			expect(result.faults_after_commit).toBeGreaterThanOrEqual(0.05 * result.modifications);
			expect(result.overwritten_after_read).toBeGreaterThan(0);
			expect(result.missed).toBe(0);
			expect(result.duplicates).toBe(0);
			expect(result.max_tail).toBeLessThanOrEqual(result.max_window_rows + 40);
			expect(result.idle_poll_rows).toBeLessThanOrEqual(result.idle_window_rows + 1);
			expect(result.settled_idle_poll_rows).toBe(0);
		},
	);
});
