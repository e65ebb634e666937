import type { Cue } from './cues';

export type SubtitleFormat = 'srt' | 'vtt';

/** What each subtitle format is as a file. */
export const SUBTITLE_FILES: Record<SubtitleFormat, { extension: string; mimeType: string }> = {
	srt: { extension: 'srt', mimeType: 'application/x-subrip' },
	vtt: { extension: 'vtt', mimeType: 'text/vtt' },
};

/** 3723.5 → "01:02:03,500" (SRT) or "01:02:03.500" (WebVTT); hours grow past 99 if need be. */
export function timestamp(seconds: number, separator: ',' | '.'): string {
	const ms = Math.max(0, Math.round(seconds * 1000));
	const pad = (value: number, digits = 2) => String(value).padStart(digits, '0');
	const hours = Math.floor(ms / 3_600_000);
	const minutes = Math.floor(ms / 60_000) % 60;
	const secs = Math.floor(ms / 1000) % 60;
	return `${pad(hours)}:${pad(minutes)}:${pad(secs)}${separator}${pad(ms % 1000, 3)}`;
}

/** SubRip: numbered cues, a blank line after each. */
export function renderSrt(cues: readonly Cue[]): string {
	return cues
		.map(
			(cue, index) =>
				`${index + 1}\n${timestamp(cue.start, ',')} --> ${timestamp(cue.end, ',')}\n${cue.lines.join('\n')}\n`,
		)
		.join('\n');
}

/**
 * WebVTT: text escaped as the format requires (&, <, > are markup), the speaker in a voice
 * span, which players may show or style but is not part of the text.
 */
export function renderVtt(cues: readonly Cue[]): string {
	const body = cues.map((cue) => {
		const voice = cue.voice ? `<v ${escapeVtt(cue.voice)}>` : '';
		const text = cue.lines.map(escapeVtt).join('\n');
		return `${timestamp(cue.start, '.')} --> ${timestamp(cue.end, '.')}\n${voice}${text}\n`;
	});
	return ['WEBVTT\n', ...body].join('\n');
}

function escapeVtt(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
