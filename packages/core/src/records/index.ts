export * from './call-record';
export * from './call-record-store';
export * from './call-record-keeper';
