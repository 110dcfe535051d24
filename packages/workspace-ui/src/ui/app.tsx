import type { Workspace } from '../state/workspace-session';
import { FloorPage } from './floor-page';
import { LoginScreen } from './login-screen';

export function App({ ws }: { ws: Workspace }) {
  return ws.login.value ? <FloorPage ws={ws} /> : <LoginScreen ws={ws} />;
}
