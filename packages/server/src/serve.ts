/**
 * The server process (main.ts runs it): config from the environment, pino JSON
 * logs, the app, and a graceful shutdown on SIGTERM/SIGINT. This is the one
 * place that prints to the console (a bad workspace file must be readable by a person).
 */
import pino from 'pino';
import { SwitchboardError } from '@switchboard/shared';
import { buildApp, type BuildAppOptions } from './app';
import { loadConfig } from './config';
import { installFatalHandlers } from './fatal-handlers';

/** Runs the server from an environment (exported for tests that start it in a prepared process). */
export async function main(env: NodeJS.ProcessEnv = process.env, opts: Pick<BuildAppOptions, 'workspaceHash'> = {}): Promise<void> {
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    console.error(`switchboard: ${(err as Error).message}`);
    process.exit(2);
  }
  const logger = pino({ level: config.logLevel, base: { service: 'switchboard' } });
  // Before the app is up there is nothing to stop gracefully.
  let fatal: (reason: string) => void = () => process.exit(1);
  installFatalHandlers(process, logger, () => fatal);
  let app;
  try {
    app = await buildApp({ config, logger, ...opts });
  } catch (err) {
    if (err instanceof SwitchboardError && (err.code === 'WORKSPACE_INVALID' || err.code === 'NOT_READY')) {
      console.error(`switchboard: cannot start.\n${err.message}`);
    } else {
      console.error('switchboard: cannot start:', err);
    }
    process.exit(1);
  }
  const running = app;
  let stopping = false;
  let exitCode = 0;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took over 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    running.switchboard.shutdown().then(
      () => {
        logger.info('stopped');
        process.exit(exitCode);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  fatal = (reason) => {
    exitCode = 1;
    stop(reason);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  await running.listen({ host: config.host, port: config.port });
  // The bench (and other parents) learn the port from this line on stdout.
  if (env.SWITCHBOARD_REPORT_PORT === '1') {
    const addr = running.server.address();
    if (addr && typeof addr === 'object') process.stdout.write(`SWITCHBOARD_LISTENING ${addr.port}\n`);
  }
}
