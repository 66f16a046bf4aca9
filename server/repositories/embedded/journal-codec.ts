import { crc32 } from 'node:zlib';

/**
 * One journal line = one committed transaction: `<crc32 hex8> <json>\n`.
 * The checksum lets recovery tell a torn final write (process killed mid-append: the
 * commit was never acknowledged, so dropping it loses nothing) from real corruption.
 */
export function encodeLine(record: unknown): string {
  const json = JSON.stringify(record);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

export type DecodedLine = { ok: true; record: unknown } | { ok: false; reason: string };

export function decodeLine(line: string): DecodedLine {
  const space = line.indexOf(' ');
  if (space !== 8) return { ok: false, reason: 'missing checksum' };
  const json = line.slice(9);
  const expected = Number.parseInt(line.slice(0, 8), 16);
  if (crc32(json) !== expected) return { ok: false, reason: 'checksum mismatch' };
  try {
    return { ok: true, record: JSON.parse(json) };
  } catch {
    return { ok: false, reason: 'invalid JSON' };
  }
}
