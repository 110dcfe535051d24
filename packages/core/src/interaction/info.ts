import type { InteractionView } from './types';

/** One row of the adapter's Info tab (manual 5; Call Type and Customer Phone Number from the older edition). */
export interface InfoField {
  key: 'interactionId' | 'callType' | 'campaign' | 'customerPhone' | 'platformPhone' | 'ivrData' | 'timeInQueue';
  label: string;
  value: string;
}

/** "1:05", "12:00:07": what the agent reads for time in queue. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The Info tab, view only. Time in queue shows for inbound calls only; IVR
 * data reads "label: value" per entry ("Show data" opens them in full).
 */
export function interactionInfo(v: InteractionView): InfoField[] {
  const rows: InfoField[] = [
    { key: 'interactionId', label: 'Interaction ID', value: v.id },
    { key: 'callType', label: 'Call Type', value: v.direction },
    { key: 'campaign', label: 'Campaign', value: v.campaignName ?? '' },
    { key: 'customerPhone', label: 'Customer Phone Number', value: v.customerNumber ?? '' },
    { key: 'platformPhone', label: 'Platform phone', value: v.platformNumber ?? '' },
    { key: 'ivrData', label: 'IVR Data', value: v.ivrData.map((e) => `${e.label}: ${e.value}`).join('\n') },
  ];
  if (v.direction === 'IN') rows.push({ key: 'timeInQueue', label: 'Time in queue', value: v.timeInQueueMs === null ? '' : formatDuration(v.timeInQueueMs) });
  return rows;
}
