import type { IDataObject } from 'n8n-workflow';

import { YIDUN_AUTH_CODES } from '../../credentials/YidunApi.credentials';
import type { VendorCodeTable } from '../common/errors';
import type { ModerationLabel, Task, TaskStatus } from '../common/taskModel';

export const VENDOR = 'NetEase Yidun';

/** Business codes in Yidun's replies (HTTP 200 with `code` inside), from Yidun's public SDK. */
export const YIDUN_ERROR_CODES: VendorCodeTable = {
	'400': {
		meaning: 'bad request parameters',
		action: 'Check the node parameters (URL, lengths, task ids).',
	},
	'404': { meaning: 'service not found', action: 'Check the API host and the API version.' },
	'411': {
		meaning: 'call rate limit exceeded',
		action: 'Fewer calls: the node already waits and retries; run fewer drains at once.',
	},
	'500': { meaning: 'Yidun service error', action: 'Try again later.' },
	// The credential's own codes (keys, business ID, clock), where its Test button reads them.
	...YIDUN_AUTH_CODES,
	'5502': { meaning: 'parameter error', action: 'Check the node parameters.' },
	'5505': {
		meaning: 'invalid nonce',
		action: 'Run the node again; every request gets a new nonce.',
	},
	'5507': { meaning: 'no data', action: 'Nothing to return for this request.' },
	'5511': {
		meaning: 'duplicate request',
		action: 'The same request was sent twice; run the node again.',
	},
};

/** Top-level labels (label), from the seed; 700 and 900 are implied by its sub-label table. */
export const YIDUN_LABELS: Readonly<Record<string, string>> = {
	'100': 'Pornography (色情)',
	'200': 'Advertising (广告)',
	'300': 'Violence and terrorism (暴恐)',
	'400': 'Prohibited content (违禁)',
	'500': 'Politics (涉政)',
	'600': 'Abuse (谩骂)',
	'700': 'Spam (灌水)',
	'900': 'Other (其他)',
};

/** Sub-labels (subLabel), the seed's 细分类编码对应表. */
export const YIDUN_SUB_LABELS: Readonly<Record<string, string>> = {
	'100001': 'Pornography: other (色情其他)',
	'100002': 'Pornography: distribution (色情传播)',
	'100003': 'Pornography: sexual organs (色情性器官)',
	'100004': 'Pornography: flirting (色情挑逗)',
	'100005': 'Pornography: vulgar jokes (色情低俗段子)',
	'100006': 'Pornography: sexual acts (色情性行为)',
	'100007': 'Pornography: public incidents (色情舆情事件)',
	'100008': 'Pornography: dating (色情交友类)',
	'200009': 'Advertising: commercial promotion (商业推广)',
	'200010': 'Advertising: advertising law (广告法)',
	'200011': 'Advertising: fake engagement (刷量行为)',
	'200012': 'Advertising: other (广告其他)',
	'300016': 'Violence and terrorism: other (暴恐其他)',
	'400017': 'Prohibited content: other (违禁其他)',
	'500013': 'Politics: other (涉政其他)',
	'500014': 'Politics: special topics (涉政专项)',
	'500015': 'Politics: strict (严格涉政)',
	'600018': 'Abuse: other (谩骂其他)',
	'700019': 'Spam: other (灌水其他)',
	'900020': 'Other (其他)',
};

/** Why v3 recognition failed (asrResult). */
export const YIDUN_ASR_FAILURES: Readonly<Record<string, string>> = {
	'1': 'the file format is not supported (文件格式错误)',
	'2': 'the file could not be downloaded (文件下载失败)',
	'3': 'the file could not be parsed (解析失败)',
	'4': 'the file has no audio stream (音频流不存在)',
};

const VERDICTS = ['pass', 'review', 'block'] as const;

/** action (v3) / suggestion (v4): 0 pass, 1 suspect, 2 block. */
export function verdictOf(code: unknown): (typeof VERDICTS)[number] | undefined {
	return typeof code === 'number' ? VERDICTS[code] : undefined;
}

/** A label name for a label or sub-label code, falling back to the code for custom ones. */
export function labelName(code: string | number): string {
	const key = String(code);
	return YIDUN_SUB_LABELS[key] ?? YIDUN_LABELS[key] ?? `Custom label ${key}`;
}

