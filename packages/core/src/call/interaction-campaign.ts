import type { InteractionCampaign } from '../interaction/types';
import type { CampaignConfig } from '../workspace/types';

/** The campaign slice an interaction needs (announcement files stay as the workspace names them; the port finds them). */
export function interactionCampaign(c: CampaignConfig): InteractionCampaign {
  return {
    id: c.id,
    name: c.name,
    recording: c.recording,
    bookmarks: c.bookmarks,
    announcements: c.announcements.map((a) => ({ id: a.id, name: a.name, file: a.file })),
    wrapCodes: c.wrapCodes.map((w) => ({ id: w.id, name: w.name })),
    defaultWrapCodeId: c.defaultWrapCodeId,
    autoWrapSeconds: c.autoWrapSeconds,
    extendSeconds: c.extendSeconds,
  };
}
