import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A real pino logger whose lines are kept (parsed) for the test to read. */
export function captureLog(level = 'info'): { logger: Logger; lines: Array<Record<string, unknown>>; text(): string } {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(l);
        lines.push(JSON.parse(l) as Record<string, unknown>);
      }
      cb();
    },
  });
  return { logger: pino({ level }, sink), lines, text: () => raw.join('\n') };
}
