/** The server's entry point (node main.ts, the bundle): serve.ts does the work, so tests can run it in a prepared process. */
import { main } from './serve';

void main();
