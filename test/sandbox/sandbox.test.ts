import axios from 'axios';

import { useSandbox } from '../harness/fixtures';

const { sandbox, client } = useSandbox();
const http = axios.create({ validateStatus: () => true, proxy: false });
/** Sends string bodies byte for byte (axios would re-encode an unparsable string as a JSON string). */
const raw = axios.create({
	validateStatus: () => true,
	proxy: false,
	headers: { 'content-type': 'application/json' },
	transformRequest: [(data) => data],
});
const statusUrl = () => `${sandbox().vendorUrl('neunit')}/cloud/asr/v1/get_task_status`;

describe('sandbox: Neunit emulator', () => {
	test("a malformed JSON body gets the vendor's parse error, and the sandbox keeps serving", async () => {
		const malformed = await raw.post(statusUrl(), '{"task_id": "q-1",');
		expect(malformed.status).toBe(200);
		expect(malformed.data).toMatchObject({ code: 10101004, data: null });
		// The seed's own example has a trailing comma: strict JSON refuses it too.
		expect(
			(await raw.post(statusUrl(), '{\n  "task_id": "q-FZXUkFrnXKIZueZFKc",\n}')).data.code,
		).toBe(10101004);
		const received = await client().requests('neunit');
		expect(received.map((request) => request.body)).toEqual([
			'{"task_id": "q-1",',
			'{\n  "task_id": "q-FZXUkFrnXKIZueZFKc",\n}',
		]);
		const taskId = await client().neunit.createTask({ status: 2 });
		expect((await http.post(statusUrl(), { task_id: taskId })).data).toMatchObject({
			code: 0,
			msg: 'OK',
			data: { status: 2 },
		});
	});

	test('a missing or empty task id gets "data is empty"', async () => {
		expect((await http.post(statusUrl(), {})).data.code).toBe(10101003);
		expect((await http.post(statusUrl(), { task_id: '' })).data.code).toBe(10101003);
		expect((await http.post(statusUrl(), [1, 2])).data.code).toBe(10101004);
	});

	test("replies follow the seed's envelope", async () => {
		const taskId = await client().neunit.createTask({ status: 1, percent: 12.5 });
		const { data } = await http.post(statusUrl(), { task_id: taskId });
		expect(Object.keys(data).sort()).toEqual(['code', 'data', 'msg', 'rid']);
		expect(Object.keys(data.data).sort()).toEqual(['error_msg', 'percent', 'result', 'status']);
		expect(data.rid).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('a task moves one step per query, and the control API can move it too', async () => {
		const taskId = await client().neunit.createTask({
			status: 0,
			steps: [
				{ status: 1, percent: 50 },
				{ status: 2, percent: 100, result: 'done' },
			],
		});
		const statuses = [];
		for (let query = 0; query < 4; query++)
			statuses.push((await http.post(statusUrl(), { task_id: taskId })).data.data.status);
		expect(statuses).toEqual([0, 1, 2, 2]);
		await client().neunit.advance(taskId, { status: 3, error_msg: 'bad audio' });
		expect((await http.post(statusUrl(), { task_id: taskId })).data.data).toMatchObject({
			status: 3,
			error_msg: 'bad audio',
		});
	});

	test('a clock-driven task advances on its own', async () => {
		const taskId = await client().neunit.createTask({
			status: 0,
			stepEveryMs: 30,
			steps: [{ status: 1 }, { status: 2, result: 'ok' }],
		});
		expect((await http.post(statusUrl(), { task_id: taskId })).data.data.status).toBe(0);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect((await http.post(statusUrl(), { task_id: taskId })).data.data).toMatchObject({
			status: 2,
			result: 'ok',
		});
	});

	test('required headers are enforced', async () => {
		await client().neunit.requireHeaders({ 'X-Api-Key': 'k' });
		expect((await http.post(statusUrl(), { task_id: 'x' })).status).toBe(401);
		expect(
			(await http.post(statusUrl(), { task_id: 'x' }, { headers: { 'X-Api-Key': 'k' } })).data.code,
		).toBe(404);
	});

	test('wrong method and path are refused', async () => {
		expect((await http.get(statusUrl())).status).toBe(405);
		expect((await http.post(`${sandbox().vendorUrl('neunit')}/cloud/asr/v1/nope`, {})).status).toBe(
			404,
		);
		expect((await http.post(`${sandbox().url}/no-vendor/x`, {})).status).toBe(404);
	});
});

describe('sandbox: faults and the request log', () => {
	test('each fault applies to the given number of requests, then the vendor answers normally', async () => {
		const taskId = await client().neunit.createTask({ status: 2 });
		await client().injectFault({
			vendor: 'neunit',
			kind: 'status',
			status: 429,
			retryAfterSeconds: 3,
			times: 2,
		});
		const first = await http.post(statusUrl(), { task_id: taskId });
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('3');
		expect((await http.post(statusUrl(), { task_id: taskId })).status).toBe(429);
		expect((await http.post(statusUrl(), { task_id: taskId })).data.code).toBe(0);
	});

	test('reset drops the connection; malformed answers broken JSON', async () => {
		await client().injectFault({ vendor: 'neunit', kind: 'reset' });
		await expect(http.post(statusUrl(), { task_id: 'x' })).rejects.toMatchObject({
			code: 'ECONNRESET',
		});
		await client().injectFault({ vendor: 'neunit', kind: 'malformed' });
		const malformed = await http.post(statusUrl(), { task_id: 'x' }, { responseType: 'text' });
		expect(() => JSON.parse(malformed.data)).toThrow();
	});

	test('slow delays the answer', async () => {
		await client().injectFault({ vendor: 'neunit', kind: 'slow', delayMs: 150 });
		const started = Date.now();
		await http.post(statusUrl(), { task_id: 'x' });
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	test('the request log records every request with what was answered, and reset clears it', async () => {
		await client().injectFault({ vendor: 'neunit', kind: 'reset' });
		await http.post(statusUrl(), { task_id: 'a' }).catch(() => undefined);
		await http.post(statusUrl(), { task_id: 'b' }, { headers: { 'X-Custom': '1' } });
		const log = await client().requests('neunit');
		expect(log.map((request) => [JSON.parse(request.body).task_id, request.answered])).toEqual([
			['a', 'reset'],
			['b', 200],
		]);
		expect(log[1].headers['x-custom']).toBe('1');
		await client().reset();
		expect(await client().requests()).toEqual([]);
	});

	test('control errors are reported, not crashes', async () => {
		expect(
			(await http.post(`${sandbox().url}/__control/faults`, { vendor: 'nobody', kind: 'reset' }))
				.status,
		).toBe(400);
		expect(
			(await http.post(`${sandbox().url}/__control/neunit/advance`, { taskId: 'missing' })).status,
		).toBe(400);
		expect((await raw.post(`${sandbox().url}/__control/neunit/tasks`, '{bad')).status).toBe(400);
		expect((await raw.post(`${sandbox().url}/__control/neunit/tasks`, '"a string"')).status).toBe(
			400,
		);
	});
});
