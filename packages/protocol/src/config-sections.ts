/**
 * The workspace file's list sections the configuration API edits item by item (staff are the
 * workspace users: supervisors and admins; dnis are keyed by their number, trunks by their name).
 * A plain constant on the wire entry, so the workspace page's configuration chunk does not carry zod.
 */
export const CONFIG_SECTIONS = ['teams', 'pauseReasons', 'agents', 'staff', 'campaigns', 'queues', 'workflows', 'dnis', 'trunks'] as const;

/**
 * The file's single-object sections, edited whole (admins): where calls out may go (`dialPlan`),
 * who plays and downloads recordings and how long they are kept (`recordings`), the CRMs the
 * adapter is embedded in (`crm`). Absent, each has its defaults.
 */
export const CONFIG_OBJECT_SECTIONS = ['dialPlan', 'recordings', 'crm'] as const;

/** Sections only admins see at all: trunks carry carriers' addresses and accounts. */
export const ADMIN_ONLY_SECTIONS: readonly (typeof CONFIG_SECTIONS)[number][] = ['trunks'];
