import type { FastifyInstance } from 'fastify';
import { join } from 'node:path';
import { engineConfig } from '../../packages/server/test/calls/helpers';
import { startDemoApp } from './server';

export interface EngineServer {
  baseUrl: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/**
 * The real server in-process with the telephony engine and the sandbox carrier on
 * (so the demo caller is on too), the demo workspace and the built adapter at /.
 * Ports: SIP `base`, sandbox SIP `base + 10`, RTP and sandbox RTP as given; HTTP on port 0.
 */
export function startEngineServer(o: { base: number; rtp: { min: number; max: number }; sandboxRtp: { min: number; max: number } }): Promise<EngineServer> {
  return startDemoApp('switchboard-e2e-engine-', (dataDir) => ({
    engine: { ...engineConfig(o.base, join(dataDir, 'recordings')), rtpPorts: o.rtp, sandboxRtpPorts: o.sandboxRtp },
  }));
}
