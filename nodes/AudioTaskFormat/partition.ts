/**
 * Splitting a row of items (words into lines, lines into cues) into consecutive parts that
 * each fit: the cheapest split, by what each part costs (its size squared, so that even parts
 * cost least) and what ending it where it ends costs a reader.
 */
export interface PartitionRule {
	/** Whether items [from, to) fit in part number `part` (a single item always does). */
	fits(from: number, to: number, part: number): boolean;
	/** What items [from, to) cost as one part. */
	cost(from: number, to: number): number;
	/** What ending a part before item `to` costs (0 at the end of a sentence). */
	breakCost(to: number): number;
	/**
	 * Whether the split may have more parts than the fewest there can be (up to twice as many),
	 * when they cost less.
	 */
	moreParts?: boolean;
}

/** [from, to) of each part of the cheapest split of `count` items. */
export function cheapestParts(count: number, rule: PartitionRule): Array<[number, number]> {
	const fewest = fewestParts(count, rule);
	if (fewest <= 1) return count ? [[0, count]] : [];
	const most = rule.moreParts ? Math.min(count, 2 * fewest) : fewest;
	// cost[p][to]: least cost of items [0, to) as p parts; start[p][to]: where part p starts.
	const cost = Array.from({ length: most + 1 }, () => new Array<number>(count + 1).fill(Infinity));
	const start = Array.from({ length: most + 1 }, () => new Array<number>(count + 1).fill(0));
	cost[0][0] = 0;
	for (let part = 1; part <= most; part++) {
		for (let to = part; to <= count; to++) {
			for (let from = to - 1; from >= part - 1; from--) {
				if (to - from > 1 && !rule.fits(from, to, part - 1)) break;
				const ending = to === count ? 0 : rule.breakCost(to);
				const total = cost[part - 1][from] + rule.cost(from, to) + ending;
				if (total < cost[part][to]) {
					cost[part][to] = total;
					start[part][to] = from;
				}
			}
		}
	}
	let parts = fewest;
	for (let part = fewest + 1; part <= most; part++)
		if (cost[part][count] < cost[parts][count]) parts = part;
	const ranges: Array<[number, number]> = [];
	for (let part = parts, to = count; part > 0; part--) {
		ranges.unshift([start[part][to], to]);
		to = start[part][to];
	}
	return ranges;
}

/** How many parts filling each as full as it goes takes: the fewest there can be. */
function fewestParts(count: number, rule: PartitionRule): number {
	let parts = 0;
	for (let from = 0; from < count; parts++) {
		let to = from + 1;
		while (to < count && rule.fits(from, to + 1, parts)) to++;
		from = to;
	}
	return parts;
}
