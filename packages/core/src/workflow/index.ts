export * from './errors';
export * from './validate-workflow';
export * from './workflow-runner';
export * from './dnis';
export * from './callback-store';
