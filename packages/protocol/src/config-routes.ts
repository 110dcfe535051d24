import { z } from 'zod';
import type { RouteSpec } from './route-spec';
import {
  configChangeListSchema,
  configChangeResultSchema,
  configChangesQuerySchema,
  configImportResultSchema,
  configImportSchema,
  configItemParamsSchema,
  configItemSchema,
  configObjectParamsSchema,
  workspaceConfigSchema,
} from './workspace-config';

const IF_MATCH = 'Send the version from the last read as If-Match: a stale edit is refused with 412 CONFIG_VERSION_MISMATCH.';
const INVALID = 'An edit the workspace loader refuses is 422 WORKSPACE_INVALID with every problem (details.problems) and changes nothing.';

/**
 * Configuration editing (issue 20.6): the workspace file through the API. Admins edit everything;
 * a supervisor reads everything but trunks (secrets removed) and edits only their own team, its
 * agents (not their secrets or team) and the campaigns those agents work. Every accepted change is audited.
 */
export const configRoutes = {
  workspaceConfig: {
    method: 'GET',
    path: '/api/v1/workspace/config',
    summary:
      'The workspace configuration by section (teams, pause reasons, agents, staff, campaigns, queues, workflows, DNIS, trunks; dial plan, recordings and CRM as single objects) with its version and what the caller may change. Secrets are never returned; trunks only to admins',
    auth: ['supervisor', 'admin'],
    response: workspaceConfigSchema,
  },
  workspaceConfigPut: {
    method: 'PUT',
    path: '/api/v1/workspace/config/:section/:itemId',
    summary: `Create or replace one item of a section (the body is the item as the file writes it; a password or pin given is stored hashed, left out keeps the current one). ${INVALID} ${IF_MATCH}`,
    auth: ['supervisor', 'admin'],
    params: configItemParamsSchema,
    body: configItemSchema,
    response: configChangeResultSchema,
  },
  workspaceConfigDelete: {
    method: 'DELETE',
    path: '/api/v1/workspace/config/:section/:itemId',
    summary: `Remove one item (admins). An item still referred to is refused: ${INVALID} ${IF_MATCH}`,
    auth: ['admin'],
    params: configItemParamsSchema,
    response: configChangeResultSchema,
  },
  workspaceConfigObjectPut: {
    method: 'PUT',
    path: '/api/v1/workspace/config/:section',
    summary: `Set a single-object section whole: dialPlan, recordings or crm (admins; the body is the section as the file writes it). ${INVALID} ${IF_MATCH}`,
    auth: ['admin'],
    params: configObjectParamsSchema,
    body: configItemSchema,
    response: configChangeResultSchema,
  },
  workspaceConfigObjectDelete: {
    method: 'DELETE',
    path: '/api/v1/workspace/config/:section',
    summary: `Remove a single-object section, so its defaults apply (admins). ${INVALID} ${IF_MATCH}`,
    auth: ['admin'],
    params: configObjectParamsSchema,
    response: configChangeResultSchema,
  },
  workspaceExport: {
    method: 'GET',
    path: '/api/v1/workspace/config/export',
    summary: 'The workspace file as YAML (application/yaml), comments kept, every secret left out (admins)',
    auth: ['admin'],
    produces: 'application/yaml',
    response: z.unknown(),
  },
  workspaceImport: {
    method: 'PUT',
    path: '/api/v1/workspace/config/import',
    summary: `Replace the whole workspace file with this YAML (admins). Users and trunks given without secrets keep the current ones. ${INVALID} ${IF_MATCH}`,
    auth: ['admin'],
    // A whole file is bigger than an API body (BODY_LIMIT_BYTES, 64 KB by default): a workspace of a thousand agents is ~200 KB.
    bodyLimit: 2 * 1024 * 1024,
    body: configImportSchema,
    response: configImportResultSchema,
  },
  workspaceConfigChanges: {
    method: 'GET',
    path: '/api/v1/workspace/config/changes',
    summary: 'The audit of configuration changes made through the API: who, when, which item, before and after (admins)',
    auth: ['admin'],
    query: configChangesQuerySchema,
    response: configChangeListSchema,
  },
} as const satisfies Record<string, RouteSpec>;

export type ConfigRouteName = keyof typeof configRoutes;
