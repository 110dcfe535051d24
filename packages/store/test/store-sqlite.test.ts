import { describe } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/index';
import { defineStoreSuite } from './helpers/store-suite';
import { defineCallbacksSuite } from './helpers/callbacks-suite';
import { definePhoneCredentialsSuite } from './helpers/phone-credentials-suite';
import { defineAssistSuite } from './helpers/assist-suite';
import { defineCallRecordsSuite } from './helpers/call-records-suite';

describe('store on SQLite', () => {
  defineStoreSuite('sqlite', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-store-'));
    // A folder that does not exist yet: openStore must create it.
    const dataDir = join(root, 'data');
    return {
      open: (clock) => openStore({ dataDir, clock }),
      reopen: (clock) => openStore({ dataDir, clock }),
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  });
});

describe('call records on SQLite', () => {
  defineCallRecordsSuite('sqlite', async () => {
    // A real file, so that a reopen is a restart.
    const root = mkdtempSync(join(tmpdir(), 'sb-calls-'));
    const dataDir = join(root, 'data');
    return {
      open: (clock) => openStore({ dataDir, clock }),
      reopen: (clock) => openStore({ dataDir, clock }),
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  });
});

describe('callbacks on SQLite', () => {
  defineCallbacksSuite('sqlite', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-callbacks-'));
    const dataDir = join(root, 'data');
    return {
      open: (clock) => openStore({ dataDir, clock }),
      reopen: (clock) => openStore({ dataDir, clock }),
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  });
});

describe('phone credentials on SQLite', () => {
  definePhoneCredentialsSuite('sqlite', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-phone-creds-'));
    const dataDir = join(root, 'data');
    return {
      open: (clock) => openStore({ dataDir, clock }),
      reopen: (clock) => openStore({ dataDir, clock }),
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  });
});

describe('assistance requests on SQLite', () => {
  defineAssistSuite('sqlite', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sb-assist-'));
    const dataDir = join(root, 'data');
    return {
      open: (clock) => openStore({ dataDir, clock }),
      reopen: (clock) => openStore({ dataDir, clock }),
      dispose: async () => rmSync(root, { recursive: true, force: true }),
    };
  });
});
