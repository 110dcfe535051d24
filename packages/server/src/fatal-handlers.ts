import type { EventEmitter } from 'node:events';

/**
 * A failure nobody caught is a bug: it is logged with its stack, then the
 * process stops through `stop` (the graceful path: agents told, records
 * written) rather than dying mid-sentence or limping on in an unknown state.
 * `stop` may be swapped once the app is up (before it, there is nothing to
 * stop gracefully).
 */
export function installFatalHandlers(proc: EventEmitter, logger: { fatal(obj: object, msg: string): void }, stop: () => (reason: string) => void): void {
  proc.on('unhandledRejection', (err: unknown) => {
    logger.fatal({ err }, 'unhandled promise rejection');
    stop()('unhandledRejection');
  });
  proc.on('uncaughtException', (err: unknown) => {
    logger.fatal({ err }, 'uncaught exception');
    stop()('uncaughtException');
  });
}
