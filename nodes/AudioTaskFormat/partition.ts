/**
 * Splitting a row of items (words into lines, text into cues) into consecutive parts that
 * each fit: the cheapest split, by what each part costs (its size squared, so that even parts
 * cost least) and what ending it where it ends costs a reader.
 */
export interface PartitionRule {
	/** Whether items [from, to) fit in one part (a single item always does). */
	fits(from: number, to: number): boolean;
	/** What items [from, to) cost as one part. */
	cost(from: number, to: number): number;
	/** What ending a part before item `to` costs (0 at the end of a sentence). */
	breakCost(to: number): number;
}

/** The cheapest split into any number of parts (a cost per part favours fewer): [from, to) of each. */
export function cheapestParts(count: number, rule: PartitionRule): Array<[number, number]> {
	// best[to]: least cost of items [0, to); start[to]: where its last part starts.
	const best = new Array<number>(count + 1).fill(Infinity);
	const start = new Array<number>(count + 1).fill(0);
	best[0] = 0;
	for (let to = 1; to <= count; to++) {
		const ending = to === count ? 0 : rule.breakCost(to);
		for (let from = to - 1; from >= 0; from--) {
			if (to - from > 1 && !rule.fits(from, to)) break;
			const total = best[from] + rule.cost(from, to) + ending;
			if (total < best[to]) {
				best[to] = total;
				start[to] = from;
			}
		}
	}
	const ranges: Array<[number, number]> = [];
	for (let to = count; to > 0; to = start[to]) ranges.unshift([start[to], to]);
	return ranges;
}
