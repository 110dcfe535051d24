export * from './errors';
export * from './phone-number';
export * from './dial-failure';
export * from './manual-dial';
export * from './dial-plan';
export * from './call-me-number';
