import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

import { segmentSchema } from '../common/taskModel';

/** A passage of speech as formats show it: its speaker's name and its labels' names. */
export interface SpeechSegment {
	/** Seconds from the start of the audio. */
	start: number;
	end: number;
	/** The speaker's name as shown, and the vendor's ID for them. */
	speaker?: string;
	speakerId?: string;
	labels: string[];
	text: string;
}

export interface SpeakerOptions {
	/** Names by speaker ID, as the user set them ("0" → "Advisor"). */
	names: ReadonlyMap<string, string>;
	/** Speakers whose segments are left out, by ID or name, lower case ("noise"). */
	leftOut: ReadonlySet<string>;
	showLabels: boolean;
}

/** Why an item has nothing to format, said to the user. */
export interface Problem {
	message: string;
	description: string;
}

/**
 * What an item gives to format: its segments (none for a moderation result that flags
 * nothing: an empty file is its true subtitles), or only a transcript without times, or
 * nothing, and why.
 */
export type ItemSpeech =
	{ segments: SpeechSegment[] } | { transcript: string; problem: Problem } | { problem: Problem };

/** Segments as the task model has them; other fields a workflow added to a segment are ignored. */
const segmentsSchema = z.array(segmentSchema.strip());

const SOURCES =
	'Timed sentences come from Tencent Cloud ASR API 3.0, NICE audio tasks, and the flagged passages of Huawei Cloud and Yidun moderation.';

/** How messages name the vendor of a task, by the task model's `vendor`. */
const VENDOR_NAMES: Readonly<Record<string, string>> = { nice: 'NICE' };

/**
 * The segments of a task-model item, in order of time, ready to format: its `segments`, or
 * for a moderation result without them (Yidun), the timed evidence of its labels.
 */
export function speechSegmentsOf(json: IDataObject, options: SpeakerOptions): ItemSpeech {
	const task = taskName(json);
	const given = json.segments;
	const parsed = segmentsSchema.safeParse(given ?? []);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return {
			problem: {
				message: `The segments of ${task} are not valid: ${['segments', ...issue.path].join('.')}: ${issue.message}`,
				description:
					'Each segment needs start and end (seconds) and text, as the audio nodes output them.',
			},
		};
	}
	const labelNames = labelNamesOf(json.moderation);
	const found = parsed.data.length ? parsed.data : evidenceSegments(json.moderation);
	if (!found.length) return missingSegments(json, task);

	const segments: SpeechSegment[] = [];
	for (const segment of found) {
		const text = segment.text.replace(/\s+/gu, ' ').trim();
		const id = segment.speaker === undefined ? '' : String(segment.speaker).trim();
		const speaker = id ? (options.names.get(id) ?? defaultName(id)) : undefined;
		if (!text || options.leftOut.has(id.toLowerCase())) continue;
		if (speaker && options.leftOut.has(speaker.toLowerCase())) continue;
		segments.push({
			start: segment.start,
			end: Math.max(segment.start, segment.end),
			...(speaker ? { speaker, speakerId: id } : {}),
			labels: options.showLabels
				? (segment.labels ?? []).map((code) => labelNames.get(code) ?? code)
				: [],
			text,
		});
	}
	if (!segments.length) {
		return {
			problem: {
				message: `${capitalized(task)} has no speech to format`,
				description: `All ${found.length} of its segments are empty or from speakers left out (Options > Speakers to Leave Out).`,
			},
		};
	}
	// Stable: segments that start together keep the vendor's order.
	return { segments: segments.sort((a, b) => a.start - b.start || a.end - b.end) };
}

/** "0" → "Speaker 0", "advisor" → "Advisor". */
function defaultName(id: string): string {
	return /^\d+$/.test(id) ? `Speaker ${id}` : capitalized(id);
}

function taskName(json: IDataObject): string {
	if (typeof json.taskId !== 'string' || !json.taskId) return 'the item';
	const vendor =
		typeof json.vendor === 'string' && json.vendor
			? `${VENDOR_NAMES[json.vendor] ?? capitalized(json.vendor)} `
			: '';
	return `${vendor}task ${json.taskId}`;
}

function capitalized(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Label names by code, from the task's moderation result (segments carry codes). */
function labelNamesOf(moderation: unknown): Map<string, string> {
	const names = new Map<string, string>();
	for (const label of labelsOf(moderation)) {
		if (typeof label.name === 'string' && label.code !== undefined)
			names.set(String(label.code), label.name);
	}
	return names;
}

function labelsOf(moderation: unknown): IDataObject[] {
	const labels = (moderation as IDataObject | undefined)?.labels;
	return Array.isArray(labels) ? (labels as IDataObject[]) : [];
}

/** Timed evidence of the moderation labels as segments: one per passage, with every label it has. */
function evidenceSegments(moderation: unknown): Array<z.infer<typeof segmentSchema>> {
	const byPassage = new Map<string, z.infer<typeof segmentSchema>>();
	for (const label of labelsOf(moderation)) {
		const evidence = Array.isArray(label.evidence) ? (label.evidence as IDataObject[]) : [];
		for (const { text, start, end } of evidence) {
			if (typeof start !== 'number' || typeof end !== 'number' || typeof text !== 'string')
				continue;
			const key = JSON.stringify([start, end, text]);
			const passage = byPassage.get(key) ?? { start, end, text, labels: [] };
			passage.labels!.push(String(label.name ?? label.code));
			byPassage.set(key, passage);
		}
	}
	return [...byPassage.values()];
}

function missingSegments(json: IDataObject, task: string): ItemSpeech {
	const status = json.status;
	const problem = (message: string, description: string) => ({
		problem: { message: capitalized(message), description },
	});
	if (task === 'the item') {
		return problem(
			'The item is not a task from an audio node: it has no segments',
			'Connect this node after an audio node that outputs a finished task: Create Task or Get Task Status waiting for completion, or a trigger.',
		);
	}
	if (status === 'queued' || status === 'running') {
		return problem(
			`${task} has no segments yet: it is ${status}`,
			'Format a finished task: let the audio node wait for it (Result Delivery "Wait for Completion" on Create Task, "Wait for Completion" on Get Task Status), or start the workflow from its trigger.',
		);
	}
	if (status === 'failed') {
		const error = json.error as IDataObject | undefined;
		const reason = error ? `${String(error.code)}: ${String(error.message)}` : 'no reason given';
		return problem(`${task} failed, so it has no segments`, `The vendor's error was ${reason}.`);
	}
	const moderation = json.moderation as IDataObject | undefined;
	// Nothing flagged: no passage to show is the true result, not a failure.
	if (moderation?.verdict === 'pass' && !labelsOf(moderation).length) return { segments: [] };
	if (moderation) {
		return problem(
			`${task} has no timed passages to format`,
			`Its moderation labels (${labelsOf(moderation).length}) have no start and end times. ${SOURCES}`,
		);
	}
	if (typeof json.transcript === 'string' && json.transcript.trim()) {
		return {
			transcript: json.transcript,
			...problem(
				`${task} has a transcript but no timed segments`,
				`Subtitles need the time of each sentence: one cue for the whole text is not a subtitle. ${SOURCES} Tencent's legacy API and Neunit give text only: Create Transcript makes it one paragraph.`,
			),
		};
	}
	return problem(`${task} has no segments to format`, SOURCES);
}
