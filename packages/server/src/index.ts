export { buildApp, VERSION, type BuildAppOptions, type SwitchboardRuntime } from './app';
export { loadConfig, DEFAULT_THROTTLE, type ServerConfig, type LoginThrottleConfig } from './config';
export { PlaceholderVoiceConnector, ENGINE_NOT_RUNNING } from './voice/placeholder-voice-connector';
export { Metrics } from './metrics';
// For the e2e suites and benchmarks, which run the real server in-process.
export { DEMO_CARE_DNIS } from './calls/demo-call-flow';
export { DEMO_CALLER_ID } from './demo/demo-calls';
export { loadEngineConfig, type EngineConfig } from './calls/engine-config';
export type { TelephonyRuntime } from './calls/telephony-runtime';
