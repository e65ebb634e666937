/** The queue-mode suite: n8n on Redis and Postgres with workers and a webhook processor. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	reporters: ['default', '<rootDir>/test/harness/summaryReporter.js'],
	testTimeout: 120000,
	maxWorkers: 1,
};
