import type { Workspace } from '../state/workspace-session';
import { useHashRoute } from '../nav/hash-route';
import { WorkspaceNav } from '../nav/workspace-nav';
import { RecordingsPage } from '../recordings/recordings-page';
import { ReportsPage } from '../reports/reports-page';
import { ConfigPage } from '../config/config-page';
import { FloorPage } from './floor-page';
import { LoginScreen } from './login-screen';

export function App({ ws }: { ws: Workspace }) {
  const route = useHashRoute();
  if (!ws.login.value) return <LoginScreen ws={ws} />;
  return (
    <>
      <WorkspaceNav route={route} />
      {route === 'recordings' ? <RecordingsPage ws={ws} /> : route === 'reports' ? <ReportsPage ws={ws} /> : route === 'config' ? <ConfigPage ws={ws} /> : <FloorPage ws={ws} />}
    </>
  );
}
