import type { Workspace } from '../state/workspace-session';
import { useHashRoute } from '../nav/hash-route';
import { WorkspaceNav } from '../nav/workspace-nav';
import { LazyPage } from '../nav/lazy-page';
import { FloorPage } from './floor-page';
import { LoginScreen } from './login-screen';

export function App({ ws }: { ws: Workspace }) {
  const route = useHashRoute();
  if (!ws.login.value) return <LoginScreen ws={ws} />;
  return (
    <>
      <WorkspaceNav route={route} />
      {route === 'recordings' ? (
        <LazyPage key="recordings" name="recordings" load={() => import('../recordings/recordings-page').then((m) => m.RecordingsPage)} props={{ ws }} />
      ) : route === 'reports' ? (
        <LazyPage key="reports" name="reports" load={() => import('../reports/reports-page').then((m) => m.ReportsPage)} props={{ ws }} />
      ) : route === 'config' ? (
        <LazyPage key="config" name="configuration" load={() => import('../config/config-page').then((m) => m.ConfigPage)} props={{ ws }} />
      ) : (
        <FloorPage ws={ws} />
      )}
    </>
  );
}
