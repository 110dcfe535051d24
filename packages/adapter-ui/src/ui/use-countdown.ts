import { useEffect, useState } from 'preact/hooks';
import { secondsUntil } from '../state/call-ui';

/** Whole seconds to the deadline, ticking locally every second; null without one (no auto-wrap). */
export function useCountdown(deadline: string | null): number | null {
  const [left, setLeft] = useState(deadline ? secondsUntil(deadline) : null);
  useEffect(() => {
    if (!deadline) {
      setLeft(null);
      return;
    }
    setLeft(secondsUntil(deadline));
    const t = setInterval(() => setLeft(secondsUntil(deadline)), 1000);
    return () => clearInterval(t);
  }, [deadline]);
  return left;
}

/** 75 → "1:15". */
export function minutesSeconds(s: number): string {
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
