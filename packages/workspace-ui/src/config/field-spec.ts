import type { ConfigItem, ConfigObjectSection, ConfigSection, WorkspaceConfigView } from '@switchboard/protocol';

/** How the configuration page describes a section's form: each field names the file's key, how it is edited, and its label. */
export type FieldKind = 'text' | 'number' | 'checkbox' | 'select' | 'secret' | 'json' | 'multi' | 'rows' | 'objects' | 'overflow' | 'list' | 'group';

/** Everything the page edits: a list section's items, or a single-object section (dialPlan, ...). */
export type SectionKey = ConfigSection | ConfigObjectSection;

export interface RowColumn {
  key: string;
  label: string;
  /** rows: kept when blank (a rewrite's replacement may be empty). */
  keepEmpty?: boolean;
  /** group: how the part is typed (text unless said). */
  kind?: 'text' | 'secret' | 'number';
  /** group: shown under the part's input. */
  help?: string;
}

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  /** Left out of the item when empty. */
  optional?: boolean;
  /** Shown under the input. */
  help?: string;
  /** select and multi: [value, label]; '' for none. */
  options?: (cfg: WorkspaceConfigView) => Array<[string, string]>;
  /** rows: the columns of each row (text inputs); group: its parts. */
  columns?: RowColumn[];
  /** rows and list: what one row or value is called ("wrap code", "country"). */
  rowName?: string;
  /** list: a word that stands for everything instead of a list ("all"). */
  allWord?: string;
  /** The key names the item (id, username): fixed once it exists. */
  identity?: boolean;
}

export interface SectionLabels {
  title: string;
  one: string;
  /** The items table's column of keys ("Id" unless said). */
  keyLabel?: string;
  /** The items table's second column: its heading and what it shows of an item (the name unless said). */
  summaryLabel?: string;
  summary?: (item: ConfigItem) => string;
  /** Single-object sections: what applies when the file has none. */
  defaults?: string;
}
