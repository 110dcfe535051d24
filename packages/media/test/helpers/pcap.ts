import { readFileSync } from 'node:fs';

/** One UDP datagram out of a capture. */
export interface PcapUdp {
  timeUs: number;
  srcPort: number;
  dstPort: number;
  payload: Buffer;
}

/**
 * A small libpcap reader: classic pcap files (µs or ns timestamps, either
 * byte order) over Ethernet (with VLAN tags), Linux cooked (v1/v2), BSD
 * loopback or raw IP; IPv4 and IPv6; returns the UDP payloads.
 */
export function readPcapUdp(path: string): PcapUdp[] {
  const b = readFileSync(path);
  const magic = b.readUInt32LE(0);
  let le: boolean;
  let nano = false;
  if (magic === 0xa1b2c3d4) le = true;
  else if (magic === 0xd4c3b2a1) le = false;
  else if (magic === 0xa1b23c4d) (le = true), (nano = true);
  else if (magic === 0x4d3cb2a1) (le = false), (nano = true);
  else throw new Error(`${path}: not a libpcap file (pcapng is not supported)`);
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const linkType = u32(20);
  const out: PcapUdp[] = [];
  let o = 24;
  while (o + 16 <= b.length) {
    const sec = u32(o);
    const frac = u32(o + 4);
    const incl = u32(o + 8);
    const frame = b.subarray(o + 16, o + 16 + incl);
    o += 16 + incl;
    const ip = ipStart(frame, linkType);
    if (ip < 0) continue;
    const udp = udpStart(frame, ip);
    if (udp < 0 || udp + 8 > frame.length) continue;
    const udpLen = frame.readUInt16BE(udp + 4);
    out.push({
      timeUs: sec * 1e6 + (nano ? Math.floor(frac / 1000) : frac),
      srcPort: frame.readUInt16BE(udp),
      dstPort: frame.readUInt16BE(udp + 2),
      payload: Buffer.from(frame.subarray(udp + 8, Math.min(frame.length, udp + udpLen))),
    });
  }
  return out;
}

function ipStart(f: Buffer, linkType: number): number {
  switch (linkType) {
    case 1: {
      let o = 12;
      let type = f.readUInt16BE(o);
      while (type === 0x8100 || type === 0x88a8) (o += 4), (type = f.readUInt16BE(o));
      return type === 0x0800 || type === 0x86dd ? o + 2 : -1;
    }
    case 113:
      return 16;
    case 276:
      return 20;
    case 0:
    case 108:
      return 4;
    case 101:
    case 12:
      return 0;
    default:
      throw new Error(`pcap link type ${linkType} not supported`);
  }
}

function udpStart(f: Buffer, ip: number): number {
  const v = f[ip]! >> 4;
  if (v === 4) return f[ip + 9] === 17 ? ip + (f[ip]! & 0x0f) * 4 : -1;
  if (v === 6) return f[ip + 6] === 17 ? ip + 40 : -1;
  return -1;
}
