/**
 * Text as subtitles see it: how wide it is on screen and where a line may break. Chinese and
 * Japanese are written without spaces, so each of their characters is a place to break, and
 * each is as wide as two Latin letters (subtitle guides allow about half as many per line).
 */

/** Characters a line may break after, one by one: Han ideographs and kana. */
const BREAK_EACH = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
/** A word's pieces: each of those characters, and each run of other characters. */
const PIECES = new RegExp(`[${BREAK_EACH}]|[^${BREAK_EACH}]+`, 'gu');
const ONE_OF_EACH = new RegExp(`^[${BREAK_EACH}]$`, 'u');
/** Characters as wide as two Latin letters: the above, Hangul, CJK and full-width punctuation. */
const WIDE =
	/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
/** Punctuation that may not start a line: it stays with the word before it. */
const CLOSING = /^[,.!?;:%)\]}»…，。！？；：、％）】」』》〉”’·～]+$/u;
/** Punctuation that may not end a line: it stays with the word after it. */
const OPENING = /^[([{«（【「『《〈“‘]+$/u;
/** Where a cue reads best ending: the end of a sentence, then of a clause. */
const SENTENCE_END = /[.!?…。！？]["'”’」』)）]*$/u;
const CLAUSE_END = /[,;:，；：、]["'”’」』)）]*$/u;

/** A piece of text no line breaks inside: a word, or one Chinese or Japanese character. */
export interface Unit {
	text: string;
	/** Whether a space separates it from the unit before it. */
	spaced: boolean;
	width: number;
}

export function widthOf(text: string): number {
	let width = 0;
	for (const char of text) width += WIDE.test(char) ? 2 : 1;
	return width;
}

export function isWide(char: string | undefined): boolean {
	return char !== undefined && WIDE.test(char);
}

/** The units of a text, whitespace collapsed; a word wider than `maxWidth` is cut to fit. */
export function unitsOf(text: string, maxWidth: number): Unit[] {
	const tokens: Array<{ text: string; spaced: boolean }> = [];
	for (const word of text.trim().split(/\s+/u).filter(Boolean)) {
		let spaced = tokens.length > 0;
		for (const piece of word.match(PIECES) ?? []) {
			for (const part of splitClosingPunctuation(piece)) {
				tokens.push({ text: part, spaced });
				spaced = false;
			}
		}
	}
	return glue(tokens).flatMap((token) => cut(token, maxWidth));
}

/**
 * "，Hello" → "，" and "Hello": written without a space after a Chinese character, the
 * punctuation belongs to that character and the word may start the next line.
 */
function splitClosingPunctuation(piece: string): string[] {
	const match = /^([^\p{L}\p{N}]+)(.+)$/u.exec(piece);
	if (!match || !(CLOSING.test(match[1]) || OPENING.test(match[1]))) return [piece];
	return [match[1], match[2]];
}

/** Closing punctuation joins the unit before it, opening punctuation the unit after it. */
function glue(
	tokens: Array<{ text: string; spaced: boolean }>,
): Array<{ text: string; spaced: boolean }> {
	const glued: Array<{ text: string; spaced: boolean }> = [];
	let opening: { text: string; spaced: boolean } | undefined;
	for (const token of tokens) {
		if (opening) {
			glued.push({ text: opening.text + token.text, spaced: opening.spaced });
			opening = undefined;
		} else if (CLOSING.test(token.text) && !token.spaced && glued.length) {
			glued[glued.length - 1].text += token.text;
		} else if (OPENING.test(token.text)) {
			opening = token;
		} else {
			glued.push({ ...token });
		}
	}
	if (opening) glued.push(opening);
	return glued;
}

/** A unit wider than a line, cut into pieces that fit (a long URL, a number). */
function cut(token: { text: string; spaced: boolean }, maxWidth: number): Unit[] {
	const width = widthOf(token.text);
	if (width <= maxWidth) return [{ ...token, width }];
	const pieces: Unit[] = [];
	let current = '';
	for (const char of token.text) {
		if (current && widthOf(current + char) > maxWidth) {
			pieces.push({
				text: current,
				spaced: pieces.length === 0 && token.spaced,
				width: widthOf(current),
			});
			current = '';
		}
		current += char;
	}
	pieces.push({
		text: current,
		spaced: pieces.length === 0 && token.spaced,
		width: widthOf(current),
	});
	return pieces;
}

/** Units as one line of text. */
export function joinUnits(units: readonly Unit[]): string {
	return units.map((unit, index) => (index > 0 && unit.spaced ? ' ' : '') + unit.text).join('');
}

/**
 * widths[k]: the width of units [0, k) on one line, the spaces between them included (not a
 * space before the first: a line starts with none).
 */
export function runningWidths(units: readonly Unit[]): number[] {
	const widths = [0];
	units.forEach((unit, index) =>
		widths.push(widths[index] + unit.width + (index > 0 && unit.spaced ? 1 : 0)),
	);
	return widths;
}

/**
 * Whether a break between two units may split a word: both sides are Chinese or Japanese
 * characters, which give no sign of where their words end.
 */
export function mayBeOneWord(before: Unit, after: Unit): boolean {
	return (
		ONE_OF_EACH.test([...before.text].at(-1) ?? '') && ONE_OF_EACH.test([...after.text][0] ?? '')
	);
}

export function endsSentence(unit: Unit): boolean {
	return SENTENCE_END.test(unit.text);
}

export function endsClause(unit: Unit): boolean {
	return CLAUSE_END.test(unit.text);
}

/**
 * Two texts of one speaker as one: a space between them, unless either side is Chinese or
 * Japanese, which are written without spaces.
 */
export function joinTexts(first: string, second: string): string {
	if (!first) return second;
	if (!second) return first;
	const last = [...first].at(-1);
	const next = [...second][0];
	return isWide(last) || isWide(next) ? first + second : `${first} ${second}`;
}
