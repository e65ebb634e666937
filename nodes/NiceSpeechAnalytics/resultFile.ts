import type { IDataObject } from 'n8n-workflow';

import type { Segment } from '../common/taskModel';
import { niceTime } from './mapping';

/**
 * NICE's result files (seed section 5), each format read into one shape: audio results in
 * the old (1.0) and new (1.1) formats give the same output, text results one entry per input
 * id, e-commerce results one entry per comment.
 */

/** An indicator ("指标"): its code and, for sentiment indicators, P(ositive), N(egative) or M(ixed/neutral). */
export interface NiceTag {
	code: string;
	polarity?: string;
}

export interface NiceCoding {
	/** Rule matches: keyword + adjective pairs, independent words, regular expressions. */
	rules: IDataObject[];
	/** Model predictions with their confidence. */
	models: IDataObject[];
	/** Values extracted (a number of 亩, a price…). */
	extractions: IDataObject[];
}

export interface AudioSegment extends IDataObject {
	index: number;
	speaker: string;
	start: number;
	end: number;
	/** When the segment really happened (NICE's real_bg), as NICE gives it. */
	realStart?: string;
	originalText: string;
	text: string;
	tags: NiceTag[];
	details: NiceCoding;
}

export type ParsedResult =
	| { kind: 'audio'; sex?: string; segments: AudioSegment[] }
	| { kind: 'text'; items: IDataObject[] }
	| { kind: 'ecommerce'; comments: IDataObject[] };

/** "P_PS810811" → {code: "PS810811", polarity: "P"} (1.0 writes polarity and code together). */
function prefixedTag(value: string): NiceTag {
	const match = /^([PNM])_(.+)$/.exec(value);
	return match ? { code: match[2], polarity: match[1] } : { code: value };
}

function tagOf(entry: IDataObject): NiceTag {
	const tag: NiceTag = { code: String(entry.tag ?? '') };
	if (typeof entry.sentiment === 'string' && entry.sentiment) tag.polarity = entry.sentiment;
	return tag;
}

const list = (value: unknown): unknown[] =>
	Array.isArray(value)
		? value
		: value === undefined || value === null || value === ''
			? []
			: [value];
const strings = (value: unknown) => list(value).map(String);

/** tags: "P_A:N_B" (1.0) or [{tag, sentiment}] (1.1). */
export function readTags(value: unknown): NiceTag[] {
	if (typeof value === 'string') return value.split(':').filter(Boolean).map(prefixedTag);
	return list(value).map((entry) => tagOf(entry as IDataObject));
}

/** tag_detail in either format → rules, models, extractions with the same fields. */
export function readCoding(detail: unknown): NiceCoding {
	const coding = (detail && typeof detail === 'object' ? detail : {}) as IDataObject;
	const byCode = (value: unknown) =>
		Array.isArray(value)
			? (value as IDataObject[]).map((entry) => ({ tag: tagOf(entry), entry }))
			: Object.entries((value ?? {}) as IDataObject).map(([key, entry]) => ({
					tag: prefixedTag(key),
					entry,
				}));
	const rules = byCode(coding.rule_coding).map(({ tag, entry }) => {
		const match = (entry ?? {}) as IDataObject;
		return {
			...tag,
			keywordAdj: list(match.keyword_adj) as IDataObject[],
			independent: strings(match.independent),
			regularExpression: strings(match.regular_expression),
		};
	});
	const models = byCode(coding.model_coding).map(({ tag, entry }) => {
		if (entry && typeof entry === 'object') {
			const model = entry as IDataObject;
			return {
				...tag,
				probability: Number(model.tag_prob),
				sentimentProbability: Number(model.sentiment_prob),
			};
		}
		return { ...tag, probability: Number(entry) };
	});
	const extractions = byCode(coding.info_extraction).map(({ tag, entry }) => {
		if (entry && typeof entry === 'object') {
			const value = ((entry as IDataObject).keyword_value ?? {}) as IDataObject;
			return { ...tag, keyword: value.keyword, value: value.value, distance: value.distance };
		}
		return { ...tag, value: entry };
	});
	return {
		rules: rules as IDataObject[],
		models: models as IDataObject[],
		extractions: extractions as IDataObject[],
	};
}

