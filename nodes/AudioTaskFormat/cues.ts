import { cheapestParts } from './partition';
import type { SpeechSegment } from './segments';
import type { Unit } from './text';
import {
	endsClause,
	endsSentence,
	joinTexts,
	joinUnits,
	mayBeOneWord,
	runningWidths,
	unitsOf,
} from './text';

/** How much a cue may hold, as the user set it. */
export interface CueLimits {
	/** Width of a line in Latin characters (a Chinese character counts two). */
	maxWidth: number;
	maxLines: number;
	maxSeconds: number;
}

export interface Cue {
	start: number;
	end: number;
	lines: string[];
	/** The speaker's name, for formats that mark it apart from the text (WebVTT's <v>). */
	voice?: string;
}

/**
 * A segment to show: the text before it on screen in every cue (a speaker label) and in its
 * first cue only (its labels: they mark where the passage starts), and its voice.
 */
export interface CueSource {
	segment: SpeechSegment;
	prefix: string;
	lead: string;
	voice?: string;
}

/**
 * A cue shorter than this cannot be read. A shorter segment (a zero-length one too) is shown
 * this long, or until the next segment starts if that comes sooner; when the same speaker
 * goes on at once, it is joined to what follows instead (withShortOnesJoined).
 */
export const MIN_CUE_SECONDS = 1;

/**
 * The cues of segments sorted by start. A segment too long for one cue is split into as few
 * cues as its lines and time allow, as even as they can be, ending at a sentence or clause
 * where that costs little; its time is shared among them by their length (the task model has
 * no time per word). Segments that overlap (two people talking at once) give cues that
 * overlap, as both were said.
 */
export function cuesOf(segmentSources: readonly CueSource[], limits: CueLimits): Cue[] {
	const cues: Cue[] = [];
	const sources = withShortOnesJoined(segmentSources);
	sources.forEach((source, index) => {
		const { segment } = source;
		const later = sources.slice(index + 1).find((next) => next.segment.start > segment.start);
		const units = unitsOf(segment.text, limits.maxWidth);
		const prefix = unitsOf(source.prefix, limits.maxWidth);
		const lead = unitsOf([source.prefix, source.lead].filter(Boolean).join(' '), limits.maxWidth);
		// The first cue of a segment starts at its first unit.
		const prefixAt = (from: number) => (from === 0 ? lead : prefix);
		const capacity = limits.maxWidth * limits.maxLines;
		const screens = Math.ceil(runningWidths([...lead, ...units]).at(-1)! / capacity);
		const end = Math.max(
			segment.end,
			Math.min(segment.start + MIN_CUE_SECONDS * screens, later?.segment.start ?? Infinity),
		);
		const widths = runningWidths(units);
		const at = (unit: number) =>
			segment.start + ((end - segment.start) * widths[unit]) / widths[units.length];
		const ranges = cheapestParts(units.length, {
			fits: (from, to) =>
				at(to) - at(from) <= limits.maxSeconds &&
				lineCount(prefixAt(from), units, from, to, limits.maxWidth) <= limits.maxLines,
			// A cue costs as much as half a full one more than its size squared, and one too short
			// to read a full one more; ending one mid-phrase costs as much as one more cue. So a
			// cue is added where it lets the cues end at sentences and clauses.
			cost: (from, to) =>
				(widths[to] - widths[from]) ** 2 +
				capacity ** 2 / 2 +
				(to - from < units.length && at(to) - at(from) < MIN_CUE_SECONDS ? capacity ** 2 : 0),
			breakCost: (to) =>
				endsSentence(units[to - 1])
					? 0
					: endsClause(units[to - 1])
						? capacity ** 2 / 8
						: capacity ** 2 / 2,
		});
		for (const [from, to] of ranges) {
			const start = at(from);
			cues.push({
				start,
				end: Math.min(at(to), start + limits.maxSeconds),
				lines: linesOf(withPrefix(prefixAt(from), units.slice(from, to)), limits.maxWidth),
				...(source.voice ? { voice: source.voice } : {}),
			});
		}
	});
	return cues.sort((a, b) => a.start - b.start);
}

