import { useRef } from 'preact/hooks';
import type { CallView } from '@switchboard/protocol';

/** Manual §5: the Info tab, view only, rows in the server's order; IVR data opens in a dialog. */
export function CallInfo({ call }: { call: CallView }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <dl class="facts" data-testid="call-info">
        {call.info.map((row) => (
          <div key={row.key} class="fact" data-key={row.key}>
            <dt>{row.label}</dt>
            <dd>
              {row.key === 'ivrData' ? (
                call.ivrData.length > 0 ? (
                  <button type="button" class="link" onClick={() => dialog.current?.showModal()}>
                    Show data<span class="sr-only"> entered in the IVR</span>
                  </button>
                ) : (
                  <span class="muted">None</span>
                )
              ) : (
                row.value || <span class="muted">—</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      <dialog ref={dialog} aria-labelledby="ivr-title" class="dialog">
        <h2 id="ivr-title">IVR data</h2>
        <dl class="facts" data-testid="ivr-data">
          {call.ivrData.map((e, i) => (
            <div key={i} class="fact">
              <dt>{e.label}</dt>
              <dd>{e.value}</dd>
            </div>
          ))}
        </dl>
        <form method="dialog" class="actions">
          <button type="submit" class="primary">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
