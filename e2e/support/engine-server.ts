import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '@switchboard/server';
import { engineConfig } from '../../packages/server/test/calls/helpers';
import { ensureAdapterBuilt } from './server';

const root = new URL('../../', import.meta.url).pathname;

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
export async function startEngineServer(o: { base: number; rtp: { min: number; max: number }; sandboxRtp: { min: number; max: number } }): Promise<EngineServer> {
  await ensureAdapterBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-engine-'));
  const app = await buildApp({
    config: {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      workspaceFile: join(root, 'config/demo-workspace.yaml'),
      adapterDir: join(root, 'packages/adapter-ui/dist'),
      engine: { ...engineConfig(o.base, join(dataDir, 'recordings')), rtpPorts: o.rtp, sandboxRtpPorts: o.sandboxRtp },
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
