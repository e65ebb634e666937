import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Where the result goes: a file, a field, or both; shown under `show`. `field` is the
 * operation's "Put Output in Field" (its own default and description).
 */
export function outputProperties(
	show: IDisplayOptions['show'],
	field: INodeProperties,
): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{ name: 'Binary File', value: 'file', description: 'A file to attach, upload or save' },
				{ name: 'Field', value: 'field', description: 'The result in a field of the item' },
				{ name: 'Both', value: 'both' },
			],
			default: 'file',
			displayOptions: { show },
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			hint: 'The name of the output binary field to put the file in',
			displayOptions: { show: { ...show, output: ['file', 'both'] } },
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: '',
			placeholder: 'e.g. call-42',
			description:
				"Leave empty for the task ID. The format's extension is added to a name without one.",
			displayOptions: { show: { ...show, output: ['file', 'both'] } },
		},
		{ ...field, displayOptions: { show: { ...show, output: ['field', 'both'] } } },
	];
}

/**
 * The input item, its fields and files kept, with the result added as a file and/or a
 * field: `text` is the file's content, `value` what the field gets (the text, unless given).
 */
export async function formattedItem(
	this: IExecuteFunctions,
	itemIndex: number,
	result: { text: string; value?: unknown; extension: string; mimeType: string },
	/** The file's name when neither the user nor a task ID names it. */
	unnamed: string,
): Promise<INodeExecutionData> {
	const input = this.getInputData()[itemIndex];
	const output = this.getNodeParameter('output', itemIndex, 'file') as string;
	const item: INodeExecutionData = { json: { ...input.json } };
	if (input.binary) item.binary = { ...input.binary };
	if (output === 'field' || output === 'both') {
		const field = named.call(this, 'outputField', 'Put Output in Field', itemIndex);
		item.json[field] = (result.value ?? result.text) as IDataObject;
	}
	if (output === 'file' || output === 'both') {
		const property = named.call(this, 'binaryPropertyName', 'Put Output File in Field', itemIndex);
		const taskId = input.json.taskId;
		const given = String(this.getNodeParameter('fileName', itemIndex, '')).trim();
		const base = given || (typeof taskId === 'string' && taskId ? taskId : unnamed);
		// A task ID may hold characters no file system takes in a name.
		const safe = given ? given : base.replace(/[\\/:*?"<>|]/g, '_');
		const fileName = /\.[^./\\]+$/.test(safe) ? safe : `${safe}.${result.extension}`;
		const file = await this.helpers.prepareBinaryData(
			Buffer.from(result.text, 'utf8'),
			fileName,
			result.mimeType,
		);
		// Every format is text: n8n previews a file only when it knows it is (not for SubRip's type).
		file.fileType ??= 'text';
		item.binary = { ...item.binary, [property]: file };
	}
	return item;
}

/** A field name parameter, which must name something. */
function named(
	this: IExecuteFunctions,
	parameter: string,
	displayName: string,
	itemIndex: number,
): string {
	const name = String(this.getNodeParameter(parameter, itemIndex, '')).trim();
	if (name) return name;
	throw new NodeOperationError(this.getNode(), `${displayName} is empty`, {
		itemIndex,
		description: 'Give the name of the field the result goes to.',
	});
}
