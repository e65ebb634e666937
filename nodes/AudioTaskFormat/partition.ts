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

/** The cheapest split into any number of parts: [from, to) of each. */
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

/** The cheapest split into the fewest parts there can be (lines of a cue): [from, to) of each. */
export function fewestParts(count: number, rule: PartitionRule): Array<[number, number]> {
	const parts = fewestPartCount(count, rule);
	if (parts <= 1) return count ? [[0, count]] : [];
	// best[p][to]: least cost of items [0, to) as p parts; start[p][to]: where part p starts.
	const best = Array.from({ length: parts + 1 }, () => new Array<number>(count + 1).fill(Infinity));
	const start = Array.from({ length: parts + 1 }, () => new Array<number>(count + 1).fill(0));
	best[0][0] = 0;
	for (let part = 1; part <= parts; part++) {
		for (let to = part; to <= count; to++) {
			const ending = to === count ? 0 : rule.breakCost(to);
			for (let from = to - 1; from >= part - 1; from--) {
				if (to - from > 1 && !rule.fits(from, to)) break;
				const total = best[part - 1][from] + rule.cost(from, to) + ending;
				if (total < best[part][to]) {
					best[part][to] = total;
					start[part][to] = from;
				}
			}
		}
	}
	const ranges: Array<[number, number]> = [];
	for (let part = parts, to = count; part > 0; to = start[part][to], part--)
		ranges.unshift([start[part][to], to]);
	return ranges;
}

/** How many parts filling each as full as it goes takes: the fewest there can be. */
function fewestPartCount(count: number, rule: PartitionRule): number {
	let parts = 0;
	for (let from = 0; from < count; parts++) {
		let to = from + 1;
		while (to < count && rule.fits(from, to + 1)) to++;
		from = to;
	}
	return parts;
}
