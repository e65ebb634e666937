import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { credentialsOfRun } from '../../nodes/common/credentialsOfRun';

/** A context whose credential reads are counted and whose key can be edited. */
function counted(extra: object = {}) {
	const state = { reads: 0, key: 'key-1' };
	const context = {
		...extra,
		getCredentials: async (): Promise<ICredentialDataDecryptedObject> => {
			state.reads++;
			return { secretKey: state.key };
		},
	};
	return { state, context: context as unknown as Parameters<typeof credentialsOfRun>[0] };
}

test('a node run reads its credential once, however many calls ask', async () => {
	const { state, context } = counted();
	const keys = await Promise.all(
		Array.from({ length: 5 }, (_, item) => credentialsOfRun(context, 'api', item)),
	);
	expect(keys.map((credentials) => credentials.secretKey)).toEqual(Array(5).fill('key-1'));
	expect(state.reads).toBe(1);
});

test("a polling trigger's context (one per activation) reads every time: an edited key counts at once", async () => {
	const { state, context } = counted({ __emit: () => undefined });
	expect((await credentialsOfRun(context, 'api', 0)).secretKey).toBe('key-1');
	state.key = 'key-2';
	expect((await credentialsOfRun(context, 'api', 0)).secretKey).toBe('key-2');
	expect(state.reads).toBe(2);
});

test('a read that fails is not kept', async () => {
	let fail = true;
	const context = {
		getCredentials: async () => {
			if (fail) throw new Error('unreadable');
			return { secretKey: 'key-1' };
		},
	} as unknown as Parameters<typeof credentialsOfRun>[0];
	await expect(credentialsOfRun(context, 'api', 0)).rejects.toThrow('unreadable');
	fail = false;
	expect((await credentialsOfRun(context, 'api', 0)).secretKey).toBe('key-1');
});
