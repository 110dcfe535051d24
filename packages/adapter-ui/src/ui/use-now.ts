import { useEffect, useState } from 'preact/hooks';

/** The time now, re-rendering every `ms` while mounted (times in state and waits tick locally). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
