export * from './errors';
export * from './leg';
export * from './interaction-state';
export * from './recording';
export * from './types';
export * from './interaction';
export * from './capabilities';
export * from './info';