/**
 * The sources with a segment too short to read joined to the next one of the same speaker
 * when that starts before the short one could have been read (its cue would be cut there):
 * "好的。" said in 0.3 s reads as the start of what follows, not as a flash. Segments with
 * labels stay apart, as each marks where a flagged passage starts.
 */
function withShortOnesJoined(sources: readonly CueSource[]): CueSource[] {
	const joined: CueSource[] = [];
	for (const source of sources) {
		const previous = joined.at(-1);
		if (previous && joinable(previous, source)) {
			const { segment } = previous;
			joined[joined.length - 1] = {
				...previous,
				segment: {
					...segment,
					end: Math.max(segment.end, source.segment.end),
					text: joinTexts(segment.text, source.segment.text),
				},
			};
		} else {
			joined.push(source);
		}
	}
	return joined;
}

/** One speaker (so one label and voice), no labels, and the second starts within the first's second. */
function joinable(short: CueSource, next: CueSource): boolean {
	const [a, b] = [short.segment, next.segment];
	return (
		a.end - a.start < MIN_CUE_SECONDS &&
		b.start >= a.start &&
		b.start < a.start + MIN_CUE_SECONDS &&
		a.speaker === b.speaker &&
		!short.lead &&
		!next.lead &&
		a.text.trim() !== '' &&
		b.text.trim() !== ''
	);
}

/** A cue's text after its label: apart by a space, whatever the text's own spacing. */
function withPrefix(prefix: readonly Unit[], units: readonly Unit[]): Unit[] {
	if (!prefix.length || !units.length) return [...prefix, ...units];
	return [...prefix, { ...units[0], spaced: true }, ...units.slice(1)];
}

/**
 * How many lines filling them one after the other takes for units [from, to) after `prefix`
 * (as withPrefix puts them; a unit wider than a line stands alone). Run for every candidate
 * cue, so it makes no arrays.
 */
function lineCount(
	prefix: readonly Unit[],
	units: readonly Unit[],
	from: number,
	to: number,
	maxWidth: number,
): number {
	let lines = 0;
	let width = 0;
	const add = (unit: Unit, spaced: boolean) => {
		const wider = width + (spaced ? 1 : 0) + unit.width;
		if (lines === 0 || wider > maxWidth) {
			lines++;
			width = unit.width;
		} else {
			width = wider;
		}
	};
	for (const unit of prefix) add(unit, unit.spaced);
	for (let index = from; index < to; index++)
		add(units[index], index === from ? prefix.length > 0 : units[index].spaced);
	return lines;
}

/** A cue's lines: as few as fit, as even as can be, broken after punctuation where it is cheap. */
export function linesOf(units: readonly Unit[], maxWidth: number): string[] {
	const widths = runningWidths(units);
	// A line's width: its units and the spaces between them, not the space before its first.
	const width = (from: number, to: number) =>
		widths[to] - widths[from] - (from > 0 && units[from].spaced ? 1 : 0);
	// Mid-phrase, a break costs as much as lines a sixth of a line apart in length; between two
	// Chinese characters, which may split a word, a quarter.
	const breakCost = (to: number) =>
		endsSentence(units[to - 1]) || endsClause(units[to - 1])
			? 0
			: 2 * (maxWidth / (mayBeOneWord(units[to - 1], units[to]) ? 4 : 6)) ** 2;
	// Each line costs more than all the rest of any split can: the fewest lines come first,
	// then the most even of them (a cue was cut to fit its Max Lines by filling them).
	const perLine = widths[units.length] ** 2 + units.length * 2 * (maxWidth / 4) ** 2 + 1;
	return cheapestParts(units.length, {
		fits: (from, to) => width(from, to) <= maxWidth,
		cost: (from, to) => perLine + width(from, to) ** 2,
		breakCost,
	}).map(([from, to]) => joinUnits(units.slice(from, to)));
}
