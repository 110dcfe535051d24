export * from './workspace/types';
export * from './dialer/index';
