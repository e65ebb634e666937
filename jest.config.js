/** Tests run under the Node 24 binary that npm scripts put first on PATH (devDependency `node`). */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/jestSetup.ts'],
	reporters: ['default', '<rootDir>/test/harness/summaryReporter.js'],
	testTimeout: 30000,
	maxWorkers: 2,
};
