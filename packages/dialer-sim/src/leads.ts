import { AbandonedRedialGuard, ComplianceGate, DoNotCallList, UK_REDIAL_QUARANTINE_MS } from '@switchboard/core';

const RETRY_NO_ANSWER_MS = 2 * 3_600_000;
const RETRY_ABANDONED_MS = 3_600_000;
const MAX_ATTEMPTS = 3;
const TIME_ZONE = 'Europe/London';

interface Queued {
  id: number;
  at: number;
}

/**
 * The campaign's lead list, carried from day to day. Fresh leads are numbered in
 * order; 1 in 100 is on the do-not-call list (the registry says so when the lead is
 * loaded) and is never dialled. No-answer and busy leads come back after 2 hours
 * (3 attempts at most); an abandoned lead is recycled after 1 hour, but the 72-hour
 * guard (UK mode) holds it. Outcomes are drawn per dial, not per lead, so a lead's
 * identity matters only for compliance. `breaches` counts dials of a number within
 * 72 hours of its abandonment, measured independently of the guard.
 */
export class LeadPool {
  private fresh = 0;
  private readonly noAnswer: Queued[] = [];
  private naHead = 0;
  private readonly abandoned: Queued[] = [];
  private abHead = 0;
  private readonly attempts = new Map<number, number>();
  private readonly lastAbandon = new Map<number, number>();
  readonly dnc = new DoNotCallList();
  readonly guard: AbandonedRedialGuard | undefined;
  private readonly gate: ComplianceGate;
  breaches = 0;
  dncSkipped = 0;
  heldByGuard = 0;

  constructor(enforceRedialGuard: boolean) {
    this.guard = enforceRedialGuard ? new AbandonedRedialGuard() : undefined;
    this.gate = new ComplianceGate(this.dnc, this.guard, { startMinute: 8 * 60, endMinute: 21 * 60 });
  }

  static number(id: number): string {
    return `+44700${String(id).padStart(7, '0')}`;
  }

  /** The next lead to dial at `now`. */
  next(now: number): number {
    for (;;) {
      const id = this.pick(now);
      const verdict = this.gate.check({ number: LeadPool.number(id), timeZone: TIME_ZONE }, now);
      if (verdict.ok) {
        const last = this.lastAbandon.get(id);
        if (last !== undefined && now - last < UK_REDIAL_QUARANTINE_MS) this.breaches++;
        this.attempts.set(id, (this.attempts.get(id) ?? 0) + 1);
        return id;
      }
      if (verdict.code === 'DIALER_DO_NOT_CALL') this.dncSkipped++;
      else if (verdict.code === 'DIALER_REDIAL_WITHIN_72H') {
        this.heldByGuard++;
        this.abandoned.push({ id, at: this.guard!.releaseAt(LeadPool.number(id)) });
      }
    }
  }

  private pick(now: number): number {
    const ab = this.abandoned[this.abHead];
    if (ab && ab.at <= now) {
      this.abHead++;
      this.compact();
      return ab.id;
    }
    const na = this.noAnswer[this.naHead];
    if (na && na.at <= now) {
      this.naHead++;
      this.compact();
      return na.id;
    }
    const id = this.fresh++;
    if (id % 100 === 37) this.dnc.add(LeadPool.number(id));
    return id;
  }

  onNoAnswer(id: number, now: number): void {
    if ((this.attempts.get(id) ?? 0) < MAX_ATTEMPTS) this.noAnswer.push({ id, at: now + RETRY_NO_ANSWER_MS });
    else this.attempts.delete(id);
  }

  /**
   * A dropped answer: the runtime holds the number for 72 hours whatever it was; `person` (the
   * ground truth) only decides whether a later dial counts as a breach of the rule.
   */
  onAbandoned(id: number, now: number, person = true): void {
    if (person) this.lastAbandon.set(id, now);
    this.guard?.markAbandoned(LeadPool.number(id), now);
    this.abandoned.push({ id, at: now + RETRY_ABANDONED_MS });
  }

  onDone(id: number): void {
    this.attempts.delete(id);
  }

  private compact(): void {
    if (this.naHead > 50_000) {
      this.noAnswer.splice(0, this.naHead);
      this.naHead = 0;
    }
    if (this.abHead > 50_000) {
      this.abandoned.splice(0, this.abHead);
      this.abHead = 0;
    }
  }
}
