import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import fastifyStatic from '@fastify/static';
import type { Logger as PinoLogger } from 'pino';
import { buildOpenApi } from '@switchboard/protocol';
import { systemClock, type Clock, type Logger } from '@switchboard/shared';
import { loadWorkspaceFile, openStore, parseWorkspace, type LoadWorkspaceOptions, type Store } from '@switchboard/store';
import { loadConfig, type ServerConfig } from './config';
import { LoginThrottle } from './auth/login-throttle';
import { TokenService } from './auth/token-service';
import { frameworkErrors, installErrorHandler } from './http/error-handler';
import { apiHandlers } from './http/api-handlers';
import { registerRoutes } from './http/register-routes';
import { documentClientIdHeader, documentErrorStatuses } from './http/openapi-extras';
import { demoStartLimit } from './http/rate-limits';
import { STATUS_BY_CODE } from './http/error-status';
import { registerSecurityHeaders } from './http/security-headers';
import { registerCors } from './http/cors';
import { AllowedOrigins } from './http/allowed-origins';
import { ServiceNowTable } from './crm/servicenow-table';
import { checkMetricsAccess } from './http/metrics-access';
import { withRedactedRequests } from './http/request-log';
import { registerAdapterIndex } from './http/adapter-index';
import { capConnectionsPerAddress, timeoutOptions } from './http/connection-limits';
import { Metrics, timeRoutingDecisions } from './metrics';
import { SessionHub } from './sessions/session-hub';
import { AgentSessionDirectory } from './sessions/session-directory';
import { transferDestinationsFor } from './calls/transfer-destinations';
import { MonitorService, engineWebrtc } from './floor/monitor-service';
import { monitorHandlers } from './floor/monitor-handlers';
import { WorkspaceReloader } from './workspace-reloader';
import { ConfigService } from './config/config-service';
import { configHandlers } from './config/config-handlers';
import { buildFloor, type Floor } from './floor/wire-floor';
import { PlaceholderVoiceConnector } from './voice/placeholder-voice-connector';
import { TelephonyRuntime } from './calls/telephony-runtime';
import { addTelephonyMetrics } from './calls/telephony-metrics';
import { CallCommands } from './calls/call-commands';
import { CLOSE, registerEventGateway } from './ws/event-gateway';
import { DemoCalls } from './demo/demo-calls';
import { centerInbound } from './demo/center-inbound';
import { PhoneCredentials } from './phones/phone-credentials';
import { phoneAuthOptions } from './phones/phone-auth';
import { RecordingService } from './recordings/recording-service';
import { RetentionJob } from './recordings/retention-job';
import { recordingHandlers } from './recordings/recording-handlers';
import { recordingsPolicy } from './recordings/recording-policy';
import { ReportService } from './reports/report-service';

export const VERSION = '0.1.0';

export interface BuildAppOptions {
  config?: Partial<ServerConfig>;
  clock?: Clock;
  /** A pino logger (main passes one); default: no logs. */
  logger?: PinoLogger;
  /** PostgreSQL schema (tests isolate themselves with one). */
  pgSchema?: string;
  /** How the workspace file's plaintext secrets are hashed (tests and the bench may pass a cheaper one). */
  workspaceHash?: LoadWorkspaceOptions['hash'];
  helloTimeoutMs?: number;
  /** How often an event socket's token is checked against the store again (default 15 s). */
  tokenRecheckMs?: number;
  /** How long the floor gathers changes before sending them (default 50 ms). */
  floorFlushMs?: number;
}

export interface SwitchboardRuntime {
  config: ServerConfig;
  store: Store;
  hub: SessionHub;
  metrics: Metrics;
  voice: PlaceholderVoiceConnector;
  /** The telephony engine, sandbox and call center (absent with ENGINE=off). */
  telephony: TelephonyRuntime | undefined;
  /** The supervisors' floor, its sockets and Request assistance. */
  floor: Floor;
  /** Stop taking work, close sockets with 1001, finish in-flight requests, close the store. */
  shutdown(): Promise<void>;
  readonly shuttingDown: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    switchboard: SwitchboardRuntime;
  }
}

