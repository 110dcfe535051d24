export { buildApp, VERSION, type BuildAppOptions, type SwitchboardRuntime } from './app';
export { loadConfig, DEFAULT_THROTTLE, type ServerConfig, type LoginThrottleConfig } from './config';
export { PlaceholderVoiceConnector, ENGINE_NOT_RUNNING } from './voice/placeholder-voice-connector';
export { Metrics } from './metrics';
