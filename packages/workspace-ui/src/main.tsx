import { render } from 'preact';
import { createWorkspace } from './state/workspace-session';
import { App } from './ui/app';
import './styles.css';

// Same origin as the server that serves /workspace/.
const ws = createWorkspace(window.location.origin);
ws.resume();
render(<App ws={ws} />, document.getElementById('app')!);
