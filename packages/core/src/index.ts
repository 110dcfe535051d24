export * from './workspace/types';
export * from './dialer/index';
export * from './agent/index';
