import { render } from 'preact';
import { resolveApiBase } from './api/api-base';
import { createSession } from './state/session';
import { createCrmLink, crmLink } from './state/crm-link';
import { browserEnvironment } from './crm/browser-environment';
import { watchWebAfterReload } from './state/web-reload';
import { App } from './ui/app';
import './styles.css';

const session = createSession(resolveApiBase(window.location));
session.resume();
// The CRM the adapter is embedded in (?crm=…), loaded on demand; standalone otherwise.
const crm = createCrmLink(session, browserEnvironment());
crmLink.value = crm;
session.onCommandSent((c) => crm.commandSent(c));
void crm.start();
watchWebAfterReload(session);
render(<App s={session} />, document.getElementById('app')!);
