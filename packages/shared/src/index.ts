export * from './clock';
export * from './fake-clock';
export * from './errors';
export * from './state-machine';
export * from './typed-emitter';
export * from './logger';
export * from './ids';
export * from './secret-hash';
