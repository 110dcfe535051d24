import type { FastifyInstance } from 'fastify';
import type { CallDesk, WorkspaceConfig } from '@switchboard/core';
import type { Clock, Logger } from '@switchboard/shared';
import type { Store } from '@switchboard/store';
import type { TokenService } from '../auth/token-service';
import type { Metrics } from '../metrics';
import type { SessionHub } from '../sessions/session-hub';
import { AssistService } from './assist-service';
import { FloorHub } from './floor-hub';
import { FloorView } from './floor-view';
import { registerFloorGateway } from './floor-gateway';
import { QueueStats } from './queue-stats';

export interface FloorWiring {
  store: Store;
  sessions: SessionHub;
  workspace(): WorkspaceConfig;
  clock: Clock;
  logger: Logger;
  tokens: TokenService;
  metrics: Metrics;
  /** The call desk: its router's queues, and its calls' monitoring (absent with ENGINE=off). */
  desk?: Pick<CallDesk, 'router' | 'monitors' | 'on'> | undefined;
  helloTimeoutMs: number;
  maxSocketsPerUser: number;
  tokenRecheckMs?: number | undefined;
  flushMs?: number | undefined;
  sampleMs?: number | undefined;
}

export interface Floor {
  view: FloorView;
  hub: FloorHub;
  assist: AssistService;
  stats: QueueStats | undefined;
  /** Adds the floor WebSocket route (after the websocket plugin is registered). */
  registerGateway(app: FastifyInstance): void;
  close(): void;
}

/**
 * The supervisors' side in one place (so app.ts only calls this), built in order: today's queue
 * figures from the router's events, the floor view over the sessions and the router, the fan-out to
 * floor sockets, Request assistance; the floor WebSocket route is added by registerGateway().
 */
export function buildFloor(o: FloorWiring): Floor {
  const { desk } = o;
  const router = desk?.router;
  // The figures follow the router's events first; the hub, subscribed after, then sends them.
  const stats = router ? new QueueStats(o.clock, (queueId) => (o.workspace().queues.find((q) => q.id === queueId)?.serviceLevelSeconds ?? 20) * 1000) : undefined;
  if (router && stats) stats.watch(router);
  const view = new FloorView({
    workspace: o.workspace,
    clock: o.clock,
    views: () => o.sessions.views(),
    router,
    stats,
    monitorOf: desk ? (id) => desk.monitors.latest(id) : undefined,
  });
  const floorHub = new FloorHub({
    view,
    agentView: (id) => o.sessions.view(id),
    clock: o.clock,
    logger: o.logger,
    ...(o.flushMs !== undefined ? { flushMs: o.flushMs } : {}),
    ...(o.sampleMs !== undefined ? { sampleMs: o.sampleMs } : {}),
  });
  const offs = [o.sessions.watchViews((agentId) => floorHub.agentChanged(agentId))];
  // A supervisor starting, switching or stopping monitoring: that agent's row, to every floor that shows them.
  if (desk) offs.push(desk.on('monitor', ({ agentId }) => floorHub.agentChanged(agentId)));
  if (router) {
    for (const e of ['entered', 'answered', 'removed', 'overflow', 'offer', 'offer-withdrawn'] as const) offs.push(router.on(e, () => floorHub.queuesChanged()));
  }
  const assist = new AssistService({
    store: o.store,
    workspace: o.workspace,
    clock: o.clock,
    logger: o.logger,
    isOnline: (userId) => floorHub.isOnline(userId),
    currentCall: (agentId) => {
      const c = o.sessions.view(agentId)?.interaction;
      return c ? { id: c.id, customerNumber: c.customerNumber } : null;
    },
    toAgent: (agentId, json) => o.sessions.notifyAgent(agentId, json),
    toStaff: (userId, json) => floorHub.sendToUser(userId, json),
  });
  return {
    view,
    hub: floorHub,
    assist,
    stats,
    registerGateway(app) {
      registerFloorGateway(app, {
        hub: floorHub,
        view,
        assist,
        tokens: o.tokens,
        metrics: o.metrics,
        clock: o.clock,
        logger: o.logger,
        helloTimeoutMs: o.helloTimeoutMs,
        maxSocketsPerUser: o.maxSocketsPerUser,
        ...(o.tokenRecheckMs !== undefined ? { tokenRecheckMs: o.tokenRecheckMs } : {}),
      });
    },
    close() {
      for (const off of offs) off();
      stats?.close();
      floorHub.close();
    },
  };
}
