import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * A page fetched on first visit (its own chunk): the floor view, which every supervisor opens
 * first, does not carry the recordings player, the reports chart or the configuration forms.
 */
export function LazyPage<P extends object>({ load, props, name }: { load: () => Promise<ComponentType<P>>; props: P; name: string }) {
  const [page, setPage] = useState<{ C: ComponentType<P> } | { error: string } | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (C) => live && setPage({ C }),
      (err: unknown) => live && setPage({ error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  if (!page)
    return (
      <main class="page-loading">
        <p role="status">Loading {name}…</p>
      </main>
    );
  if ('error' in page)
    return (
      <main class="page-loading">
        <p role="alert">
          The {name} page could not be loaded ({page.error}).
        </p>
        <button
          type="button"
          onClick={() => {
            setPage(undefined);
            setAttempt((n) => n + 1);
          }}
        >
          Try again
        </button>
      </main>
    );
  return <page.C {...props} />;
}
