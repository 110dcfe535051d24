export * from './workspace/types';
export * from './dialer/index';
export * from './agent/index';
export * from './interaction/index';
export * from './routing/index';
export * from './wrap/index';
export * from './workflow/index';
export * from './dialing/index';
