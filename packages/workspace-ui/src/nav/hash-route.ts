import { useEffect, useState } from 'preact/hooks';

/** The workspace's pages, one per hash (#/recordings): a reload or a shared link opens the same page. */
export type WorkspaceRoute = 'floor' | 'recordings' | 'reports' | 'config';

export function routeOf(hash: string): WorkspaceRoute {
  const h = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return h === 'recordings' || h === 'reports' || h === 'config' ? h : 'floor';
}

export function useHashRoute(): WorkspaceRoute {
  const [route, setRoute] = useState(() => routeOf(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(routeOf(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
