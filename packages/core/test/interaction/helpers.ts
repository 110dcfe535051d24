import { FakeClock } from '@switchboard/shared';
import { Interaction, type InteractionCampaign, type InteractionEvent } from '../../src/index';

/** The demo workspace's "Customer Care" campaign. */
export function careCampaign(over: Partial<InteractionCampaign> = {}): InteractionCampaign {
  return {
    id: 'care-inbound',
    name: 'Customer Care',
    recording: 'agent-controlled',
    bookmarks: true,
    announcements: [
      { id: 'terms', name: 'Terms and conditions', file: 'prompts/terms.wav' },
      { id: 'recording-notice', name: 'Recording notice', file: 'prompts/recording-notice.wav' },
    ],
    wrapCodes: [
      { id: 'resolved', name: 'Resolved' },
      { id: 'follow-up', name: 'Follow-up' },
      { id: 'escalated', name: 'Escalated' },
    ],
    defaultWrapCodeId: 'resolved',
    autoWrapSeconds: 30,
    extendSeconds: 30,
    ...over,
  };
}

export function inboundCall(clock = new FakeClock(), campaign: InteractionCampaign | null = careCampaign()) {
  const i = Interaction.inbound({ id: 'int_1', clock, campaign, customerNumber: '+61400111222', platformNumber: '+61290000000' });
  const events: InteractionEvent[] = [];
  i.on('event', (e) => events.push(e));
  return { clock, i, events };
}
