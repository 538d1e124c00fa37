/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/** `npm run test:soak`: the full exactly-once soak; exits non-zero on any miss or duplicate. */
import '../harness/env';

import { runTriggerSoak } from './triggerSoak';

runTriggerSoak({ seed: Number(process.env.SOAK_SEED ?? 7), modifications: 20_000, polls: 500, faultShare: 0.1 })
	.then((result) => {
		console.log(JSON.stringify(result));
		if (result.missed !== 0 || result.duplicates !== 0 || result.same_second_share < 0.3) process.exit(1);
	})
	.catch((error) => {
		console.error(error);
		process.exit(1);
	});
