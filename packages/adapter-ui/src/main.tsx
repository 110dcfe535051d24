import { render } from 'preact';
import { resolveApiBase } from './api/api-base';
import { createSession } from './state/session';
import { watchWebAfterReload } from './state/web-reload';
import { App } from './ui/app';
import './styles.css';

const session = createSession(resolveApiBase(window.location));
session.resume();
watchWebAfterReload(session);
render(<App s={session} />, document.getElementById('app')!);
