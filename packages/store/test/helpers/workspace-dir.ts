import { after } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { WorkspaceConfig } from '@switchboard/core';
import { loadWorkspaceFile } from '../../src/index';
import { fastHash } from './fixtures';

/**
 * The workspace tests' set-up: a temporary folder, removed after the test file, holding numbered
 * workspace files. `sounds` are WAV stand-ins to create first (paths inside the folder, such as
 * 'prompts/welcome.wav'), since the loader checks that the files a workspace names exist.
 */
export function workspaceDir(prefix: string, sounds: readonly string[] = []): { dir: string; write(text: string): string; load(text: string): Promise<WorkspaceConfig> } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  for (const s of sounds) {
    mkdirSync(dirname(join(dir, s)), { recursive: true });
    writeFileSync(join(dir, s), 'RIFF');
  }
  let n = 0;
  const write = (text: string): string => {
    const file = join(dir, `ws-${++n}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  return { dir, write, load: (text) => loadWorkspaceFile(write(text), { hash: fastHash }) };
}
