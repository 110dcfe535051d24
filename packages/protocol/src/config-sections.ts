/**
 * The workspace file's list sections the configuration API edits item by item (staff are the
 * workspace users: supervisors and admins). A plain constant on the wire entry, so the workspace
 * page's configuration chunk does not carry zod.
 */
export const CONFIG_SECTIONS = ['teams', 'pauseReasons', 'agents', 'staff', 'campaigns', 'queues', 'workflows'] as const;
