export { SwitchboardClient, RECONNECT_DEFAULTS, type SwitchboardClientOptions, type RecordingSearchInput } from './client';
export { ApiError, isApiError, type SdkErrorCode } from './errors';
export type { ConnectionStatus, Ownership } from './event-stream';
export { FloorStream, type FloorHandlers } from './floor-stream';
export type { WebSocketLike, WebSocketCtor } from './websocket-like';
export type { FetchLike } from './http';
export { backoffDelay } from './backoff';
export { ConfigApi } from './config-api';
export { iceGathered, GATHER_LIMIT_MS, type IceGatheringPeer } from './ice-gathered';
