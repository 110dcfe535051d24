import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { CrmError } from '../crm-error';

export interface ZendeskAppOptions {
  /** The adapter's https URL; `?crm=zendesk` is added (and a background role for the relay). */
  adapterUrl: string;
  name?: string;
  authorName?: string;
  authorEmail?: string;
  width?: number;
  height?: number;
}

/** The app's manifest: the adapter in the top bar, and a background location that relays click-to-dial. */
export function zendeskManifest(o: ZendeskAppOptions): Record<string, unknown> {
  let url: URL;
  try {
    url = new URL(o.adapterUrl);
  } catch {
    throw new CrmError('CRM_BAD_INPUT', 'Zendesk', `Not a URL: ${o.adapterUrl}`);
  }
  if (url.protocol !== 'https:') throw new CrmError('CRM_BAD_INPUT', 'Zendesk', 'Zendesk loads app pages only over https');
  url.searchParams.set('crm', 'zendesk');
  const background = new URL(url);
  background.searchParams.set('zafRole', 'background');
  return {
    name: o.name ?? 'Switchboard',
    author: { name: o.authorName ?? 'Switchboard', email: o.authorEmail ?? 'admin@example.com' },
    defaultLocale: 'en',
    private: true,
    location: {
      support: {
        top_bar: { url: url.toString(), size: { width: `${o.width ?? 320}px`, height: `${o.height ?? 520}px` }, autoLoad: true },
        background: { url: background.toString() },
      },
    },
    version: '1.0.0',
    frameworkVersion: '2.0',
  };
}

/** The zip Zendesk uploads (Admin Center → Apps → Upload private app): manifest, translations, logos. */
export function zendeskAppZip(o: ZendeskAppOptions): Buffer {
  const manifest = zendeskManifest(o);
  const en = {
    app: {
      name: manifest.name,
      short_description: 'Contact-centre calls in Zendesk',
      long_description: 'The Switchboard agent adapter: calls, screen pop, click-to-dial and call logging.',
    },
  };
  return zip([
    ['manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)],
    ['translations/en.json', Buffer.from(`${JSON.stringify(en, null, 2)}\n`)],
    ['assets/logo.png', solidPng(320, 320, [0x1f, 0x6f, 0xeb])],
    ['assets/logo-small.png', solidPng(128, 128, [0x1f, 0x6f, 0xeb])],
  ]);
}

/** A one-colour RGB PNG (the app's logos until an operator replaces them). */
export function solidPng(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, RGB, deflate, no filter method, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A minimal zip (deflated entries, one central directory): enough for an app upload. */
export function zip(entries: ReadonlyArray<readonly [string, Buffer]>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
