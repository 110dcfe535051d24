import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: unknown;
}

type Answer = { status: number; body: string; delayMs?: number };

/**
 * A ServiceNow instance's Table API as far as the proxy uses it (test fixture): records every
 * request; answers from `next` (one-shot) or a default list / created record.
 */
export class FakeServiceNow {
  readonly seen: SeenRequest[] = [];
  users: Array<{ sys_id: string; name: string; phone: string }> = [];
  /** The next answer, whatever the request (errors, timeouts, garbage). */
  next: Answer | null = null;
  private server: Server | undefined;

  constructor(readonly port: number) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req).then((a) => {
        const send = () => {
          res.writeHead(a.status, { 'content-type': 'application/json' });
          res.end(a.body);
        };
        if (a.delayMs) setTimeout(send, a.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage): Promise<Answer> {
    let text = '';
    for await (const chunk of req) text += chunk;
    const url = new URL(req.url ?? '/', this.origin);
    this.seen.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, body: text ? JSON.parse(text) : undefined });
    if (this.next) {
      const a = this.next;
      this.next = null;
      return a;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/api/now/table/')) {
      // sysparm_query phoneLIKE<digits>^ORmobile_phoneLIKE<digits>^active=true
      const digits = /phoneLIKE(\d+)/.exec(url.searchParams.get('sysparm_query') ?? '')?.[1] ?? '';
      const result = this.users.filter((u) => digits && u.phone.replace(/\D/g, '').includes(digits)).map((u) => ({ sys_id: u.sys_id, name: u.name }));
      return { status: 200, body: JSON.stringify({ result }) };
    }
    if (req.method === 'POST' && url.pathname === '/api/now/table/interaction') {
      return { status: 201, body: JSON.stringify({ result: { sys_id: 'c0ffee00c0ffee00c0ffee00c0ffee00', number: 'IMS0001001' } }) };
    }
    return { status: 400, body: JSON.stringify({ error: { message: 'Invalid table', detail: null }, status: 'failure' }) };
  }
}
