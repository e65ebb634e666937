import type { IDataObject } from 'n8n-workflow';
import { z } from 'zod';

/**
 * The one shape every operation of every vendor returns for a task, so that a workflow
 * written against one vendor reads another's output the same way.
 */

export const taskStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed']);

/** Times are seconds from the start of the audio. */
export const evidenceSchema = z
	.object({
		text: z.string().optional(),
		start: z.number().nonnegative().optional(),
		end: z.number().nonnegative().optional(),
	})
	.strict();

export const moderationLabelSchema = z
	.object({
		name: z.string(),
		code: z.union([z.string(), z.number()]),
		level: z.number().optional(),
		evidence: z.array(evidenceSchema).optional(),
	})
	.strict();

export const moderationSchema = z
	.object({
		verdict: z.enum(['pass', 'review', 'block']),
		labels: z.array(moderationLabelSchema),
	})
	.strict();

export const segmentSchema = z
	.object({
		start: z.number().nonnegative(),
		end: z.number().nonnegative(),
		speaker: z.union([z.string(), z.number()]).optional(),
		text: z.string(),
		labels: z.array(z.string()).optional(),
	})
	.strict();

export const taskErrorSchema = z
	.object({
		code: z.union([z.string(), z.number()]),
		message: z.string(),
	})
	.strict();

export const taskSchema = z
	.object({
		vendor: z.string().min(1),
		taskId: z.string().min(1),
		status: taskStatusSchema,
		progress: z.number().min(0).max(100).optional(),
		transcript: z.string().optional(),
		/** Length of the recording in seconds, when the vendor reports it. */
		audioDuration: z.number().nonnegative().optional(),
		segments: z.array(segmentSchema).optional(),
		moderation: moderationSchema.optional(),
		error: taskErrorSchema.optional(),
		/** The caller's own reference for the task, echoed back by the vendor (a data id or callback field). */
		reference: z.string().optional(),
		createdAt: z.string().optional(),
		finishedAt: z.string().optional(),
	})
	.strict();

export type TaskStatus = z.infer<typeof taskStatusSchema>;
export type Segment = z.infer<typeof segmentSchema>;
export type Moderation = z.infer<typeof moderationSchema>;
export type ModerationLabel = z.infer<typeof moderationLabelSchema>;
export type TaskError = z.infer<typeof taskErrorSchema>;
export type Task = z.infer<typeof taskSchema>;

/** The key under which the vendor's unmodified reply travels when the user asks for it. */
export const RAW_RESPONSE_KEY = 'raw';

export function isFinished(task: Task): boolean {
	return task.status === 'succeeded' || task.status === 'failed';
}

/**
 * Validates a mapped task and turns it into an item's json. A mapping that produces an
 * invalid task is a bug in this package, so the zod error is thrown as it is.
 */
export function taskToJson(task: Task, raw?: unknown): IDataObject {
	const json = taskSchema.parse(task) as IDataObject;
	if (raw !== undefined) json[RAW_RESPONSE_KEY] = raw as IDataObject;
	return json;
}
