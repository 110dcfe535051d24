export * from './error-codes';
export * from './auth';
export * from './agent-view';
export * from './commands';
export * from './events';
export * from './supervisor';
export * from './routes';
export * from './openapi';
