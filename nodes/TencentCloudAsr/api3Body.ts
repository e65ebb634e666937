import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { binarySize, formatBytes } from '../common/binary';
import { httpUrlParameter } from '../common/url';

/** Data may carry at most 5 MB of audio (before base64). */
export const MAX_DATA_BYTES = 5 * 1024 * 1024;

/** The CreateRecTask body from the parameters, checked before anything is sent. */
export async function createRecTaskBody(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<IDataObject> {
	const channels = Number(context.getNodeParameter('channelNum', itemIndex, 1));
	const engine = String(context.getNodeParameter('engineModel', itemIndex)).trim();
	const body: IDataObject = {
		EngineModelType: engine,
		ChannelNum: channels,
		ResTextFormat: Number(context.getNodeParameter('resultTextFormat', itemIndex, 2)),
	};
	if (channels === 2 && !engine.startsWith('8k')) {
		throw new NodeOperationError(
			context.getNode(),
			`Two channels need an 8k telephone engine, not "${engine}"`,
			{ itemIndex },
		);
	}
	const recognition = context.getNodeParameter('recognition', itemIndex, {}) as IDataObject;
	if (recognition.speakerDiarization) {
		if (channels !== 1)
			throw new NodeOperationError(
				context.getNode(),
				'Speaker diarization needs mono audio (Channel Count 1)',
				{
					itemIndex,
				},
			);
		body.SpeakerDiarization = 1;
		// The panel keeps the count in range; an expression or the API can still send anything.
		const speakers = Number(recognition.speakerNumber ?? 0);
		if (!Number.isInteger(speakers) || speakers < 0 || speakers > 10)
			throw new NodeOperationError(
				context.getNode(),
				`Speaker Count is ${String(recognition.speakerNumber)}; Tencent takes 1 to 10, or 0 to detect the number`,
				{ itemIndex },
			);
		body.SpeakerNumber = speakers;
	}
	const hotwords = String(recognition.hotwordList ?? '').trim();
	const badHotword = hotwords
		? hotwords
				.split(',')
				.map((entry) => entry.trim())
				.find((entry) => !/^[^|]+\|\d+$/.test(entry))
		: undefined;
	if (badHotword !== undefined)
		throw new NodeOperationError(
			context.getNode(),
			`Hotwords: "${badHotword}" is not word|weight`,
			{
				itemIndex,
				description: 'Give comma-separated word|weight pairs, e.g. 腾讯云|10,语音识别|5.',
			},
		);
	const copy: Array<[string, string]> = [
		['hotwordId', 'HotwordId'],
		['hotwordList', 'HotwordList'],
		['customizationId', 'CustomizationId'],
	];
	for (const [from, to] of copy) if (recognition[from]) body[to] = String(recognition[from]).trim();
	for (const [from, to] of [
		['filterDirty', 'FilterDirty'],
		['filterModal', 'FilterModal'],
		['filterPunc', 'FilterPunc'],
		['convertNumMode', 'ConvertNumMode'],
	]) {
		if (recognition[from] !== undefined) body[to] = Number(recognition[from]);
	}

	if (context.getNodeParameter('audioSource', itemIndex) === 'url') {
		body.SourceType = 0;
		body.Url = httpUrlParameter(context, context.getNodeParameter('audioUrl', itemIndex), {
			field: 'Audio URL',
			maxLength: 2048,
			limit: 'Tencent accepts at most 2048',
			itemIndex,
		});
		return body;
	}
	const field = String(context.getNodeParameter('binaryPropertyName', itemIndex));
	const binaryData = context.helpers.assertBinaryData(itemIndex, field);
	const size = await binarySize(context, binaryData);
	if (size > MAX_DATA_BYTES) {
		throw new NodeOperationError(
			context.getNode(),
			`The file in "${field}" is ${formatBytes(size)}; API 3.0 takes at most 5 MB as data`,
			{
				itemIndex,
				description:
					'Nothing was sent. Put the recording where Tencent can download it and use Audio Source: URL (up to 5 hours and 1 GB).',
			},
		);
	}
	const audio = await context.helpers.getBinaryDataBuffer(itemIndex, field);
	body.SourceType = 1;
	body.Data = audio.toString('base64');
	body.DataLen = audio.length;
	return body;
}
