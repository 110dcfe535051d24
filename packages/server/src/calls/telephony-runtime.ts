import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  AgentVoiceLines,
  CallDesk,
  DialPlanRefusedError,
  MemoryCallRecordStore,
  MemoryCallbackStore,
  callMeNumber,
  checkDialPlan,
  dialPlanOf,
  dialRegion,
  type AgentSession,
  type AgentSessionEvent,
  type CallRecordStore,
  type CallbackStore,
  type WorkspaceConfig,
} from '@switchboard/core';
import {
  SANDBOX_REWRITE,
  TelephonyError,
  TrunkTable,
  createEngine,
  startSandboxCarrier,
  type EngineStack,
  type OriginateTarget,
  type SandboxCarrier,
  type TrunkConfig,
} from '@switchboard/telephony';
import type { Clock, Logger } from '@switchboard/shared';
import type { AgentView } from '@switchboard/protocol';
import { callView, dialView } from './call-view';
import { EngineTelephonyPort } from './engine-telephony-port';
import { CallInIvr } from './call-in-ivr';
import { withCallFlow } from './demo-call-flow';
import type { EngineConfig } from './engine-config';

export const SANDBOX_TRUNK = 'sandbox';
/** A lab "Call me" SIP URI (CALL_ME_SIP_URIS=on): sip:user@ipv4:port. */
const SIP_URI = /^sip:[^@\s]+@([\d.]+):(\d+)$/;

export interface TelephonyRuntimeDeps {
  config: EngineConfig;
  host: string;
  clock: Clock;
  logger: Logger;
  workspace(): WorkspaceConfig;
  /** The live agent sessions (the hub registers them); calls and voice paths report to them. */
  sessions: { session(agentId: string): AgentSession | undefined };
  records?: CallRecordStore;
  /** Callback requests from workflows (the store's; in memory when not given). */
  callbacks?: CallbackStore;
  announcementsDir?: string;
}

/** The workspace file's trunks as the engine takes them (fields are the same; absent ones left to the engine's defaults). */
export function engineTrunks(ws: WorkspaceConfig): TrunkConfig[] {
  return (ws.trunks ?? []).map((t) => ({
    name: t.name,
    address: t.address,
    transport: t.transport,
    ...(t.srtp ? { srtp: true } : {}),
    ...(t.tlsFingerprints?.length ? { tlsFingerprints: [...t.tlsFingerprints] } : {}),
    ...(t.credentials ? { credentials: { ...t.credentials } } : {}),
    ...(t.callerId ? { callerId: t.callerId } : {}),
    outboundRewrite: t.outboundRewrite.map((r) => ({ ...r })),
    inboundRewrite: t.inboundRewrite.map((r) => ({ ...r })),
    ...(t.ringTimeoutSec !== null ? { ringTimeoutSec: t.ringTimeoutSec } : {}),
    ...(t.maxCalls !== null ? { maxCalls: t.maxCalls } : {}),
    inbandDtmf: t.inbandDtmf,
    ...(t.sourcePorts ? { sourcePorts: { ...t.sourcePorts } } : {}),
    ...(t.inboundCredentials ? { inboundCredentials: { ...t.inboundCredentials } } : {}),
  }));
}

/**
 * The engine, the sandbox carrier (demo trunk), the voice connector and core's call desk on the
 * engine's port, started together. Subscribe to `desk`'s `changed` to republish agents' views.
 */
export class TelephonyRuntime {
  private constructor(
    readonly stack: EngineStack,
    readonly sandbox: SandboxCarrier | undefined,
    readonly voice: AgentVoiceLines,
    readonly desk: CallDesk,
    readonly records: CallRecordStore,
    private readonly workspace: () => WorkspaceConfig,
    private readonly trunksFor: (ws: WorkspaceConfig) => TrunkConfig[],
    private readonly logger: Logger,
    /** Where an agent's number is reached: a registered phone, else the trunk. */
    readonly targetFor: (number: string) => OriginateTarget,
  ) {}

  /** Throws TEL_BAD_CONFIG if the engine would refuse this workspace's trunks (checked before a reload applies). */
  checkTrunks(ws: WorkspaceConfig): void {
    new TrunkTable(this.trunksFor(ws));
  }

