import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** Parameters several NICE operations and the trigger share. */

export const taskNoProperty = (show: IDisplayOptions['show']): INodeProperties => ({
	displayName: 'Task Number',
	name: 'taskNo',
	type: 'string',
	required: true,
	default: '',
	placeholder: '79f8da88c1aef0801d873571bededcf91d139413',
	description:
		'The task_no NICE returned when the task was created (taskId in the output of Create Task)',
	displayOptions: { show },
});

/** How a node outputs a result file. */
export type ResultOutput = 'url' | 'file' | 'parsed' | 'items';

export function resultOutputProperty(
	show: IDisplayOptions['show'],
	values: ResultOutput[] = ['url', 'file', 'parsed', 'items'],
): INodeProperties {
	const options = [
		{
			name: 'URL and Deadline',
			value: 'url',
			description: 'The file URL (valid 24 hours) and when it expires',
		},
		{
			name: 'Download as Binary',
			value: 'file',
			description: 'The file itself, in the binary field "data"',
		},
		{
			name: 'Parsed, Whole File',
			value: 'parsed',
			description: 'One item: the task with its segments and the parsed file',
		},
		{
			name: 'Parsed, One Item per Segment',
			value: 'items',
			description: 'One item per audio segment, per text ID, or per e-commerce comment',
		},
	].filter((option) => values.includes(option.value as ResultOutput));
	return {
		displayName: 'Output',
		name: 'resultOutput',
		type: 'options',
		options,
		default: 'url',
		displayOptions: { show },
	};
}

export const versionProperty = (show: IDisplayOptions['show']): INodeProperties => ({
	displayName: 'Result File Version',
	name: 'version',
	type: 'options',
	options: [
		{ name: '1.1 (Typed Lists)', value: '1.1' },
		{ name: '1.0 (Original Format)', value: '1.0' },
	],
	default: '1.1',
	description: 'Both parse to the same output',
	displayOptions: { show },
});
