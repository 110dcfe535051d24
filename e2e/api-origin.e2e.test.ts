import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { startDemoApp } from './support/server';
import { waitForText } from './support/eventually';
import { logIn } from './support/adapter-page';

/**
 * `?api=` may name only an origin the server lists (ALLOWED_API_ORIGINS). A crafted link
 * `http://server/?api=http://attacker` used to post the login form's password to the
 * attacker while the address bar showed the real server. HTTP on free ports.
 */
describe('?api= and the password (Chromium)', () => {
  let browser: Browser;
  let attacker: Server;
  let attackerUrl = '';
  const stolen: string[] = [];
  let server: Awaited<ReturnType<typeof startDemoApp>>;
  before(async () => {
    attacker = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        stolen.push(`${req.method} ${req.url} ${body}`);
        // As permissive as an attacker would be.
        res.writeHead(req.method === 'OPTIONS' ? 204 : 401, {
          'access-control-allow-origin': '*',
          'access-control-allow-headers': '*',
          'access-control-allow-methods': '*',
          'content-type': 'application/json',
        });
        res.end(req.method === 'OPTIONS' ? '' : '{"error":{"code":"INVALID_CREDENTIALS","message":"Wrong username or password"}}');
      });
    });
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', () => r()));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
    server = await startDemoApp('switchboard-api-origin-', () => ({ apiOrigins: ['https://sb2.example.com'] }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((r) => attacker?.close(r));
  });

  it('an unlisted ?api= is ignored: the login goes to the real server, the page says so, the attacker gets nothing', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/?api=${encodeURIComponent(attackerUrl)}`);
    await waitForText(page.getByTestId('api-server'), /Ignored the server in this link/);
    assert.match((await page.getByTestId('api-server').textContent()) ?? '', new RegExp(attackerUrl.replace(/[.:/]/g, '\\$&')));
    await logIn(page, 'alice', 'demo1234');
    await page.getByRole('heading', { name: 'Phone Connection' }).waitFor();
    await page.waitForTimeout(300);
    assert.deepEqual(stolen, [], 'nothing reached the attacker');
    await page.close();
  });

  it('a listed ?api= is used, and the login screen names that server', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/?api=https://sb2.example.com`);
    await waitForText(page.getByTestId('api-server'), /^Server: sb2\.example\.com$/);
    await page.close();
  });

  it("the adapter's own origin shows no notice", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByLabel('Agent Username').waitFor();
    assert.equal(await page.getByTestId('api-server').count(), 0);
    const html = await (await fetch(`${server.baseUrl}/`)).text();
    assert.match(html, /<meta name="switchboard-api-origins" content="https:\/\/sb2\.example\.com" \/>/);
    await page.close();
  });
});
