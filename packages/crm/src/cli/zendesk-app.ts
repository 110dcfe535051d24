/**
 * Builds the Zendesk app zip for an adapter URL (then Admin Center → Apps and integrations →
 * Zendesk Support apps → Upload private app):
 *   node --import tsx packages/crm/src/cli/zendesk-app.ts https://switchboard.example/ switchboard-zendesk.zip
 */
import { writeFileSync } from 'node:fs';
import { zendeskAppZip } from '../zendesk/zendesk-app';

const [url, out = 'switchboard-zendesk.zip'] = process.argv.slice(2);
if (!url) {
  process.stderr.write('usage: zendesk-app.ts <adapter https URL> [out.zip]\n');
  process.exit(2);
}
try {
  writeFileSync(out, zendeskAppZip({ adapterUrl: url }));
  process.stdout.write(`${out}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
