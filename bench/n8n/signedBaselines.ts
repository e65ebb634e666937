/**
 * The signed-call rows of bench/perItem.bench.ts (scenario 1 of issue 12): for each operation,
 * our node against what users build today without it, a Code node signing every item (Node's
 * crypto module, which n8n allows only with NODE_FUNCTION_ALLOW_BUILTIN=crypto) and an HTTP
 * Request node (v4.2) sending the call. Both sides send the same request fields. Each workflow
 * ends in a "Check" Code node, not timed, that counts the replies the vendor refused: several
 * of these APIs refuse with HTTP 200 and a code, which the HTTP Request node passes on as data.
 *
 * The signatures below are written from /work/shared/vendors/*.md, apart from our credentials'.
 * The paths signed are the sandbox's (its vendor prefix, e.g. /tencent3/ where Tencent signs /),
 * and the host is the sandbox's, as a user pointing the same code at a proxy would sign them.
 */
import { DEMO_HUAWEI_ACCOUNT, demoHuaweiCredential } from '../../test/sandbox/vendors/huawei';
import { DEMO_ACCOUNT as DEMO_TENCENT_ACCOUNT } from '../../test/sandbox/vendors/tencent';
import { demoYidunCredential } from '../../test/sandbox/vendors/yidun';
import { itemGenerator, type BenchN8n, type WorkflowNode } from './harness';
import {
	HUAWEI_CATEGORIES,
	huaweiJobsPath,
	huaweiSigningCode,
	TENCENT3_CONTENT_TYPE,
	TENCENT_CALLBACK_URL,
	tencentApi3SigningCode,
	tencentLegacySigningCode,
	yidunSigningCode,
} from './signingCode';

export const SIGNED_OPERATIONS = ['yidun', 'tencent', 'tencent3', 'huawei'] as const;
export type SignedOperation = (typeof SIGNED_OPERATIONS)[number];

/** Tencent API 3.0 allows 20 CreateRecTask calls per second per account. */
export const TENCENT3_CREATES_PER_SECOND = 20;

/**
 * The baseline's batches 1,100 ms apart: at 1,000 ms, a batch that leaves a little late lands
 * 21 calls in one second of Tencent's window (3 of 100 refused in a run). Ours holds each slot
 * 100 ms longer than the second for the same reason.
 */
const TENCENT3_BATCH_INTERVAL_MS = 1100;

export interface SignedRow {
	operation: SignedOperation;
	/** The operation, as the table names it. */
	label: string;
	items: number;
	/** Input generator, our node ("Measured"), then Check. */
	ours: WorkflowNode[];
	/** Input generator, "Sign" (Code), "Measured" (HTTP Request), then Check. */
	baseline: WorkflowNode[];
	/** Waited before every run, untimed: a paced API's window must be empty at the start. */
	pauseMs: number;
	/** Printed under the table. */
	note?: string;
}

/**
 * One row: creates its credential in n8n and builds both workflows (not deployed). `items` is
 * the input size; Tencent API 3.0 takes its own (see perItem.bench.ts).
 */
