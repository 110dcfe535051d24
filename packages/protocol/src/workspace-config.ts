import { z } from 'zod';
import { CONFIG_OBJECT_SECTIONS, CONFIG_SECTIONS } from './config-sections';
import { safeString, safeText } from './safe-string';

/**
 * Configuration editing (issue 20.6). The workspace file stays the source of truth: the API edits
 * its items one at a time (or replaces it whole by import), each change validated by the same
 * loader as the file and written only when valid. Items travel as the file writes them (camelCase
 * keys); the loader, not these schemas, says what a valid item is.
 */

export const configSectionSchema = z.enum(CONFIG_SECTIONS);
export type ConfigSection = z.infer<typeof configSectionSchema>;
export const configObjectSectionSchema = z.enum(CONFIG_OBJECT_SECTIONS);
export type ConfigObjectSection = z.infer<typeof configObjectSectionSchema>;

/**
 * An item's key in its section: `id` (agents and staff: `id`, else the username; dnis: the number,
 * e.g. `+61290000001`, sent as `%2B61290000001`; trunks: the name).
 */
export const configItemParamsSchema = z.strictObject({
  section: configSectionSchema,
  itemId: safeString().regex(/^\+?[A-Za-z0-9_][A-Za-z0-9._@-]{0,63}$/, 'an item id, a username, a trunk name or a number (+61290000001)'),
});
export const configObjectParamsSchema = z.strictObject({ section: configObjectSectionSchema });

/**
 * One item as the file writes it; secrets (users' password and pin, trunks' credentials.password and
 * inboundCredentials.password) may be given to set them, and are never returned.
 */
export const configItemSchema = z.record(safeString().max(64), z.unknown());
export type ConfigItem = z.infer<typeof configItemSchema>;

/** What the caller may change: per section, whether they may add and remove items, and which items they may edit. */
export const configSectionAccessSchema = z.object({
  create: z.boolean(),
  delete: z.boolean(),
  /** 'all', or the ids of the items the caller may edit. */
  edit: z.union([z.literal('all'), z.array(z.string())]),
});
export type ConfigSectionAccess = z.infer<typeof configSectionAccessSchema>;

export const workspaceConfigSchema = z.object({
  /** The file's version (a hash of its bytes): send it back as If-Match so a stale edit is refused (412). */
  version: z.string(),
  settings: z.object({ name: z.unknown(), region: z.unknown(), callInNumber: z.unknown() }),
  /** Every list section, but those the caller may not see (trunks: admins only). */
  sections: z.partialRecord(configSectionSchema, z.array(configItemSchema)),
  access: z.partialRecord(configSectionSchema, configSectionAccessSchema),
  /** The single-object sections as the file writes them; null when absent (their defaults apply). */
  objects: z.record(configObjectSectionSchema, configItemSchema.nullable()),
  /** Per single-object section, whether the caller may set or remove it (admins). */
  objectAccess: z.record(configObjectSectionSchema, z.boolean()),
  /** Whether the caller may export and import the whole file. */
  wholeFile: z.boolean(),
});
export type WorkspaceConfigView = z.infer<typeof workspaceConfigSchema>;

export const configChangeResultSchema = z.object({
  version: z.string(),
  action: z.enum(['create', 'update', 'delete']),
  /** The item (or single-object section) as now in the file (secrets removed); null after a delete. */
  item: configItemSchema.nullable(),
  /** What the reload applied, per kind. */
  counts: z.record(z.string(), z.number()),
});
export type ConfigChangeResult = z.infer<typeof configChangeResultSchema>;

/** A whole workspace file as YAML text (import). Items without secrets keep the ones the file has. */
export const configImportSchema = z.strictObject({ yaml: safeText().min(1).max(2_000_000) });
export const configImportResultSchema = z.object({ version: z.string(), counts: z.record(z.string(), z.number()) });

/** One problem with a proposed configuration, as the loader reports it. */
export interface ConfigProblem {
  /** Where in the file, e.g. `pauseReasons[2].name`. */
  path: string;
  /** Within the edited item, e.g. `name` (item edits only). */
  field?: string;
  line: number | null;
  column: number | null;
  message: string;
}

export const configChangesQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
export const configChangeRowSchema = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.string(),
  role: z.string(),
  section: z.string(),
  itemId: z.string().nullable(),
  action: z.enum(['create', 'update', 'delete', 'import']),
  versionBefore: z.string(),
  versionAfter: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export const configChangeListSchema = z.object({ rows: z.array(configChangeRowSchema) });
export type ConfigChangeRow = z.infer<typeof configChangeRowSchema>;
