import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  carriesSecret,
  deleteItem,
  deleteObject,
  exportText,
  fileVersion,
  importText,
  itemKey,
  objectSection,
  printDocument,
  putItem,
  putObject,
  readDocument,
  redactItem,
  sectionItems,
} from '../src/index';

/** The configuration API's edits of the file's text (issue 20.6): in place, secrets kept or hashed, never exported. */

const FILE = `# The head comment.
name: Test
region: AU
callInNumber: "+61290000000"
pauseReasons:
  - id: break # a short one
    name: Break
agents:
  - username: ann
    displayName: Ann
    password: plain-pass # demo only
    agentNumber: "1001"
    pinHash: scrypt$1$1$1$aaaa$bbbb
    campaigns: [c1]
trunks:
  - name: carrier
    address: sip.example:5060
    credentials:
      username: acme
      password: trunk-secret
  - name: pbx
    address: pbx.example
    credentials:
      username: pbx
      passwordEnv: PBX_PASSWORD
`;
const hash = async (s: string) => `H(${s})`;

test('an item is edited in place: unchanged lines keep their comments, a new item is appended', async () => {
  const doc = readDocument(FILE);
  const change = await putItem(doc, 'pauseReasons', 'break', { id: 'break', name: 'Short break', takesTransfers: true }, hash);
  assert.equal(change.action, 'update');
  assert.deepEqual(change.before, { id: 'break', name: 'Break' });
  await putItem(doc, 'pauseReasons', 'lunch', { name: 'Lunch' }, hash);
  const text = doc.toString();
  assert.match(text, /^# The head comment\./);
  assert.match(text, /- id: break # a short one\n\s+name: Short break\n\s+takesTransfers: true\n\s+- id: lunch\n\s+name: Lunch\n/);
  assert.notEqual(fileVersion(text), fileVersion(FILE));
  assert.equal(deleteItem(doc, 'pauseReasons', 'nope'), null);
  assert.equal(deleteItem(doc, 'pauseReasons', 'lunch')?.action, 'delete');
  assert.deepEqual(
    sectionItems(doc, 'pauseReasons').map((r) => r.id),
    ['break'],
  );
});

test("a user's secrets: a new valid password is hashed, an invalid PIN is left for the loader, one left out is kept", async () => {
  const doc = readDocument(FILE);
  await putItem(doc, 'agents', 'ann', { username: 'ann', displayName: 'Ann B', agentNumber: '1001', password: 'new-pass', pin: '12', campaigns: ['c1'] }, hash);
  let ann = sectionItems(doc, 'agents')[0]!;
  assert.equal(ann.passwordHash, 'H(new-pass)');
  assert.equal(ann.password, undefined);
  assert.equal(ann.pin, '12', 'a PIN the loader will refuse is not hashed');
  await putItem(doc, 'agents', 'ann', { username: 'ann', displayName: 'Ann C', agentNumber: '1001', campaigns: ['c1'] }, hash);
  ann = sectionItems(doc, 'agents')[0]!;
  assert.equal(ann.passwordHash, 'H(new-pass)', 'left out: kept');
  assert.equal(ann.pin, '12');
  assert.match(printDocument(doc), /campaigns: \[c1\]/, 'short lists stay on one line');
});

test('export leaves every secret out (comments kept); import gives users and trunks back theirs', async () => {
  const out = exportText(FILE);
  assert.match(out, /# The head comment\./);
  assert.doesNotMatch(out, /plain-pass|trunk-secret|scrypt\$|^\s*(password|passwordHash|pinHash):/m);
  assert.match(out, /passwordEnv: PBX_PASSWORD/, 'a secret’s environment variable name is not a secret');
  const back = readDocument(await importText(out.replace('displayName: Ann', 'displayName: Ann Imported'), FILE, hash));
  const ann = sectionItems(back, 'agents')[0]!;
  assert.equal(ann.displayName, 'Ann Imported');
  assert.equal(ann.password, 'plain-pass', 'kept as the file had it');
  assert.equal(ann.pinHash, 'scrypt$1$1$1$aaaa$bbbb');
  const trunks = sectionItems(back, 'trunks') as Array<{ credentials: Record<string, unknown> }>;
  assert.deepEqual(trunks[0]!.credentials, { username: 'acme', password: 'trunk-secret' });
  assert.deepEqual(trunks[1]!.credentials, { username: 'pbx', passwordEnv: 'PBX_PASSWORD' });
  // Another trunk user is another account: its old password is not handed to it.
  const moved = readDocument(await importText(out.replace('username: acme', 'username: other'), FILE, hash));
  assert.equal((sectionItems(moved, 'trunks')[0] as { credentials: Record<string, unknown> }).credentials.password, undefined);
  // A plaintext password in an import is hashed before it reaches the file.
  const plain = readDocument(await importText(out.replace('displayName: Ann\n', 'displayName: Ann\n    password: fresh-one\n'), FILE, hash));
  assert.equal(sectionItems(plain, 'agents')[0]!.passwordHash, 'H(fresh-one)');
});

test('trunks are keyed by name and DNIS by number; a trunk password is never returned, and kept when left out for the same account', async () => {
  const doc = readDocument(FILE);
  const carrier = sectionItems(doc, 'trunks')[0]!;
  assert.equal(itemKey('trunks', carrier), 'carrier');
  assert.equal(itemKey('dnis', { number: '+61290000001', workflow: 'w' }), '+61290000001');
  assert.deepEqual(redactItem('trunks', carrier), { name: 'carrier', address: 'sip.example:5060', credentials: { username: 'acme' } });
  assert.equal(carriesSecret('trunks', carrier), true);
  assert.equal(carriesSecret('trunks', redactItem('trunks', carrier)), false);
  // Edited as the API returned it (no password): the file keeps it.
  await putItem(doc, 'trunks', 'carrier', { ...redactItem('trunks', carrier), maxCalls: 10 }, hash);
  assert.deepEqual(sectionItems(doc, 'trunks')[0], { ...carrier, maxCalls: 10 });
  // A blank password is none; another username is another account, whose password is not the old one.
  await putItem(doc, 'trunks', 'carrier', { name: 'carrier', address: 'sip.example', credentials: { username: 'other', password: '' } }, hash);
  assert.deepEqual(sectionItems(doc, 'trunks')[0]!.credentials, { username: 'other' });
  // The item is what was sent: a password given where the file named an environment variable replaces it.
  await putItem(doc, 'trunks', 'pbx', { address: 'pbx.example', credentials: { username: 'pbx', password: 'new-one' } }, hash);
  assert.deepEqual(sectionItems(doc, 'trunks')[1], { name: 'pbx', address: 'pbx.example', credentials: { username: 'pbx', password: 'new-one' } }, 'the URL names it');
  await putItem(doc, 'dnis', '+61290000002', { number: '+61299999999', workflow: 'w' }, hash);
  assert.deepEqual(sectionItems(doc, 'dnis'), [{ number: '+61290000002', workflow: 'w' }], "the URL's number wins");
});

test('a single-object section is set in place, created at the end, removed with its comment kept for what follows; lists print as written', () => {
  const text = `name: Test\n# How calls out are checked.\ndialPlan:\n  allowCountries: [AU] # home only\n  blockNumbers: []\n# Recording roles.\nrecordings:\n  play: [admin]\n  # retentionDays: 90\n\n# --- CRMs\n# crm:\n#   allowedOrigins: []\n`;
  assert.equal(printDocument(readDocument(text)), text, 'an untouched file prints as it was');
  const doc = readDocument(text);
  assert.deepEqual(objectSection(doc, 'dialPlan'), { allowCountries: ['AU'], blockNumbers: [] });
  assert.equal(objectSection(doc, 'crm'), null);
  assert.equal(putObject(doc, 'dialPlan', { allowCountries: ['AU'], blockNumbers: ['+1900'] }).action, 'update');
  assert.match(printDocument(doc), /allowCountries: \[AU\] # home only\n\s+blockNumbers: \["\+1900"\]/);
  assert.equal(putObject(doc, 'crm', { allowedOrigins: ['https://a.example.com'] }).action, 'create');
  assert.match(
    printDocument(doc),
    /# retentionDays: 90\n\n# --- CRMs\n# crm:\n# {3}allowedOrigins: \[\]\ncrm:\n {2}allowedOrigins: \[https:\/\/a.example.com\]\n$/,
    'after its commented example',
  );
  assert.equal(deleteObject(doc, 'dialPlan')?.action, 'delete');
  assert.equal(deleteObject(doc, 'dialPlan'), null);
  assert.match(printDocument(doc), /^name: Test\n\n# How calls out are checked\.\n\n# Recording roles\.\nrecordings:/);
});