function audioSegment(entry: IDataObject, index: number): AudioSegment {
	const start = niceTime(entry.bg) ?? 0;
	const segment: AudioSegment = {
		index,
		speaker: String(entry.speaker ?? ''),
		start,
		end: Math.max(start, niceTime(entry.ed) ?? start),
		originalText: String(entry.original_content ?? entry.content ?? ''),
		text: String(entry.content ?? entry.original_content ?? ''),
		tags: readTags(entry.tags),
		details: readCoding(entry.tag_detail),
	};
	if (typeof entry.real_bg === 'string') segment.realStart = entry.real_bg;
	return segment;
}

function textItem(entry: IDataObject): IDataObject {
	return {
		id: String(entry.id ?? ''),
		sentences: list(entry.split_result).map((sentence) => ({
			sentence: String((sentence as IDataObject).sentence ?? ''),
			details: readCoding((sentence as IDataObject).tag_detail) as unknown as IDataObject,
		})),
		tags: readTags(entry.tags) as unknown as IDataObject[],
	};
}

function comment(index: string, entry: IDataObject): IDataObject {
	return {
		index,
		generalSentiment: entry.general_sentiment,
		phrases: list(entry.tag_detail).map((detail) => {
			const phrase = detail as IDataObject;
			const sentiment = (phrase.sentiment ?? {}) as IDataObject;
			return {
				phrase: phrase.phrase,
				attribution: phrase.attribution,
				judgement: phrase.judgement,
				relation: phrase.relation,
				postag: phrase.postag,
				labels: list(phrase.label).map((label) => ({
					...(((label as IDataObject).decision ?? {}) as IDataObject),
					reason: (label as IDataObject).reason,
				})),
				sentiment: sentiment.decision,
				sentimentReason: sentiment.reason,
			};
		}),
		scenes: list(entry.scene_result).map((scene) => ({
			...(((scene as IDataObject).label ?? {}) as IDataObject),
			reason: (scene as IDataObject).reason,
		})),
	};
}

/** Reads a result file's text; undefined when it is none of NICE's formats. */
export function parseResultFile(text: string): ParsedResult | undefined {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch {
		return undefined;
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
	const file = parsed as IDataObject;
	if (Array.isArray(file.data)) {
		const entries = file.data as IDataObject[];
		if (entries.some((entry) => 'split_result' in entry))
			return { kind: 'text', items: entries.map(textItem) };
		const result: ParsedResult = { kind: 'audio', segments: entries.map(audioSegment) };
		if (typeof file.sex === 'string') result.sex = file.sex;
		return result;
	}
	const comments = Object.entries(file).filter(
		([, entry]) =>
			entry && typeof entry === 'object' && 'general_sentiment' in (entry as IDataObject),
	);
	return comments.length
		? {
				kind: 'ecommerce',
				comments: comments.map(([index, entry]) => comment(index, entry as IDataObject)),
			}
		: undefined;
}

/** The task model's segments and transcript from an audio result (noise left out of the transcript). */
export function audioTranscript(segments: AudioSegment[]): {
	segments: Segment[];
	transcript: string;
} {
	return {
		segments: segments.map((segment) => ({
			start: segment.start,
			end: segment.end,
			speaker: segment.speaker,
			text: segment.text,
			...(segment.tags.length ? { labels: segment.tags.map((tag) => tag.code) } : {}),
		})),
		transcript: segments
			.filter((segment) => segment.speaker !== 'noise' && segment.text)
			.map((segment) => segment.text)
			.join('\n'),
	};
}
