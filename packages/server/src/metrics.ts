/**
 * Prometheus text exposition (format 0.0.4), written by hand: a few counters,
 * one histogram and gauges read at scrape time. No client library needed.
 */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Routing decisions take microseconds: finer buckets, 5 µs to 50 ms. */
const ROUTING_BUCKETS = [0.000005, 0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05];

export function labels(l: Record<string, string>): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** One metric family: its HELP and TYPE lines, then a sample per row of [labels, value]. */
export function family(name: string, type: 'counter' | 'gauge', help: string, rows: ReadonlyArray<readonly [Record<string, string>, number]>): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...rows.map(([l, v]) => `${name}${labels(l)} ${v}`)];
}

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface AgentStateCount {
  presence: string;
  activity: string;
  count: number;
}

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly durations = new Map<string, Histogram>();
  private loginFailures = 0;
  private loginThrottled = 0;
  private wsOpened = 0;
  wsOpen = 0;
  private readonly routing: Histogram = { counts: ROUTING_BUCKETS.map(() => 0), sum: 0, count: 0 };
  /** More metric families, rendered at scrape time (the telephony engine's, when it runs). */
  private readonly sections: Array<() => string[]> = [];

  constructor(private readonly agentStates: () => AgentStateCount[]) {}

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = labels({ method, route, status: String(status) });
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const hkey = JSON.stringify([method, route]);
    let h = this.durations.get(hkey);
    if (!h) this.durations.set(hkey, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  loginFailed(throttled: boolean): void {
    if (throttled) this.loginThrottled++;
    else this.loginFailures++;
  }

  wsConnected(): void {
    this.wsOpened++;
    this.wsOpen++;
  }

  wsDisconnected(): void {
    this.wsOpen--;
  }

  /** One routing decision: a call into the Router up to the offer it made (see timeRoutingDecisions). */
  observeRouting(seconds: number): void {
    const h = this.routing;
    for (let i = 0; i < ROUTING_BUCKETS.length; i++) if (seconds <= ROUTING_BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  /** Adds lines (HELP, TYPE and samples) that `render` appends on every scrape. */
  addSection(lines: () => string[]): void {
    this.sections.push(lines);
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP switchboard_agents Logged-in agents by presence and activity.', '# TYPE switchboard_agents gauge');
    for (const s of this.agentStates()) out.push(`switchboard_agents${labels({ presence: s.presence, activity: s.activity })} ${s.count}`);
    out.push('# HELP switchboard_http_requests_total HTTP requests by method, route and status.', '# TYPE switchboard_http_requests_total counter');
    for (const [k, v] of this.requests) out.push(`switchboard_http_requests_total${k} ${v}`);
    out.push('# HELP switchboard_http_request_duration_seconds HTTP request duration.', '# TYPE switchboard_http_request_duration_seconds histogram');
    for (const [k, h] of this.durations) {
      const [method, route] = JSON.parse(k) as [string, string];
      BUCKETS.forEach((b, i) => out.push(`switchboard_http_request_duration_seconds_bucket${labels({ method, route, le: String(b) })} ${h.counts[i]}`));
      out.push(`switchboard_http_request_duration_seconds_bucket${labels({ method, route, le: '+Inf' })} ${h.count}`);
      out.push(`switchboard_http_request_duration_seconds_sum${labels({ method, route })} ${h.sum}`);
      out.push(`switchboard_http_request_duration_seconds_count${labels({ method, route })} ${h.count}`);
    }
    out.push('# HELP switchboard_routing_decision_seconds Router time from a call queued, an agent ready or an offer returned to the offer made (listeners excluded).', '# TYPE switchboard_routing_decision_seconds histogram');
    ROUTING_BUCKETS.forEach((b, i) => out.push(`switchboard_routing_decision_seconds_bucket${labels({ le: String(b) })} ${this.routing.counts[i]}`));
    out.push(`switchboard_routing_decision_seconds_bucket${labels({ le: '+Inf' })} ${this.routing.count}`);
    out.push(`switchboard_routing_decision_seconds_sum ${this.routing.sum}`, `switchboard_routing_decision_seconds_count ${this.routing.count}`);
    out.push('# HELP switchboard_ws_connections Open event WebSockets.', '# TYPE switchboard_ws_connections gauge', `switchboard_ws_connections ${this.wsOpen}`);
    out.push('# HELP switchboard_ws_connections_total Event WebSockets opened.', '# TYPE switchboard_ws_connections_total counter', `switchboard_ws_connections_total ${this.wsOpened}`);
    out.push('# HELP switchboard_login_failures_total Failed logins (wrong credentials).', '# TYPE switchboard_login_failures_total counter', `switchboard_login_failures_total ${this.loginFailures}`);
    out.push('# HELP switchboard_login_throttled_total Logins refused by the throttle.', '# TYPE switchboard_login_throttled_total counter', `switchboard_login_throttled_total ${this.loginThrottled}`);
    for (const section of this.sections) out.push(...section());
    return out.join('\n') + '\n';
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
