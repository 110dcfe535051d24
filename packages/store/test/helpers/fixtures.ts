import { fileURLToPath } from 'node:url';
import type { WorkspaceConfig } from '@switchboard/core';
import { loadWorkspaceFile } from '../../src/index';

export const DEMO_WORKSPACE = fileURLToPath(new URL('../../../../config/demo-workspace.yaml', import.meta.url));

/** A stand-in for scrypt where the test is about the store, not hashing. */
export const fastHash = async (s: string): Promise<string> => `test-hash:${s}`;

let demo: Promise<WorkspaceConfig> | undefined;

/** The demo workspace with cheap hashes; a fresh deep copy each call so tests may edit it. */
export async function demoConfig(): Promise<WorkspaceConfig> {
  demo ??= loadWorkspaceFile(DEMO_WORKSPACE, { hash: fastHash });
  return structuredClone(await demo);
}
