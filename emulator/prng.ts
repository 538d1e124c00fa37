/** mulberry32: a tiny seeded PRNG, so seeds and fault sequences repeat exactly for a given seed. */
export type Random = () => number;

export function mulberry32(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function pick<T>(rng: Random, items: readonly T[]): T {
	return items[Math.floor(rng() * items.length)];
}

export function randomInt(rng: Random, min: number, maxInclusive: number): number {
	return min + Math.floor(rng() * (maxInclusive - min + 1));
}
