export * from './types';
export * from './errors';
export * from './binary-heap';
export * from './router';
export * from './readiness';
export * from './overflow';
