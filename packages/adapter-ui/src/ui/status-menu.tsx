import { useLayoutEffect, useRef } from 'preact/hooks';
import type { AgentView } from '@switchboard/protocol';
import type { Session } from '../state/session';

export interface MenuItem {
  key: string;
  label: string;
  checked: boolean;
  enabled: boolean;
  run(): void;
}

/** The items: Available, then the agent's pause reasons; enabled by what the server allows. */
export function statusItems(s: Session, v: AgentView): MenuItem[] {
  const p = v.presence;
  const items: MenuItem[] = [
    {
      key: 'available',
      label: 'Available',
      checked: p.kind === 'available',
      enabled: s.allowed('set-available'),
      run: () => void s.send({ type: 'set-available' }),
    },
  ];
  for (const r of v.pauseReasons) {
    items.push({
      key: r.id,
      label: r.name,
      checked: p.kind === 'paused' && p.reason.id === r.id,
      enabled: s.allowed('pause'),
      run: () => void s.send({ type: 'pause', reasonId: r.id }),
    });
  }
  return items;
}

/**
 * A menu of radio items (WAI-ARIA menu pattern): arrows, Home/End and typing a
 * letter move focus; Enter/Space choose; Escape and Tab close.
 */
export function StatusMenu(props: { items: MenuItem[]; labelledBy: string; onClose(refocus: boolean): void }) {
  const ref = useRef<HTMLUListElement>(null);
  const { items, onClose } = props;

  const buttons = () => Array.from(ref.current?.querySelectorAll<HTMLElement>('[role=menuitemradio]') ?? []);

  // Layout effect: focus lands on an item before the next key press is handled.
  useLayoutEffect(() => {
    const all = buttons();
    const start = items.findIndex((i) => i.checked);
    all[start >= 0 ? start : 0]?.focus();
    const outside = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!ref.current?.contains(t) && !(t instanceof Element && t.closest('[data-menu-anchor]'))) onClose(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, []);

  function onKey(e: KeyboardEvent) {
    const all = buttons();
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => {
      e.preventDefault();
      all[(i + all.length) % all.length]?.focus();
    };
    switch (e.key) {
      case 'ArrowDown':
        return move(at + 1);
      case 'ArrowUp':
        return move(at - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(all.length - 1);
      case 'Escape':
        e.preventDefault();
        e.stopPropagation();
        return onClose(true);
      case 'Tab':
        return onClose(false);
      default:
        if (e.key.length === 1 && /\S/.test(e.key)) {
          const k = e.key.toLowerCase();
          for (let n = 1; n <= all.length; n++) {
            const i = (at + n) % all.length;
            if (items[i]?.label.toLowerCase().startsWith(k)) return move(i);
          }
        }
    }
  }

  function choose(item: MenuItem) {
    if (!item.enabled) return;
    onClose(true);
    if (!item.checked) item.run();
  }

  return (
    <ul id="status-menu" ref={ref} class="menu" role="menu" aria-labelledby={props.labelledBy} onKeyDown={onKey} onClick={(e) => e.stopPropagation()}>
      {items.map((item) => (
        <li
          key={item.key}
          role="menuitemradio"
          aria-checked={item.checked}
          aria-disabled={!item.enabled}
          tabIndex={-1}
          class={item.key === 'available' ? 'item available' : 'item'}
          onClick={() => choose(item)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ' ') {
              e.preventDefault();
              choose(item);
            }
          }}
        >
          {item.label}
        </li>
      ))}
    </ul>
  );
}
