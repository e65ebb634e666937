/** The end-to-end suite: a real n8n (test/e2e/runtime) with the packed package installed. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	reporters: ['default', '<rootDir>/test/harness/summaryReporter.js'],
	testTimeout: 120000,
	maxWorkers: 1,
};
