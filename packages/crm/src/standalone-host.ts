import { NO_CAPABILITIES, type ActivityResult, type CrmCapabilities, type CrmHost, type CrmRecord, type ScreenPopResult } from './crm-host';

/** Outside any CRM (the adapter alone in a tab): nothing to pop or log, and nothing fails. */
export class StandaloneHost implements CrmHost {
  readonly name = 'standalone' as const;
  readonly label = 'Standalone';

  async init(): Promise<void> {}
  capabilities(): CrmCapabilities {
    return NO_CAPABILITIES;
  }
  async screenPop(): Promise<ScreenPopResult> {
    return { matches: [], opened: null };
  }
  async openRecord(): Promise<void> {}
  async openNewRecord(): Promise<void> {}
  onClickToDial(): () => void {
    return () => undefined;
  }
  async logActivity(): Promise<ActivityResult> {
    return { id: null };
  }
  async setVisible(): Promise<void> {}
  async setSize(): Promise<void> {}
  currentRecord(): CrmRecord | null {
    return null;
  }
}
