import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { CallbackRequest } from '../common/callback';
import { readFormFields, readJsonBody } from '../common/callback';
import { includeRawResponseOption, readTaskOptions } from '../common/properties';
import { taskToJson } from '../common/taskModel';
import {
	checkCallbackToken,
	credentialValueAccepts,
	hasCallbackToken,
	refuse,
	TRIGGER_VERSIONS,
	triggerWebhook,
	unregisteredWebhook,
} from '../common/trigger';
import { niceStatusToTask } from './mapping';
import { downloadAndParse, parsedItems } from './results';

/** The push fields (seed section 6), JSON or form; undefined when it is not a push. */
async function readPush(request: CallbackRequest): Promise<IDataObject | { reason: string }> {
	const json = await readJsonBody(request);
	let push: IDataObject;
	if ('body' in json) push = json.body as IDataObject;
	else {
		const form = await readFormFields(request);
		if ('reason' in form) return { reason: 'the body is neither JSON nor form data' };
		push = form.fields;
		if (typeof push.task_extra_data === 'string' && push.task_extra_data.startsWith('{')) {
			try {
				push.task_extra_data = JSON.parse(push.task_extra_data) as IDataObject;
			} catch {
				// Kept as the text it is.
			}
		}
	}
	if (typeof push.task_no !== 'string' || !push.task_no) return { reason: 'task_no is missing' };
	if (!/^[1-5]$/.test(String(push.task_end_status ?? '')))
		return { reason: 'task_end_status is missing or unknown' };
	return push;
}

/** A presigned URL's deadline: its Expires parameter, else 24 hours after the push. */
function deadlineOf(url: unknown, ts: unknown): string | undefined {
	if (typeof url !== 'string' || !url) return undefined;
	let seconds = Number(new URL(url, 'http://x').searchParams.get('Expires'));
	if (!Number.isFinite(seconds) || seconds <= 0) seconds = Number(ts) + 24 * 3600;
	return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined;
}

/**
 * Receives the push NICE sends once per finished task, to a URL its support team registers.
 * NICE signs nothing: the URL carries a token, and the push's project key is checked.
 */
export class NiceSpeechAnalyticsTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'NICE Trigger',
		name: 'niceSpeechAnalyticsTrigger',
		icon: { light: 'file:nice.svg', dark: 'file:nice.dark.svg' },
		group: ['trigger'],
		...TRIGGER_VERSIONS,
		subtitle: 'Finished tasks',
		description: 'Starts the workflow when NICE pushes a finished analysis task',
		defaults: { name: 'NICE Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'niceApi', required: true }],
		// Answered as soon as n8n has started the execution; downloading the result happens in it.
		webhooks: triggerWebhook('push', 'onReceived'),
		properties: [
			{
				displayName:
					"NICE's support team (mengxuan.shi@zebra-c.com) registers the push URL: give them this trigger's Production URL followed by <code>?token=</code> and the Push Token below",
				name: 'pushNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Push Token',
				name: 'pushToken',
				type: 'string',
				typeOptions: { password: true },
				required: true,
				default: '',
				placeholder: 'e.g. the output of: openssl rand -hex 24',
				description:
					'A long random secret. Pushes whose URL lacks ?token= with this value are answered 401 and start no execution.',
			},
			{
				displayName: 'Project Key',
				name: 'projectKey',
				type: 'string',
				default: '',
				description:
					"Only pushes of this project start the workflow (others get 403); empty for the credential's Default Project Key",
			},
			{
				displayName: 'Output',
				name: 'resultOutput',
				type: 'options',
				options: [
					{
						name: 'The Pushed Task',
						value: 'push',
						description: 'Status, file URLs and their deadlines, user code, language, source',
					},
					{
						name: 'Parsed Result, Whole File',
						value: 'parsed',
						description: 'Download the result file (format 1.0) and output it parsed, in one item',
					},
					{
						name: 'Parsed Result, One Item per Segment',
						value: 'items',
						description:
							'Download the result file and output one item per segment, text ID or comment',
					},
				],
				default: 'push',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						...includeRawResponseOption,
						description: 'Whether to add the pushed fields to the output under `raw`',
					},
				],
			},
		],
	};

	webhookMethods = unregisteredWebhook((context) =>
		checkCallbackToken(
			context.getNode(),
			String(context.getNodeParameter('pushToken', '') ?? ''),
			'NICE signs nothing, so this token is what keeps strangers from starting the workflow.',
			'Push Token',
		),
	);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		if (!hasCallbackToken(this, String(this.getNodeParameter('pushToken', '') ?? ''))) {
			return refuse(this, 401, { errcode: 401, message: 'missing or wrong token' });
		}
		const push = await readPush(this.getRequestObject() as unknown as CallbackRequest);
		if ('reason' in push)
			return refuse(this, 400, { errcode: 400, message: `Not a NICE push: ${push.reason}` });

		// The node's Project Key, else the credential's Default Project Key; neither: any project.
		const ofProject = (key: string) => !key || push.project_key === key;
		const projectKey = String(this.getNodeParameter('projectKey', '') ?? '').trim();
		if (
			projectKey
				? !ofProject(projectKey)
				: !(await credentialValueAccepts(
						this,
						'niceApi',
						(credentials) => String(credentials.projectKey ?? '').trim(),
						ofProject,
					))
		) {
			return refuse(this, 403, { errcode: 403, message: 'push for another project' });
		}

		const task = niceStatusToTask(String(push.task_no), {
			task_end_status: Number(push.task_end_status),
		});
		const extra = (
			push.task_extra_data && typeof push.task_extra_data === 'object' ? push.task_extra_data : {}
		) as IDataObject;
		const json: IDataObject = {
			...taskToJson(task, readTaskOptions(this).includeRawResponse ? push : undefined),
			projectKey: push.project_key,
			taskFile: { url: push.task_file_url, deadline: deadlineOf(push.task_file_url, push.ts) },
			resultFile: {
				url: push.task_result_file_url,
				deadline: deadlineOf(push.task_result_file_url, push.ts),
				version: '1.0',
			},
			userCode: push.user_code,
			language: push.task_language_type,
			source: push.task_source,
			remark: push.remark,
			startTime: extra.start_time,
			extraData: extra,
		};
		return { webhookResponse: { errcode: 0, message: '成功' }, workflowData: [[{ json }]] };
	}

	/**
	 * The first step of the push's execution: when asked, downloads and parses the result file
	 * here rather than in the webhook, so NICE is answered at once.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output = this.getNodeParameter('resultOutput', 0, 'push') as 'push' | 'parsed' | 'items';
		if (output === 'push') return [items];
		const results: INodeExecutionData[] = [];
		for (const [itemIndex, item] of items.entries()) {
			const { json } = item;
			const url = (json.resultFile as IDataObject | undefined)?.url;
			if (json.status !== 'succeeded' || typeof url !== 'string' || !url) {
				results.push({ ...item, pairedItem: { item: itemIndex } });
				continue;
			}
			const { parsed } = await downloadAndParse(this, url, itemIndex);
			const task = niceStatusToTask(String(json.taskId), { task_end_status: 2 });
			for (const result of parsedItems(task, parsed, output))
				results.push({ ...result, pairedItem: { item: itemIndex } });
		}
		return [results];
	}
}
