import { readFileSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { cheapScrypt } from '../cheap-scrypt';
import { demoWorkspaceCopy, login, makeApp, removeDir, type TestApp } from '../helpers';

/** An app serving a copy of the demo workspace, with a token for each user the test logs in as. */
export interface ConfigTestApp<W extends string> {
  readonly app: FastifyInstance;
  /** The workspace file the app loads and the editor writes. */
  readonly file: string;
  readonly tokens: Record<W, string>;
  /** The workspace file's text as it is now. */
  bytes(): string;
  close(): Promise<void>;
}

/**
 * The configuration tests' set-up: the demo workspace copied (its text first passed through `edit`,
 * e.g. to add a user), an app on it whose secrets hash cheaply, and `passwords`' users logged in.
 */
export async function configTestApp<W extends string>(passwords: Record<W, string>, edit?: (demo: string) => string): Promise<ConfigTestApp<W>> {
  const w = demoWorkspaceCopy();
  let t: TestApp | undefined;
  try {
    if (edit) writeFileSync(w.file, edit(w.demo));
    t = await makeApp({ config: { workspaceFile: w.file }, workspaceHash: cheapScrypt });
    const app = t.app;
    const tokens = {} as Record<W, string>;
    for (const who of Object.keys(passwords) as W[]) tokens[who] = await login(app, who, passwords[who]);
    const made = t;
    return {
      app,
      file: w.file,
      tokens,
      bytes: () => readFileSync(w.file, 'utf8'),
      close: async () => {
        await made.close();
        removeDir(made.dir);
        removeDir(w.dir);
      },
    };
  } catch (err) {
    await t?.close();
    if (t) removeDir(t.dir);
    removeDir(w.dir);
    throw err;
  }
}
