import { TypedEmitter } from '@switchboard/shared';
import type {
  AgentLine,
  AgentLines,
  CollectDigitsOptions,
  CollectedDigits,
  DialRequest,
  PortLeg,
  PortLegEvents,
  PortPlayback,
  PortRecording,
  Sound,
  TelephonyPort,
} from '../../src/call/telephony-port';

/** A playback the test ends by hand. */
export class FakePlayback implements PortPlayback {
  readonly finished: Promise<{ stopped: boolean }>;
  done = false;
  private settle!: (e: { stopped: boolean }) => void;
  constructor(
    readonly id: string,
    private readonly log: string[],
  ) {
    this.finished = new Promise((r) => (this.settle = r));
  }
  stop(): void {
    if (this.done) return;
    this.log.push(`stop ${this.id}`);
    this.end(true);
  }
  end(stopped = false): void {
    if (this.done) return;
    this.done = true;
    this.settle({ stopped });
  }
}

/** A leg whose verbs are written to a shared log; the test plays its events (answer, digits, end). */
export class FakeLeg extends TypedEmitter<PortLegEvents> implements PortLeg {
  readonly ended: Promise<{ cause: string }>;
  isEnded = false;
  muted = false;
  held = false;
  readonly playbacks: FakePlayback[] = [];
  private settleEnded!: (e: { cause: string }) => void;
  private collecting: ((r: CollectedDigits) => void) | undefined;
  private static n = 0;

  constructor(
    readonly id: string,
    readonly log: string[],
  ) {
    super();
    this.ended = new Promise((r) => (this.settleEnded = r));
  }
  async answer(): Promise<void> {
    this.log.push(`${this.id} answer`);
  }
  hangup(cause = 'normal'): void {
    if (this.isEnded) return;
    this.log.push(`${this.id} hangup ${cause}`);
    this.end(cause);
  }
  /** The far end (or the network) ended the leg. */
  end(cause = 'normal'): void {
    if (this.isEnded) return;
    this.isEnded = true;
    for (const p of this.playbacks) p.end(true);
    this.collecting?.({ digits: '', reason: 'hangup' });
    this.emit('ended', { cause });
    this.settleEnded({ cause });
  }
  async hold(): Promise<void> {
    this.held = true;
    this.log.push(`${this.id} hold`);
  }
  async resume(): Promise<void> {
    this.held = false;
    this.log.push(`${this.id} resume`);
  }
  setMuted(on: boolean): void {
    this.muted = on;
    this.log.push(`${this.id} ${on ? 'mute' : 'unmute'}`);
  }
  async play(sound: Sound): Promise<PortPlayback> {
    const pb = new FakePlayback(`pb${++FakeLeg.n}`, this.log);
    this.playbacks.push(pb);
    this.log.push(`${this.id} play ${JSON.stringify(sound)} ${pb.id}`);
    return pb;
  }
  stopPlay(): void {
    this.log.push(`${this.id} stopPlay`);
    for (const p of this.playbacks) p.end(true);
  }
  masked = false;
  setDtmfMasking(on: boolean): void {
    this.masked = on;
    this.log.push(`${this.id} mask ${on}`);
  }
  async sendDtmf(digits: string): Promise<void> {
    this.log.push(`${this.id} dtmf ${digits}`);
  }
  collectDigits(o: CollectDigitsOptions = {}): Promise<CollectedDigits> {
    this.log.push(`${this.id} collect max=${o.maxDigits} term=${o.terminators} first=${o.firstDigitTimeoutMs}`);
    return new Promise((r) => (this.collecting = r));
  }
  finishCollect(digits: string, reason = 'terminator'): void {
    const c = this.collecting;
    this.collecting = undefined;
    c?.({ digits, reason });
  }
  answered(): void {
    this.emit('answered', undefined);
  }
  key(digit: string): void {
    this.emit('dtmf', { digit });
  }
}

/** The port: dials hand out FakeLegs the test then answers or ends. */
export class FakePort implements TelephonyPort {
  readonly log: string[] = [];
  readonly dials: Array<{ req: DialRequest; leg: FakeLeg }> = [];
  failNextDial: Error | undefined;
  private n = 0;
  async dial(req: DialRequest): Promise<PortLeg> {
    this.log.push(`dial ${req.to.kind} ${req.to.number}`);
    if (this.failNextDial) {
      const e = this.failNextDial;
      this.failNextDial = undefined;
      throw e;
    }
    const leg = new FakeLeg(`out${++this.n}`, this.log);
    this.dials.push({ req, leg });
    return leg;
  }
  bridge(legs: readonly PortLeg[]) {
    this.log.push(`bridge ${legs.map((l) => l.id).join('+')}`);
    return {
      add: (legId: string) => void this.log.push(`bridge+ ${legId}`),
      remove: (legId: string) => (this.log.push(`unbridge ${legId}`), true),
      setAudience: (legId: string, heardBy: readonly string[] | null) => void this.log.push(`audience ${legId} ${heardBy === null ? 'all' : `[${heardBy.join(',')}]`}`),
    };
  }
  record(o: { name: string; left: PortLeg; right: PortLeg }): PortRecording {
    this.log.push(`record ${o.name} ${o.left.id}|${o.right.id}`);
    const log = this.log;
    return {
      path: `/rec/${o.name}.wav`,
      pause: () => log.push('rec pause'),
      resume: () => log.push('rec resume'),
      mark: (n) => (log.push(`rec mark ${n}`), 0),
      stop: async () => void log.push('rec stop'),
      add: (legId, side) => void log.push(`rec add ${legId} ${side}`),
      remove: (legId) => void log.push(`rec remove ${legId}`),
    };
  }
  prompt(file: string): Sound {
    return { wav: file };
  }
  musicOnHold(): Sound {
    return { wav: 'moh.wav', loops: 0 };
  }
}

/** Agents' voice paths, set by the test. */
export class FakeLines implements AgentLines {
  readonly lines = new Map<string, AgentLine>();
  readonly dropped: string[] = [];
  connectedLine(agentId: string): AgentLine | undefined {
    return this.lines.get(agentId);
  }
  drop(agentId: string): void {
    this.dropped.push(agentId);
    this.lines.delete(agentId);
  }
}
