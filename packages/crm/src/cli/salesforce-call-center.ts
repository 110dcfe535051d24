/**
 * Prints the Salesforce call center definition file for an adapter URL:
 *   node --import tsx packages/crm/src/cli/salesforce-call-center.ts https://switchboard.example/ > switchboard-call-center.xml
 */
import { callCenterXml } from '../salesforce/call-center-xml';

const url = process.argv[2];
if (!url) {
  process.stderr.write('usage: salesforce-call-center.ts <adapter https URL> [display name]\n');
  process.exit(2);
}
try {
  process.stdout.write(callCenterXml({ adapterUrl: url, ...(process.argv[3] ? { displayName: process.argv[3] } : {}) }));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
}
