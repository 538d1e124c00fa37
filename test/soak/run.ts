/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * `npm run test:soak [-- --profile realistic] [--json]`: the full exactly-once soak; exits non-zero
 * on any miss or duplicate, or when the run did not meet its conditions.
 *
 * default: 20,000 modifications over 500 polls with 10% injected faults (seed 7).
 * realistic: the same, once per proxy `Date` condition (+3600 s, -3600 s, stripped; seeds 7-9),
 * with commits out of stamp order by up to 3 s and faults after commit on HTTP writes. The last
 * line sums the three runs.
 */
import '../harness/env';

import type { SoakResult } from './triggerSoak';
import { runTriggerSoak } from './triggerSoak';

const argv = process.argv.slice(2);
const profileAt = argv.indexOf('--profile');
const profile = profileAt >= 0 ? argv[profileAt + 1] : 'default';
const json = argv.includes('--json');
const seed = Number(process.env.SOAK_SEED ?? 7);
const base = { modifications: 20_000, polls: 500, faultShare: 0.1 };

function problems(result: SoakResult): string[] {
	const found: string[] = [];
	if (result.missed !== 0) found.push(`${result.missed} missed`);
	if (result.duplicates !== 0) found.push(`${result.duplicates} duplicates`);
	if (result.modifications < base.modifications)
		found.push(`only ${result.modifications} modifications`);
	if (result.same_second_share < 0.3)
		found.push(`same-second share ${result.same_second_share} < 0.3`);
	if (result.idle_poll_rows > result.idle_window_rows + 1) {
		found.push(
			`an idle poll read ${result.idle_poll_rows} rows, more than the ${result.idle_window_rows} inside the window`,
		);
	}
	if (result.profile === 'realistic') {
		if (result.out_of_order_commits === 0) found.push('no commits out of stamp order');
		if (result.faults_after_commit < 0.05 * result.modifications) {
			found.push(`faults after commit ${result.faults_after_commit} < 5% of modifications`);
		}
	}
	return found;
}

async function main(): Promise<number> {
	if (profile !== 'default' && profile !== 'realistic') {
		console.error(`Unknown --profile ${profile}: use default or realistic`);
		return 2;
	}
	const skews: Array<number | null | undefined> =
		profile === 'realistic' ? [3600, -3600, null] : [undefined];
	const results: SoakResult[] = [];
	for (const [index, dateSkew] of skews.entries()) {
		const result = await runTriggerSoak({
			...base,
			seed: seed + index,
			profile,
			dateSkew,
		});
		results.push(result);
		console.log(JSON.stringify(result));
	}
	const failures = results.flatMap((result) =>
		problems(result).map((text) => `date skew ${String(result.date_skew)}: ${text}`),
	);
	for (const failure of failures) console.error(failure);
	if (profile === 'realistic' || json) {
		const sum = (pick: (result: SoakResult) => number) =>
			results.reduce((total, result) => total + pick(result), 0);
		const max = (pick: (result: SoakResult) => number) => Math.max(...results.map(pick));
		console.log(
			JSON.stringify({
				profile,
				modifications: sum((r) => r.modifications),
				out_of_order_commits: sum((r) => r.out_of_order_commits),
				date_skews: profile === 'realistic' ? skews : [],
				missed: sum((r) => r.missed),
				duplicates: sum((r) => r.duplicates),
				max_tail: max((r) => r.max_tail),
				idle_poll_rows: max((r) => r.idle_poll_rows),
			}),
		);
	}
	return failures.length === 0 ? 0 : 1;
}

main()
	.then((code) => process.exit(code))
	.catch((error) => {
		console.error(error);
		process.exit(1);
	});
