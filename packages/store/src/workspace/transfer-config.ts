import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidPhoneNumberError, normalisePhoneNumber, type TransferNumberConfig } from '@switchboard/core';
import type { WorkspaceFile } from './file-schema';
import type { RawProblem } from './raw-problem';

/**
 * The workspace's transfer settings (issue 18): campaigns' transfer numbers (read in the
 * workspace's region and kept in E.164, as manual dial reads a typed number) and the music a
 * held caller hears.
 */

type FileTransferNumber = WorkspaceFile['campaigns'][number]['transferNumbers'][number];

function normalise(n: FileTransferNumber, region: string): { ok: true; e164: string } | { ok: false; message: string } {
  try {
    return { ok: true, e164: normalisePhoneNumber(n.number, region).e164 };
  } catch (err) {
    if (err instanceof InvalidPhoneNumberError) return { ok: false, message: `"${n.number}" is not a valid phone number: ${err.message}` };
    throw err;
  }
}

/** Each transfer number must be a valid phone number; labels and numbers are unique within a campaign. */
export function crossCheckTransfers(ws: WorkspaceFile): RawProblem[] {
  const out: RawProblem[] = [];
  ws.campaigns.forEach((c, i) => {
    const labels = new Map<string, number>();
    const numbers = new Map<string, number>();
    c.transferNumbers.forEach((n, j) => {
      const at: PropertyKey[] = ['campaigns', i, 'transferNumbers', j];
      const first = labels.get(n.label.toLowerCase());
      if (first !== undefined) out.push({ path: [...at, 'label'], message: `duplicate transfer number label "${n.label}" (also at index ${first})` });
      else labels.set(n.label.toLowerCase(), j);
      const r = normalise(n, ws.region);
      if (!r.ok) {
        out.push({ path: [...at, 'number'], message: r.message });
        return;
      }
      const dup = numbers.get(r.e164);
      if (dup !== undefined) out.push({ path: [...at, 'number'], message: `duplicate transfer number ${r.e164} (also at index ${dup})` });
      else numbers.set(r.e164, j);
    });
  });
  return out;
}

/** A campaign's transfer numbers in E.164 (crossCheckTransfers has refused invalid ones). */
export function toTransferNumbers(list: readonly FileTransferNumber[], region: string): TransferNumberConfig[] {
  return list.map((n) => {
    const r = normalise(n, region);
    return { label: n.label, number: r.ok ? r.e164 : n.number };
  });
}

const DEFAULT_FILE = 'config/prompts/music-on-hold.wav';

/**
 * The shipped music on hold, found from this module (the sources, packages/store/src/workspace/)
 * or from the server bundle (packages/server/dist/); the repository root is the first that has it.
 */
export const DEFAULT_MUSIC_ON_HOLD: string = (() => {
  const candidates = ['../../../../', '../../../'].map((up) => resolve(fileURLToPath(new URL(up, import.meta.url)), DEFAULT_FILE));
  return candidates.find((f) => existsSync(f)) ?? candidates[0]!;
})();

/** The file's `musicOnHold` resolved against the workspace folder (as written without one), else the default. */
export function musicOnHoldFile(ws: WorkspaceFile, baseDir: string | undefined): string {
  if (ws.musicOnHold === undefined) return DEFAULT_MUSIC_ON_HOLD;
  return baseDir === undefined ? ws.musicOnHold : resolve(baseDir, ws.musicOnHold);
}
