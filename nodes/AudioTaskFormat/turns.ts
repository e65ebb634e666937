import type { IDataObject } from 'n8n-workflow';

import type { SpeechSegment } from './segments';
import { timestamp } from './subtitles';
import { joinTexts } from './text';

export type TranscriptFormat = 'text' | 'markdown' | 'json';

/** What each transcript format is as a file. */
export const TRANSCRIPT_FILES: Record<TranscriptFormat, { extension: string; mimeType: string }> = {
	text: { extension: 'txt', mimeType: 'text/plain' },
	markdown: { extension: 'md', mimeType: 'text/markdown' },
	json: { extension: 'json', mimeType: 'application/json' },
};

/** What one speaker said before another spoke; a transcript without times is one turn. */
export interface Turn {
	speaker?: string;
	speakerId?: string;
	start?: number;
	end?: number;
	labels: string[];
	text: string;
}

/**
 * Consecutive segments of one speaker with the same labels, as one turn. Segments with no
 * speaker stay apart (a moderation hit is its own passage); `maxPause` (seconds, 0 for none)
 * also starts a new turn after a long silence, so a monologue reads in paragraphs.
 */
export function mergeTurns(segments: readonly SpeechSegment[], maxPause: number): Turn[] {
	const turns: Turn[] = [];
	for (const segment of segments) {
		const last = turns.at(-1);
		if (
			last?.speaker !== undefined &&
			last.speaker === segment.speaker &&
			last.labels.join('\n') === segment.labels.join('\n') &&
			(maxPause <= 0 || segment.start - (last.end ?? segment.start) <= maxPause)
		) {
			last.end = Math.max(last.end ?? segment.end, segment.end);
			last.text = joinTexts(last.text, segment.text);
			continue;
		}
		const { speaker, speakerId, start, end, labels, text } = segment;
		turns.push({
			...(speaker !== undefined ? { speaker, speakerId } : {}),
			start,
			end,
			labels,
			text,
		});
	}
	return turns;
}

/**
 * 3723 → "01:02:03": the subtitle timestamp to the whole second; "MM:SS" in a transcript whose
 * turns all start within the first hour.
 */
function clock(seconds: number, withHours: boolean): string {
	const whole = timestamp(Math.floor(seconds + 1e-6), ',').slice(0, -4);
	return withHours ? whole : whole.slice(3);
}

/** The time a turn starts, as "[MM:SS] ", or nothing without timestamps or times. */
function clockOf(turns: readonly Turn[], timestamps: boolean): (turn: Turn) => string {
	const withHours = turns.some((turn) => (turn.start ?? 0) >= 3600);
	return (turn) =>
		timestamps && turn.start !== undefined ? `[${clock(turn.start, withHours)}]` : '';
}

/** Paragraphs, a blank line between them; no turns, no text. */
function paragraphs(lines: string[]): string {
	return lines.length ? `${lines.join('\n\n')}\n` : '';
}

/** "[00:12] Advisor: [Ad] text", a blank line between turns. */
export function renderText(turns: readonly Turn[], timestamps: boolean): string {
	const at = clockOf(turns, timestamps);
	const lines = turns.map((turn) =>
		[
			at(turn),
			turn.speaker !== undefined ? `${turn.speaker}:` : '',
			turn.labels.length ? `[${turn.labels.join(', ')}]` : '',
			turn.text,
		]
			.filter(Boolean)
			.join(' '),
	);
	return paragraphs(lines);
}

/** "**[00:12] Advisor:** `Ad` text", text escaped so that it reads as written. */
export function renderMarkdown(turns: readonly Turn[], timestamps: boolean): string {
	const at = clockOf(turns, timestamps);
	const lines = turns.map((turn) => {
		const head = [at(turn), turn.speaker !== undefined ? `${escapeMarkdown(turn.speaker)}:` : '']
			.filter(Boolean)
			.join(' ');
		return [
			head ? `**${head}**` : '',
			...turn.labels.map((label) => `\`${label.replace(/`/g, "'")}\``),
			escapeMarkdown(turn.text),
		]
			.filter(Boolean)
			.join(' ');
	});
	return paragraphs(lines);
}

/** Turns as data: times in seconds to the millisecond, no empty fields. */
export function turnsJson(turns: readonly Turn[]): IDataObject[] {
	const seconds = (value: number) => Math.round(value * 1000) / 1000;
	return turns.map((turn) => ({
		...(turn.speaker !== undefined ? { speaker: turn.speaker, speakerId: turn.speakerId } : {}),
		...(turn.start !== undefined ? { start: seconds(turn.start) } : {}),
		...(turn.end !== undefined ? { end: seconds(turn.end) } : {}),
		text: turn.text,
		...(turn.labels.length ? { labels: turn.labels } : {}),
	}));
}

function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_[\]<>#|~]/g, (char) => `\\${char}`);
}