  /**
   * A workspace reload reaches every holder built from the workspace: the
   * engine's trunks (with the sandbox) and the router's queues. Calls already
   * up go on. checkTrunks() ran first, so nothing here refuses.
   */
  applyWorkspace(ws: WorkspaceConfig): void {
    this.stack.engine.setTrunks(this.trunksFor(ws));
    this.desk.applyWorkspace(ws);
  }

  /** The AgentView with the open interaction and what manual dial allows. */
  decorateView(agentId: string, v: AgentView): AgentView {
    const call = this.desk.callOf(agentId);
    return {
      ...v,
      interaction: call ? callView(agentId, call) : null,
      dial: dialView(this.workspace(), agentId, v.voice.status === 'connected', v.activity === 'idle'),
    };
  }

  static async start(d: TelephonyRuntimeDeps): Promise<TelephonyRuntime> {
    const { config: c, logger } = d;
    const ws = (): WorkspaceConfig => withCallFlow(d.workspace());
    const agentByPhoneUser = (user: string) => d.workspace().agents.find((a) => a.username === user || a.agentNumber === user);
    const sandbox = c.sandboxPort ? await startSandboxCarrier({ host: d.host, port: c.sandboxPort, rtpPorts: c.sandboxRtpPorts, clock: d.clock, logger }) : undefined;
    // The workspace's trunks join the sandbox (and are replaced with it on a workspace reload).
    // The sandbox stands for the telephone network on this host: a softphone here calls in as a
    // customer through it from any UDP port (a real trunk is trusted on its own port only).
    const trunkConfigs = (w: WorkspaceConfig): TrunkConfig[] => [
      ...(sandbox
        ? [
            {
              name: SANDBOX_TRUNK,
              address: `${d.host}:${c.sandboxPort}`,
              transport: 'udp' as const,
              sourcePorts: { min: 1, max: 65535 },
              callerId: w.callInNumber,
              ringTimeoutSec: c.trunkRingSeconds,
              outboundRewrite: SANDBOX_REWRITE,
            },
          ]
        : []),
      ...engineTrunks(w).map((t) => {
        // Checked here, where the engine's transports are known: at start and before a reload applies.
        if (t.transport === 'tls' && !c.sipTls) {
          throw new TelephonyError('TEL_BAD_CONFIG', `trunk ${t.name}: transport tls needs SIP over TLS on the engine (SIP_TLS_CERT and SIP_TLS_KEY)`);
        }
        return t;
      }),
    ];
    let stack: EngineStack;
    try {
      stack = await createEngine({
        host: d.host,
        sipUdpPort: c.sipPort,
        sipTcpPort: c.sipPort,
        ...(c.sipTls ? { sipTlsPort: c.sipTls.port, sipTls: c.sipTls } : {}),
        rtpPorts: c.rtpPorts,
        rtpIoThreads: c.rtpIoThreads,
        sipConnections: c.sipConnections,
        trunks: trunkConfigs(d.workspace()),
        phones: d.phones,
        clock: d.clock,
        logger,
      });
    } catch (err) {
      await sandbox?.close();
      throw err;
    }
    const { engine, registrar } = stack;
    // Outbound calls: the sandbox while it runs (demos, tests), else the workspace's first trunk.
    const outboundTrunk = (): string | undefined => (sandbox ? SANDBOX_TRUNK : engine.trunks.list()[0]?.name);
    const targetFor = (number: string): OriginateTarget => {
      const uri = c.sipUriNumbers ? SIP_URI.exec(number) : null;
      if (uri) return { uri: number, host: uri[1]!, port: Number(uri[2]) };
      // Separators go; the + stays: the trunk (and its rewrite rules) gets E.164.
      const compact = number.replace(/[\s().-]/g, '');
      const agent = agentByPhoneUser(compact);
      // The agent's phoneSrtp: required offers RTP/SAVP, off plain RTP; auto leaves it to the engine (best effort over TLS).
      const srtp = agent?.phoneSrtp === 'required' ? { srtp: true } : agent?.phoneSrtp === 'off' ? { srtp: false } : {};
      if (registrar?.contactFor(compact)) return { user: compact, ...srtp };
      if (agent) {
        // An agent's phone registered under their username or agent number; not registered: the engine says so.
        for (const u of [agent.username, agent.agentNumber]) if (registrar?.contactFor(u)) return { user: u, ...srtp };
        return { user: compact, ...srtp };
      }
      const trunk = outboundTrunk();
      if (!trunk) return { user: compact };
      return { trunk, number: compact };
    };
    // Every call out through a trunk passes the workspace's dial plan (core decides); a refusal is
    // told to the agent it was for, with its code, and lands in their audit.
    engine.setOutboundGuard(({ number, context }) => {
      const decision = checkDialPlan(number, dialPlanOf(d.workspace()));
      if (decision.allowed) return;
      const err = new DialPlanRefusedError(decision.refusal, { number: decision.number, country: decision.country, type: decision.type });
      logger.warn({ number: decision.number, refusal: decision.refusal, ...context }, 'dial plan refused a call');
      if (context.agentId) d.sessions.session(context.agentId)?.callRefused(err, context.purpose ?? 'call');
      throw err;
    });
    /** Call me: E.164 in the agent's region and allowed by the dial plan, or their own phone (a SIP URI only in labs). */
    const prepareCallMe = (agentId: string, number: string): string => {
      if (c.sipUriNumbers && SIP_URI.test(number)) return number;
      const w = d.workspace();
      const agent = w.agents.find((a) => a.id === agentId);
      return callMeNumber(number, {
        region: dialRegion(agent?.region, w.region) ?? null,
        ownPhoneUsers: agent ? [agent.username, agent.agentNumber] : [],
        dialPlan: dialPlanOf(w),
      });
    };
    mkdirSync(c.recordingsDir, { recursive: true });
    const port = new EngineTelephonyPort({
      engine,
      agentTarget: targetFor,
      customerTrunk: () => outboundTrunk() ?? SANDBOX_TRUNK,
      announcementsDir: d.announcementsDir ?? resolve('config/announcements'),
      recordingsDir: c.recordingsDir,
      musicOnHoldFile: () => d.workspace().musicOnHoldFile,
    });
    const voice = new AgentVoiceLines({
      port,
      logger,
      prepareNumber: prepareCallMe,
      callInNumber: () => d.workspace().callInNumber,
      agentNumber: (agentId) => d.workspace().agents.find((a) => a.id === agentId)?.agentNumber ?? '',
      pinHash: (agentId) => d.workspace().agents.find((a) => a.id === agentId)?.pinHash,
      callerId: () => d.workspace().callInNumber,
      sessions: {
        voiceConnected: (agentId, attemptId) => void d.sessions.session(agentId)?.voiceConnected(attemptId),
        voiceFailed: (agentId, attemptId, reason) => void d.sessions.session(agentId)?.voiceFailed(reason, attemptId),
        voiceDropped: (agentId, reason) => void d.sessions.session(agentId)?.voiceDropped(reason),
      },
    });
    const records = d.records ?? new MemoryCallRecordStore();
    const desk = new CallDesk({
      port,
      lines: voice,
      clock: d.clock,
      logger,
      records,
      callbacks: d.callbacks ?? new MemoryCallbackStore(),
      workspace: ws,
      session: (agentId) => d.sessions.session(agentId),
      agentRingMs: c.agentRingSeconds * 1000,
    });
    const callIn = new CallInIvr(voice, () => d.workspace(), logger);
    engine.on('incoming', ({ leg, info }) => {
      if (desk.takeInbound({ leg, from: info.from, to: info.to, user: info.user })) return;
      if (callIn.take(leg, info)) return;
      leg.reject('invalid_number');
    });
    logger.info({ sip: `${d.host}:${c.sipPort} udp+tcp`, rtp: c.rtpPorts, sandbox: sandbox ? `${d.host}:${c.sandboxPort}` : null }, 'telephony engine listening');
    await records.closeInterrupted(d.clock.now()).catch((err: unknown) => logger.error({ err }, 'closing interrupted call records failed'));
    return new TelephonyRuntime(stack, sandbox, voice, desk, records, d.workspace, trunkConfigs, logger, targetFor);
  }

  sessionEvent(agentId: string, e: AgentSessionEvent): void {
    this.desk.sessionEvent(agentId, e);
  }

  async close(): Promise<void> {
    await this.desk.close().catch((err: unknown) => this.logger.error({ err }, 'saving call records at shutdown failed'));
    await this.stack.engine.close();
    await this.sandbox?.close();
  }
}
