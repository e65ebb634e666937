import type { INodeParameters } from 'n8n-workflow';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

import { runWorkflow } from '../harness/engine';
import { PACKAGE_NAME } from '../harness/packageTypes';
import { GOLDEN_INPUTS } from './inputs';

/**
 * Every format of every fixed input, run through n8n's engine, byte for byte against the
 * files in golden/. After a deliberate change of output, UPDATE_GOLDEN=1 rewrites them; read
 * the diff before committing it.
 */
const FORMATS: Record<string, INodeParameters> = {
	srt: { operation: 'createSubtitles', subtitleFormat: 'srt', speakerLabels: true },
	vtt: { operation: 'createSubtitles', subtitleFormat: 'vtt', speakerLabels: true },
	txt: { operation: 'createTranscript', transcriptFormat: 'text', includeTimestamps: true },
	md: { operation: 'createTranscript', transcriptFormat: 'markdown', includeTimestamps: true },
	json: { operation: 'createTranscript', transcriptFormat: 'json' },
};

const cases = Object.keys(GOLDEN_INPUTS).flatMap((input) =>
	Object.keys(FORMATS).map((format) => [`${input}.${format}`, input, format] as const),
);

test.each(cases)('%s', async (file, input, format) => {
	const result = await runWorkflow(
		{
			nodes: [
				{
					id: 'format',
					name: 'Audio Task Format',
					type: `${PACKAGE_NAME}.audioTaskFormat`,
					typeVersion: 1,
					position: [0, 0],
					parameters: FORMATS[format],
				},
			],
			connections: {},
		},
		{ input: [{ json: GOLDEN_INPUTS[input] }] },
	);
	expect(result.nodeError('Audio Task Format')).toBeUndefined();
	const [item] = result.output('Audio Task Format');
	const binary = item.binary!.data;
	expect(binary.fileName).toBe(`${GOLDEN_INPUTS[input].taskId as string}.${format}`);
	const text = Buffer.from(binary.data, 'base64').toString('utf8');
	const path = join(__dirname, 'golden', file);
	if (process.env.UPDATE_GOLDEN) writeFileSync(path, text);
	expect(text).toBe(readFileSync(path, 'utf8'));
});