const ms = (value: unknown) => (typeof value === 'number' && value >= 0 ? value / 1000 : undefined);
const seconds = (value: unknown) => (typeof value === 'number' && value >= 0 ? value : undefined);

function compact<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/** Labels of one v3 label entry: one per sub-label (or the label itself), with its hint segments as evidence. */
function v3Labels(entry: IDataObject): ModerationLabel[] {
	const details = (entry.details ?? {}) as IDataObject;
	const evidence = ((details.hint ?? []) as IDataObject[]).flatMap((hint) => {
		const segments = (hint.segments ?? []) as IDataObject[];
		const text = typeof hint.value === 'string' ? hint.value : undefined;
		return segments.length
			? segments.map((segment) =>
					compact({ text, start: ms(segment.startTime), end: ms(segment.endTime) }),
				)
			: [compact({ text })];
	});
	const level = entry.level === undefined ? undefined : Number(entry.level);
	const subLabels = ((entry.subLabels ?? []) as IDataObject[])
		.map((sub) => sub.subLabel as number | string)
		.filter((code) => code !== undefined);
	const codes = subLabels.length ? subLabels : [entry.label as number | string];
	return codes.map((code) =>
		compact({
			name: labelName(code),
			code: Number(code),
			level,
			evidence: evidence.length ? evidence : undefined,
		}),
	);
}

/** One result of the v3.1 drain (the seed's antispam item) → the common task model. */
export function yidunV3ResultToTask(result: IDataObject): Task {
	const status: TaskStatus =
		result.asrStatus === 3 ? 'succeeded' : result.asrStatus === 4 ? 'failed' : 'running';
	const task: Task = { vendor: 'yidun', taskId: String(result.taskId), status };
	if (typeof result.callback === 'string' && result.callback !== '')
		task.reference = result.callback;
	if (status === 'failed') {
		const reason = String(result.asrResult ?? '');
		task.error = {
			code: `ASR_${reason || 'FAILED'}`,
			message: YIDUN_ASR_FAILURES[reason] ?? 'Yidun could not check the audio',
		};
	}
	const verdict = verdictOf(result.action);
	if (status === 'succeeded' && verdict) {
		task.moderation = {
			verdict,
			labels: ((result.labels ?? []) as IDataObject[]).flatMap(v3Labels),
		};
	}
	return task;
}

/** One antispam result of the v4 drain or query → the common task model. */
export function yidunV4ResultToTask(antispam: IDataObject): Task {
	const status: TaskStatus =
		antispam.status === 2
			? 'succeeded'
			: antispam.status === 3
				? 'failed'
				: antispam.status === 0
					? 'queued'
					: 'running';
	const task: Task = { vendor: 'yidun', taskId: String(antispam.taskId), status };
	const reference = [antispam.dataId, antispam.callback].find(
		(value) => typeof value === 'string' && value !== '',
	);
	if (reference) task.reference = reference as string;
	if (status === 'failed') {
		task.error = {
			code: `FAILED_${String(antispam.failureReason ?? '')}`.replace(/_$/, ''),
			message: 'Yidun could not check the audio',
		};
	}
	const verdict = verdictOf(antispam.suggestion);
	if (status === 'succeeded' && verdict) {
		const byCode = new Map<number, ModerationLabel>();
		for (const segment of (antispam.segments ?? []) as IDataObject[]) {
			const evidence = compact({
				text: typeof segment.content === 'string' ? segment.content : undefined,
				start: seconds(segment.startTime),
				end: seconds(segment.endTime),
			});
			for (const entry of (segment.labels ?? []) as IDataObject[]) {
				const subLabels = ((entry.subLabels ?? []) as IDataObject[])
					.map((sub) => Number(sub.subLabel))
					.filter((code) => Number.isFinite(code));
				for (const code of subLabels.length ? subLabels : [Number(entry.label)]) {
					const label =
						byCode.get(code) ??
						compact({
							name: labelName(code),
							code,
							level: entry.level === undefined ? undefined : Number(entry.level),
							evidence: [],
						});
					label.evidence!.push(evidence);
					byCode.set(code, label);
				}
			}
		}
		task.moderation = { verdict, labels: [...byCode.values()] };
	}
	return task;
}
