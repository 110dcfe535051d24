import '../recordings/recordings.css';
import type { WorkspaceRoute } from './hash-route';

const PAGES: Array<[WorkspaceRoute, string]> = [
  ['floor', 'Floor'],
  ['recordings', 'Recordings'],
  ['reports', 'Reports'],
  ['config', 'Configuration'],
];

/** The workspace's pages as links; the current one is marked for screen readers (aria-current). */
export function WorkspaceNav({ route }: { route: WorkspaceRoute }) {
  return (
    <nav class="ws-nav" aria-label="Workspace">
      <ul>
        {PAGES.map(([r, label]) => (
          <li key={r}>
            <a href={`#/${r}`} aria-current={r === route ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
