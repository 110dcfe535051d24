import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics, through prom-client on a registry of this app's own (tests
 * and benchmarks run several apps in one process). Request counts and durations, routing
 * decision times, event sockets and logins are counted as they happen; agents by state, and
 * the telephony engine's figures (telephony-metrics.ts), are read at scrape time.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Routing decisions take microseconds: finer buckets, 5 µs to 50 ms. */
const ROUTING_BUCKETS = [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05];

export interface AgentStateCount {
  presence: string;
  activity: string;
  count: number;
}

/** Rows of a family read at scrape time: its labels and its value. */
export type Samples = ReadonlyArray<readonly [Record<string, string>, number]>;

export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly durations: Histogram<'method' | 'route'>;
  private readonly routing: Histogram;
  private readonly wsOpenGauge: Gauge;
  private readonly wsOpened: Counter;
  private readonly loginFailures: Counter;
  private readonly loginThrottled: Counter;
  wsOpen = 0;

  constructor(agentStates: () => AgentStateCount[]) {
    const registers = [this.registry];
    this.readAtScrape('switchboard_agents', 'gauge', 'Logged-in agents by presence and activity.', ['presence', 'activity'], () =>
      agentStates().map((s) => [{ presence: s.presence, activity: s.activity }, s.count] as const),
    );
    this.requests = new Counter({
      name: 'switchboard_http_requests_total',
      help: 'HTTP requests by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.durations = new Histogram({
      name: 'switchboard_http_request_duration_seconds',
      help: 'HTTP request duration.',
      labelNames: ['method', 'route'],
      buckets: BUCKETS,
      registers,
    });
    this.routing = new Histogram({
      name: 'switchboard_routing_decision_seconds',
      help: 'Router time from a call queued, an agent ready or an offer returned to the offer made (listeners excluded).',
      buckets: ROUTING_BUCKETS,
      registers,
    });
    this.wsOpenGauge = new Gauge({ name: 'switchboard_ws_connections', help: 'Open event WebSockets.', registers });
    this.wsOpened = new Counter({ name: 'switchboard_ws_connections_total', help: 'Event WebSockets opened.', registers });
    this.loginFailures = new Counter({ name: 'switchboard_login_failures_total', help: 'Failed logins (wrong credentials).', registers });
    this.loginThrottled = new Counter({ name: 'switchboard_login_throttled_total', help: 'Logins refused by the throttle.', registers });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.requests.inc({ method, route, status: String(status) });
    this.durations.observe({ method, route }, seconds);
  }

  loginFailed(throttled: boolean): void {
    (throttled ? this.loginThrottled : this.loginFailures).inc();
  }

  wsConnected(): void {
    this.wsOpened.inc();
    this.wsOpenGauge.set(++this.wsOpen);
  }

  wsDisconnected(): void {
    this.wsOpenGauge.set(--this.wsOpen);
  }

  /** One routing decision: a call into the Router up to the offer it made (see timeRoutingDecisions). */
  observeRouting(seconds: number): void {
    this.routing.observe(seconds);
  }

  /**
   * A family whose values live elsewhere (the engine's counters, live legs) and are read on
   * each scrape. A counter's rows must only grow, as the engine's totals do.
   */
  readAtScrape(name: string, type: 'counter' | 'gauge', help: string, labelNames: readonly string[], read: () => Samples): void {
    const registers = [this.registry];
    if (type === 'gauge') {
      new Gauge({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          for (const [labels, value] of read()) this.set(labels, value);
        },
      });
    } else {
      new Counter({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          for (const [labels, value] of read()) this.inc(labels, value);
        },
      });
    }
  }

  /** The exposition text (Prometheus format 0.0.4). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** The Router calls that may make an offer. */
const DECIDING = ['enqueue', 'updateAgent', 'offerFailed', 'remove'] as const;

interface TimedRouter {
  enqueue(...a: never[]): unknown;
  updateAgent(...a: never[]): unknown;
  offerFailed(...a: never[]): unknown;
  remove(...a: never[]): unknown;
  emit(event: never, payload: never): void;
}

/**
 * Times each routing decision of a live Router into `metrics`: from the call
 * into the Router (a call queued, an agent ready, an offer returned, a caller
 * gone) to each 'offer' it emits. The offer's listeners (bridging, ringing)
 * run inside emit and are not counted: after they return, the clock restarts
 * for any further offer of the same call. `now` is a monotonic ms clock.
 */
export function timeRoutingDecisions(router: TimedRouter, metrics: Metrics, now: () => number): void {
  const r = router as unknown as Record<string, (...a: unknown[]) => unknown>;
  // One start time per nested call (an offer's listener may call the Router again).
  const starts: number[] = [];
  for (const name of DECIDING) {
    const original = r[name]!.bind(router);
    r[name] = (...args: unknown[]) => {
      starts.push(now());
      try {
        return original(...args);
      } finally {
        starts.pop();
      }
    };
  }
  const emit = r.emit!.bind(router);
  r.emit = (event: unknown, payload: unknown) => {
    const top = starts.length - 1;
    if (event !== 'offer' || top < 0) return emit(event, payload);
    metrics.observeRouting((now() - starts[top]!) / 1000);
    try {
      return emit(event, payload);
    } finally {
      starts[top] = now();
    }
  };
}
