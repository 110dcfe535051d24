/** RFC 3261 17.1.1.1 timer values (ms). T1 is the RTT estimate, T2 the cap for non-INVITE retransmits, T4 the network lifetime. */
export interface SipTimerConfig {
  T1: number;
  T2: number;
  T4: number;
}

export const DEFAULT_TIMERS: Readonly<SipTimerConfig> = { T1: 500, T2: 4000, T4: 5000 };

/** Counters the transaction layer bumps; the endpoint exposes them. */
export interface TransactionCounters {
  retransmissions: number;
  timeouts: number;
}
