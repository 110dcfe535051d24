import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ROOT } from '../helpers';

export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Where a server process keeps its data: a SQLite folder, or a PostgreSQL schema. */
export type StoreTarget = { kind: 'sqlite'; dir: string } | { kind: 'postgres'; schema: string };

/** Engine ports of one test: SIP base, sandbox base+10, RTP base+20..+59, sandbox RTP base+60..+99. */
export function engineEnv(base: number): Record<string, string> {
  return {
    ENGINE: 'on',
    SIP_PORT: String(base),
    RTP_PORTS: `${base + 20}-${base + 59}`,
    SANDBOX_SIP_PORT: String(base + 10),
    SANDBOX_RTP_PORTS: `${base + 60}-${base + 99}`,
  };
}

export function storeEnv(target: StoreTarget): Record<string, string> {
  if (target.kind === 'sqlite') return { DATA_DIR: target.dir };
  return { DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${target.schema}`)}` };
}

/**
 * server-child.ts bundled into one file (as scripts/build-server.mjs bundles main.ts): a
 * bundle loads in a fraction of the time tsx takes, which matters for tests that start a
 * server per round. Written under packages/server/dist so node_modules resolve; remove()
 * deletes it.
 */
export async function bundleChild(): Promise<{ script: string; remove(): void }> {
  const outdir = join(ROOT, `packages/server/dist/test-child-${process.pid}-${randomBytes(3).toString('hex')}`);
  await build({
    entryPoints: { child: join(ROOT, 'packages/server/test/durability/server-child.ts') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    plugins: [
      {
        name: 'externals',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@switchboard/') ? undefined : { external: true }));
        },
      },
    ],
  });
  return { script: join(outdir, 'child.mjs'), remove: () => rmSync(outdir, { recursive: true, force: true }) };
}

/** A child process with the server's modules loaded, waiting for its environment (server-child.ts). */
export class PreparedServer {
  readonly output: string[] = [];
  private readonly prepared: Promise<void>;
  private readonly exited: Promise<string>;

  /** `script`: a bundle from bundleChild(), else server-child.ts through tsx. */
  constructor(
    readonly dir: string,
    script?: string,
  ) {
    const args = script ? [script] : ['--import', 'tsx', join(ROOT, 'packages/server/test/durability/server-child.ts')];
    this.child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.on('data', (b: Buffer) => this.output.push(b.toString()));
    this.child.stdout!.on('data', (b: Buffer) => this.output.push(b.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(`server exited (${code ?? signal}):\n${this.output.join('').slice(-3000)}`)));
    this.prepared = this.waitFor(/SWITCHBOARD_PREPARED/).then(() => undefined);
    // A prepared process may be killed unused (the last of a lane): start() still sees the error.
    this.prepared.catch(() => undefined);
  }

  readonly child: ChildProcess;

  /** Resolves with the first match of `re` in the output; rejects if the process exits first. */
  waitFor(re: RegExp): Promise<RegExpExecArray> {
    return Promise.race([
      new Promise<RegExpExecArray>((resolve) => {
        const check = (): void => {
          const m = re.exec(this.output.join(''));
          if (m) {
            this.child.stdout!.off('data', check);
            resolve(m);
          }
        };
        this.child.stdout!.on('data', check);
        check();
      }),
      this.exited.then((why) => Promise.reject(new Error(why))),
    ]);
  }

  /** Runs main() with this environment and resolves once it listens. */
  async start(env: Record<string, string>): Promise<ServerProcess> {
    await this.prepared;
    const full = {
      PORT: '0',
      SWITCHBOARD_REPORT_PORT: '1',
      LOG_LEVEL: 'info',
      DEMO_CALLER: 'off',
      ADAPTER_DIR: join(this.dir, 'no-adapter'),
      RECORDINGS_DIR: join(this.dir, 'recordings'),
      ...env,
    };
    this.child.stdin!.write(`${JSON.stringify(full)}\n`);
    const m = await this.waitFor(/SWITCHBOARD_LISTENING (\d+)/);
    return new ServerProcess(this.child, `http://127.0.0.1:${m[1]}`, this.output);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A real server process (main() of packages/server/src/main.ts, with its signal handlers). */
export class ServerProcess {
  constructor(
    readonly child: ChildProcess,
    readonly base: string,
    private readonly output: string[],
  ) {}

  static async start(env: Record<string, string>, dir: string, script?: string): Promise<ServerProcess> {
    return new PreparedServer(dir, script).start(env);
  }

  /** Everything the process wrote (pino JSON lines on stdout, errors on stderr). */
  get log(): string {
    return this.output.join('');
  }

  kill9(): Promise<void> {
    return this.stop('SIGKILL');
  }

  /** Sends the signal and resolves when the process is gone. */
  stop(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    return gone;
  }

  get exitCode(): number | null {
    return this.child.exitCode;
  }

  async request(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: any }> {
    const res = await fetch(this.base + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  }

  async login(username: string): Promise<string> {
    const r = await this.request('POST', '/api/v1/auth/login', undefined, { username, password: 'demo1234' });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json.token as string;
  }

  command(token: string, command: Record<string, unknown>, requestId = `req-${randomBytes(6).toString('hex')}`): Promise<{ status: number; json: any }> {
    return this.request('POST', '/api/v1/agent/commands', token, { requestId, command });
  }

  async state(token: string): Promise<any> {
    return (await this.request('GET', '/api/v1/agent/state', token)).json;
  }

  /** Polls the agent's state until `cond` holds. */
  async until(token: string, what: string, cond: (s: any) => boolean, ms = 15_000): Promise<any> {
    const end = Date.now() + ms;
    for (;;) {
      const s = await this.state(token);
      if (cond(s)) return s;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s).slice(0, 800)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Runs SQL against the store a (stopped) server used, as an operator would look at it. */
export async function query<T = Record<string, unknown>>(target: StoreTarget, sqliteSql: string, params: unknown[] = []): Promise<T[]> {
  if (target.kind === 'sqlite') {
    const db = new Database(join(target.dir, 'switchboard.sqlite'), { readonly: true });
    try {
      return db.prepare(sqliteSql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${target.schema}` });
  await c.connect();
  try {
    let i = 0;
    return (
      await c.query(
        sqliteSql.replace(/\?/g, () => `$${++i}`),
        params,
      )
    ).rows as T[];
  } finally {
    await c.end();
  }
}

export async function pgExec(sqlText: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is required at ${PG_URL} for this test: ${(err as Error).message}`);
  }
  try {
    await c.query(sqlText);
  } finally {
    await c.end().catch(() => {});
  }
}

export function pgSchemaName(tag: string): string {
  return `sbdur_${tag}_${process.pid}_${randomBytes(3).toString('hex')}`;
}
