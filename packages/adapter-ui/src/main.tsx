import { render } from 'preact';
import { resolveApiBase } from './api/api-base';
import { createFetchClient } from './api/fetch-client';
import { createSession } from './state/session';
import { App } from './ui/app';
import './styles.css';

const session = createSession(createFetchClient(resolveApiBase(window.location)));
session.resume(); // a reload keeps the session: the stored token reopens the event stream
render(<App s={session} />, document.getElementById('app')!);