export async function signedRow(
	bench: BenchN8n,
	operation: SignedOperation,
	items: number,
): Promise<SignedRow> {
	const { n8n, sandbox } = bench;
	const audio = itemGenerator({ url: 'https://example.com/recordings/a.wav' });
	const sign = (jsCode: string): WorkflowNode => ({
		name: 'Sign',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: { jsCode },
	});
	const request = (parameters: Record<string, unknown>): WorkflowNode => ({
		name: 'Measured',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'POST', options: {}, ...parameters },
	});
	const headers = (pairs: Record<string, string>) => ({
		sendHeaders: true,
		headerParameters: {
			parameters: Object.entries(pairs).map(([name, value]) => ({ name, value })),
		},
	});
	const credential = async (type: string, data: Record<string, unknown>) => {
		const name = `${type} (bench)`;
		return { [type]: { id: await n8n.createCredential(name, type, data), name } };
	};
	const ourNode = (
		type: string,
		typeVersion: number,
		parameters: Record<string, unknown>,
		credentials: WorkflowNode['credentials'],
	): WorkflowNode => ({
		name: 'Measured',
		type: `n8n-nodes-audio-tasks.${type}`,
		typeVersion,
		parameters,
		credentials,
	});

	// One credential serves both Tencent APIs, as in n8n: the legacy base URL and the 3.0 endpoint.
	const tencentCredential = () =>
		credential('tencentCloudAsrApi', {
			...DEMO_TENCENT_ACCOUNT,
			baseUrl: sandbox.vendorUrl('tencent'),
			apiEndpoint: sandbox.vendorUrl('tencent3'),
			signatureValiditySeconds: 3600,
		});

	switch (operation) {
		case 'yidun': {
			const yidun = await credential('yidunApi', demoYidunCredential(sandbox.vendorUrl('yidun')));
			return {
				operation,
				label: 'Yidun Submit Audio (v4, MD5)',
				items,
				pauseMs: 0,
				ours: [
					audio,
					ourNode(
						'yidunAudioModeration',
						1,
						{ operation: 'submitAudio', url: '={{ $json.url }}' },
						yidun,
					),
					check('json.status === "queued" && !!json.taskId'),
				],
				baseline: [
					audio,
					sign(yidunSigningCode()),
					request({
						url: `${sandbox.vendorUrl('yidun')}/v4/audio/submit`,
						sendBody: true,
						contentType: 'form-urlencoded',
						specifyBody: 'string',
						body: '={{ $json.form }}',
					}),
					check('json.code === 200'),
				],
			};
		}
		case 'tencent':
			return {
				operation,
				label: 'Tencent ASR legacy create (HMAC-SHA1)',
				items,
				pauseMs: 0,
				ours: [
					audio,
					ourNode(
						'tencentCloudAsr',
						2,
						{
							api: 'legacy',
							operation: 'createRecognitionTask',
							audioSource: 'url',
							audioUrl: '={{ $json.url }}',
							engineModelType: '16k_0',
							resultDelivery: 'callbackUrl',
							callbackUrl: TENCENT_CALLBACK_URL,
						},
						await tencentCredential(),
					),
					check('json.status === "queued" && !!json.taskId'),
				],
				baseline: [
					audio,
					sign(tencentLegacySigningCode(sandbox.vendorUrl('tencent'))),
					request({
						url: '={{ $json.url }}',
						...headers({
							Authorization: '={{ $json.authorization }}',
							'Content-Type': 'application/octet-stream',
						}),
					}),
					check('json.code === 0 && typeof json.requestId === "number"'),
				],
			};
		case 'tencent3':
			return {
				operation,
				label: 'Tencent ASR 3.0 CreateRecTask (TC3)',
				items,
				// The sandbox counts the calls of the last second: a run starting less than a second
				// after the previous one's last call could be refused for it.
				pauseMs: 1100,
				note: [
					`Tencent ASR 3.0 CreateRecTask: both sides paced to Tencent's ${TENCENT3_CREATES_PER_SECOND}/s per account,`,
					"ours by its shared limiter, the baseline by the HTTP Request node's Batching option",
					`(${TENCENT3_CREATES_PER_SECOND} items per batch, ${TENCENT3_BATCH_INTERVAL_MS} ms apart): at least`,
					`${Math.max(0, Math.ceil(items / TENCENT3_CREATES_PER_SECOND) - 1)} s for ${items} items,`,
					'so this row compares pacing more than signing.',
				].join(' '),
				ours: [
					audio,
					ourNode(
						'tencentCloudAsr',
						2,
						{
							api: 'api3',
							operation: 'createTask',
							audioSource: 'url',
							audioUrl: '={{ $json.url }}',
							engineModel: '16k_zh',
							channelNum: 1,
							resultTextFormat: 2,
							resultDelivery: 'none',
						},
						await tencentCredential(),
					),
					check('json.status === "queued" && !!json.taskId'),
				],
				baseline: [
					audio,
					sign(tencentApi3SigningCode(sandbox.vendorUrl('tencent3'))),
					request({
						url: `${sandbox.vendorUrl('tencent3')}/`,
						...headers({
							'X-TC-Action': 'CreateRecTask',
							'X-TC-Version': '2019-06-14',
							'X-TC-Timestamp': '={{ $json.timestamp }}',
							Authorization: '={{ $json.authorization }}',
						}),
						sendBody: true,
						contentType: 'raw',
						rawContentType: TENCENT3_CONTENT_TYPE,
						body: '={{ $json.body }}',
						options: {
							batching: {
								batch: {
									batchSize: TENCENT3_CREATES_PER_SECOND,
									batchInterval: TENCENT3_BATCH_INTERVAL_MS,
								},
							},
						},
					}),
					check('!!json.Response && !json.Response.Error && !!json.Response.Data.TaskId'),
				],
			};
		case 'huawei': {
			const huawei = await credential(
				'huaweiCloudApi',
				demoHuaweiCredential(sandbox.vendorUrl('huawei')),
			);
			return {
				operation,
				label: 'Huawei create audio job (AK/SK)',
				items,
				pauseMs: 0,
				ours: [
					audio,
					ourNode(
						'huaweiCloudModeration',
						1,
						{
							operation: 'createAudioModerationJob',
							audioUrl: '={{ $json.url }}',
							eventType: 'default',
							categories: HUAWEI_CATEGORIES,
							resultDelivery: 'none',
						},
						huawei,
					),
					check('json.status === "running" && !!json.taskId'),
				],
				baseline: [
					audio,
					sign(huaweiSigningCode(sandbox.vendorUrl('huawei'))),
					request({
						url: `${sandbox.vendorUrl('huawei')}${huaweiJobsPath()}`,
						...headers({
							'X-Project-Id': DEMO_HUAWEI_ACCOUNT.projectId,
							'X-Sdk-Date': '={{ $json.date }}',
							Authorization: '={{ $json.authorization }}',
						}),
						sendBody: true,
						contentType: 'raw',
						rawContentType: 'application/json',
						body: '={{ $json.body }}',
					}),
					check('typeof json.job_id === "string" && json.job_id.length > 0'),
				],
			};
		}
	}
}

/**
 * The last node: one item telling how many replies there were and how many the vendor refused
 * (`accepted` is a JS condition on a reply's `json`), with the first refusal to show.
 */
function check(accepted: string): WorkflowNode {
	return {
		name: 'Check',
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: {
			jsCode: `const accepted = (json) => ${accepted};
const replies = $input.all();
const refused = replies.filter((item) => !accepted(item.json));
return [{ json: { replies: replies.length, refused: refused.length, firstRefusal: refused[0]?.json ?? null } }];`,
		},
	};
}