/** The same defaults as an empty environment gives. */
const DEFAULTS: ServerConfig = loadConfig({});

/**
 * The composition root: opens (and migrates) the store, loads the workspace
 * file into it (a bad file throws WorkspaceError listing every problem), and
 * wires auth, the REST routes from protocol's table, the event WebSocket,
 * health, metrics and the adapter's static files.
 */
export async function buildApp(opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const config: ServerConfig = { ...DEFAULTS, ...opts.config, throttle: { ...DEFAULTS.throttle, ...opts.config?.throttle } };
  // Embedded (tests, bench): no engine unless asked for; main passes the environment's (ENGINE=on by default).
  config.engine = opts.config?.engine ?? { ...DEFAULTS.engine, enabled: false };
  const clock = opts.clock ?? systemClock;

  const app = Fastify({
    // Request logs redact secret-looking query values (http/request-log.ts).
    ...(opts.logger ? { loggerInstance: withRedactedRequests(opts.logger) as unknown as FastifyBaseLogger } : { logger: false }),
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    // A union here trips Fastify's http/http2 overloads; each branch is valid for http.
    trustProxy: config.trustProxy as boolean,
    // A path that cannot be decoded answers in the API's error shape (http/error-handler.ts).
    frameworkErrors,
    // Header, request and idle timeouts; half-sent requests are dropped without a log line each.
    ...timeoutOptions({
      headersTimeoutMs: config.headersTimeoutMs,
      requestTimeoutMs: config.requestTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      perAddress: config.connectionsPerAddress,
    }),
  });
  const connectionCap = capConnectionsPerAddress(app.server, config.connectionsPerAddress);
  const log = app.log as unknown as Logger;

  const store = await openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir, sqliteSync: config.sqliteSync }),
    ...(opts.pgSchema ? { pgSchema: opts.pgSchema } : {}),
    logger: log.child({ component: 'store' }),
    clock,
  });
  const tokens = new TokenService(store.tokens, clock, config.tokenTtlMs, config.tokenCacheMs);
  // 1. The workspace file (holders built from it are added below, in the order they apply a reload).
  const workspace = new WorkspaceReloader(config.workspaceFile, () => loadWorkspaceFile(config.workspaceFile, opts.workspaceHash ? { hash: opts.workspaceHash } : {}), store);
  // Agents' phone credentials follow every load: agents without a password of their own get the
  // shared SIP_PHONE_PASSWORD's HA1s (phones/phone-credentials.ts).
  const phones = new PhoneCredentials({
    store,
    clock,
    log: log.child({ component: 'phones' }),
    workspace: () => (workspace.loaded ? workspace.current : undefined),
    sharedPassword: config.phones.sharedPassword ? config.engine.phonePassword : undefined,
  });
  // The CRM origins in force: CRM_ORIGINS plus the file's crm.allowedOrigins, following every reload.
  const crmOrigins = new AllowedOrigins(config.crmOrigins);
  workspace.add({ name: 'crm origins', apply: (ws) => crmOrigins.apply(ws) });
  workspace.add({ name: 'phones', apply: (ws) => (config.engine.enabled ? phones.seed(ws).then(() => undefined) : phones.load()) });
  try {
    const counts = await workspace.reload();
    log.info({ file: config.workspaceFile, counts }, 'workspace loaded');
    // Sessions are in memory: any the audit still shows open ended with the last run.
    const closed = await store.audit.closeOpenSessions(clock.now(), 'server restarted');
    if (closed) log.info({ sessions: closed }, 'sessions left open by the last run closed in the audit');
  } catch (err) {
    await store.close();
    throw err;
  }

  // 2. Where live agent sessions are found (the hub registers them; telephony reports to them).
  const directory = new AgentSessionDirectory();
  const voice = new PlaceholderVoiceConnector({
    callInNumber: () => workspace.current.callInNumber,
    agentNumber: (agentId) => directory.session(agentId)?.agent.agentNumber ?? '',
  });

  // 3. Telephony: the engine, the sandbox carrier, voice paths and core's call desk.
  let telephony: TelephonyRuntime | undefined;
  if (config.engine.enabled) {
    try {
      telephony = await TelephonyRuntime.start({
        config: config.engine,
        host: config.host,
        clock,
        logger: log.child({ component: 'calls' }),
        workspace: () => workspace.current,
        sessions: directory,
        records: store.calls,
        callbacks: store.callbacks,
        // Campaign announcements name files relative to the workspace file.
        announcementsDir: dirname(resolve(config.workspaceFile)),
        phones: phoneAuthOptions({ credentials: phones, config: config.phones, algorithms: config.engine.digestAlgorithms, store, clock, log: log.child({ component: 'phones' }) }),
      });
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  const tel = telephony;
  // The demo caller: a public page that calls into the IVR, so only with the sandbox unless asked for.
  const dc = config.demoCaller;
  const demo =
    tel && (dc.mode === 'on' || (dc.mode === 'auto' && tel.sandbox))
      ? new DemoCalls({
          engine: tel.stack.engine,
          center: centerInbound(tel.desk),
          workspace: () => workspace.current,
          clock,
          logger: log.child({ component: 'demo-caller' }),
          config: { enabled: true, maxCalls: dc.maxCalls, perMinute: dc.perMinute, ...(dc.connectSeconds !== undefined ? { connectSeconds: dc.connectSeconds } : {}) },
        })
      : undefined;
  if (demo) log.info({ page: '/demo-caller/', numbers: demo.numbers().map((n) => n.number) }, 'demo caller on (a simulated customer in the browser)');
  // 4. The agent sessions and their sockets; they follow the desk's call changes.
  const sessions = new SessionHub({
    store,
    clock,
    logger: log.child({ component: 'sessions' }),
    voice: tel ? tel.voice : voice,
    requestIdTtlMs: config.requestIdTtlMs,
    directory,
    ...(tel ? { calls: new CallCommands(tel.desk), onSessionEvent: (agentId, e) => tel.sessionEvent(agentId, e), decorateView: (agentId, v) => tel.decorateView(agentId, v) } : {}),
  });
  tel?.desk.on('changed', ({ agentId }) => sessions.publishView(agentId));

  // 5. A reload reaches every holder: removed users' tokens and sessions, pause reasons and campaigns, then trunks and queues.
  workspace.add({
    name: 'sessions',
    apply: async (ws) => {
      // The store revoked removed users' tokens; forget cached ones and end their sessions.
      tokens.forgetCached();
      sessions.endRemoved(new Set(ws.agents.map((a) => a.id)));
      await sessions.refreshWorkspace();
    },
  });
  if (tel) workspace.add({ name: 'trunks', check: (ws) => tel.checkTrunks(ws), apply: (ws) => tel.applyWorkspace(ws) });
  const metrics = new Metrics(() => sessions.counts());
  metrics.readAtScrape(
    'switchboard_http_connections_refused_total',
    'counter',
    'TCP connections closed at once: the client address had MAX_CONNECTIONS_PER_ADDRESS open',
    [],
    () => [[{}, connectionCap.refused()]],
  );
  if (tel) {
    timeRoutingDecisions(tel.desk.router, metrics, () => clock.monotonic());
    addTelephonyMetrics(metrics, tel.stack);
    const sipAuth = tel.stack.authThrottle;
    if (sipAuth) {
      metrics.readAtScrape('switchboard_sip_auth_blocks_total', 'counter', 'Source addresses blocked after failed SIP digest authentication (SIP_AUTH_*)', [], () => [
        [{}, sipAuth.counts().blocks],
      ]);
      metrics.readAtScrape('switchboard_sip_auth_refused_total', 'counter', 'SIP requests refused with 403 because their source address was blocked', [], () => [
        [{}, sipAuth.counts().refused],
      ]);
    }
  }
  const throttle = new LoginThrottle(config.throttle, clock);
  // The supervisors' side (floor/): the live floor and its WebSocket, queue figures, Request assistance.
  const floor = buildFloor({
    store,
    sessions,
    workspace: () => workspace.current,
    clock,
    logger: log.child({ component: 'floor' }),
    tokens,
    metrics,
    desk: tel?.desk,
    helloTimeoutMs: opts.helloTimeoutMs ?? 5000,
    maxSocketsPerUser: config.socketsPerAgent,
    tokenRecheckMs: opts.tokenRecheckMs,
    flushMs: opts.floorFlushMs,
  });
  let shuttingDown = false;

  const closeSockets = (): void => {
    for (const c of [...sessions.connections()]) c.close(CLOSE.goingAway, 'server shutting down');
  };
  const runtime: SwitchboardRuntime = {
    config,
    store,
    hub: sessions,
    metrics,
    voice,
    telephony,
    floor,
    get shuttingDown() {
      return shuttingDown;
    },
    async shutdown() {
      if (shuttingDown) return;
      shuttingDown = true;
      await app.close();
    },
  };
  app.decorate('switchboard', runtime);

  // Only JSON bodies: anything else is 415 rather than a confusing validation error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  installErrorHandler(app);
  await registerSecurityHeaders(app, { origins: crmOrigins, apiOrigins: config.apiOrigins });
  await registerCors(app, crmOrigins);

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    if (!demo && req.url.startsWith('/demo-caller')) {
      return reply.status(STATUS_BY_CODE.NOT_FOUND).send({ error: { code: 'NOT_FOUND', message: 'The demo caller is off here (DEMO_CALLER)' } });
    }
    if (req.url === '/demo-caller') return reply.redirect('/demo-caller/');
  });
  // While shutting down, answers close their connection: an idle keep-alive socket would
  // otherwise hold the close open until keepAliveTimeout (72 s).
  app.addHook('onSend', async (_req, reply) => {
    if (shuttingDown) void reply.header('connection', 'close');
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.addHook('preClose', async () => {
    shuttingDown = true;
    closeSockets();
    // Sessions end in the audit, and their open calls are settled and recorded, before telephony stops.
    sessions.endAll('server stopped');
    await sessions.flush();
  });
  app.addHook('onClose', async () => {
    floor.close();
    demo?.close();
    await tel?.close();
    await sessions.flush();
    await store.close();
  });

  await app.register(websocket, {
    options: { maxPayload: config.bodyLimitBytes },
    // Our preClose hook already closed agents' sockets with 1001; this catches sockets that never said hello.
    preClose(done) {
      for (const client of app.websocketServer.clients) client.close(CLOSE.goingAway, 'server shutting down');
      done();
    },
  });

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    const problems: string[] = [];
    if (shuttingDown) problems.push('shutting down');
    if (!workspace.loaded) problems.push('workspace not loaded');
    try {
      await store.ping();
    } catch (err) {
      problems.push((err as Error).message);
    }
    if (problems.length) {
      return reply.status(STATUS_BY_CODE.NOT_READY).send({ error: { code: 'NOT_READY', message: problems.join('; ') } });
    }
    return { ok: true };
  });
  app.get('/metrics', async (req, reply) => {
    checkMetricsAccess(req, config.metricsToken);
    return reply.type(metrics.contentType).send(await metrics.render());
  });
  const openapi = documentErrorStatuses(documentClientIdHeader(buildOpenApi(VERSION)));
  app.get('/api/v1/openapi.json', async () => openapi);

  floor.registerGateway(app);
  // Recordings and reports (recordings/, reports/): their own handlers beside the others.
  const recordings = new RecordingService({
    repo: store.recordings,
    tokens,
    tokenRepo: store.tokens,
    clock,
    logger: log.child({ component: 'recordings' }),
    workspace: () => workspace.current,
    recordingsDir: config.engine.recordingsDir,
  });
  const retention = new RetentionJob({
    repo: store.recordings,
    clock,
    logger: log.child({ component: 'recordings' }),
    retentionDays: () => recordingsPolicy(workspace.current).retentionDays ?? config.recordingsRetentionDays ?? null,
    pathOf: (id, file) => recordings.pathOf(id, file),
  });
  retention.start();
  app.addHook('onClose', async () => retention.stop());
  registerRoutes(app, tokens, {
    ...recordingHandlers({ recordings, retention, reports: new ReportService({ repo: store.reports, clock, workspace: () => workspace.current }) }),
    // Configuration editing (config/): the workspace file through the API, validated by its own loader.
    ...configHandlers(
      new ConfigService({
        file: config.workspaceFile,
        validate: (text) =>
          parseWorkspace(text, config.workspaceFile, { baseDir: dirname(resolve(config.workspaceFile)), ...(opts.workspaceHash ? { hash: opts.workspaceHash } : {}) }),
        apply: (ws) => workspace.reload(ws),
        changes: store.configChanges,
        clock,
        log: log.child({ component: 'config' }),
      }),
      store.configChanges,
    ),
    ...monitorHandlers(
      new MonitorService({
        desk: () => tel?.desk,
        workspace: () => workspace.current,
        floor: floor.view,
        sipUriNumbers: config.engine.sipUriNumbers,
        ...(tel ? { webrtc: engineWebrtc(tel.stack.engine) } : {}),
        logger: log.child({ component: 'monitor' }),
      }),
    ),
    ...apiHandlers({
      store,
      hub: sessions,
      tokens,
      throttle,
      metrics,
      clock,
      floor: floor.view,
      assist: floor.assist,
      transferDestinations: async (agentId, interactionId) => transferDestinationsFor({ desk: tel?.desk, directory, workspace: () => workspace.current }, agentId, interactionId),
      phones,
      log: log.child({ component: 'auth' }),
      reloadWorkspace: () => workspace.reload(),
      ...(tel ? { webrtc: (agentId: string, sdp: string) => tel.voice.webOffer(agentId, sdp) } : {}),
      ...(demo ? { demo, demoStarts: await demoStartLimit(app, dc.perMinute) } : {}),
      ...(config.serviceNow ? { serviceNow: new ServiceNowTable(config.serviceNow, log.child({ component: 'servicenow' })) } : {}),
    }),
  });
  registerEventGateway(app, {
    hub: sessions,
    tokens,
    metrics,
    clock,
    logger: log.child({ component: 'events' }),
    helloTimeoutMs: opts.helloTimeoutMs ?? 5000,
    maxSocketsPerAgent: config.socketsPerAgent,
    ...(opts.tokenRecheckMs !== undefined ? { tokenRecheckMs: opts.tokenRecheckMs } : {}),
  });

  const adapterDir = resolve(config.adapterDir);
  if (existsSync(resolve(adapterDir, 'index.html'))) {
    // The page itself carries the API origins ?api= may name (http/adapter-index.ts).
    registerAdapterIndex(app, adapterDir, config.apiOrigins);
    await app.register(fastifyStatic, { root: adapterDir, prefix: '/', wildcard: true });
  } else {
    log.warn({ adapterDir }, 'adapter not built: / is not served (run npm run build)');
  }
  // The supervisors' workspace (packages/workspace-ui), its own bundle under /workspace/.
  const workspaceUiDir = resolve(config.workspaceUiDir);
  if (existsSync(resolve(workspaceUiDir, 'index.html'))) {
    app.get('/workspace', async (_req, reply) => reply.redirect('/workspace/'));
    await app.register(fastifyStatic, { root: workspaceUiDir, prefix: '/workspace/', wildcard: true, decorateReply: false });
  } else {
    log.warn({ workspaceUiDir }, 'workspace UI not built: /workspace/ is not served (run npm run build)');
  }
  return app;
}
