/**
 * protocol's second public entry: the wire's plain constants (error codes, close codes,
 * event names) without the zod schemas, so a browser bundle that only needs them (the sdk,
 * the adapter, the workspace pages) does not carry zod. index.ts re-exports all of it.
 */
export * from './error-code-list';
export * from './close-codes';
export * from './event-names';
export * from './config-sections';
