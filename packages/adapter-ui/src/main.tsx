import { render } from 'preact';
import { backgroundRole } from '@switchboard/crm';
import { resolveApiBase } from './api/api-base';
import { createSession } from './state/session';
import { createCrmLink, crmLink } from './state/crm-link';
import { browserEnvironment } from './crm/browser-environment';
import { watchWebAfterReload } from './state/web-reload';
import { App } from './ui/app';
import './styles.css';

const env = browserEnvironment();
// Zendesk's background location only relays click-to-dial to the top bar app: no panel, no session.
const relay = backgroundRole(env);
if (relay) {
  relay().catch((err: unknown) => console.error('Switchboard: the background relay did not start', err));
} else {
  const session = createSession(resolveApiBase(window.location));
  session.resume();
  // The CRM the adapter is embedded in (?crm=…), loaded on demand; standalone otherwise.
  const crm = createCrmLink(session, env);
  crmLink.value = crm;
  session.onCommandSent((c) => crm.commandSent(c));
  void crm.start();
  watchWebAfterReload(session);
  render(<App s={session} />, document.getElementById('app')!);
}
