import { createHash } from 'node:crypto';

/**
 * The two hashes ARM uses to make names: `uniqueString` and `guid`. Both must give exactly what
 * Azure gives, or every generated name (storage accounts, role assignments…) would differ from the
 * deployed one and references would stop matching.
 */

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** ARM `uniqueString(a, b, …)`: a Murmur-style 64-bit hash of `a-b-…` (UTF-8), 13 base-32 characters. */
export function uniqueString(parts: readonly string[]): string {
  let h = murmur64(Buffer.from(parts.join('-'), 'utf8'));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += BASE32[Number(h >> 59n)];
    h = (h << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

/** The namespace ARM's `guid()` hashes names in (a version-5 UUID, SHA-1). */
const ARM_GUID_NAMESPACE = '11fb06fb-712d-4ddd-98c7-e71bbd588830';

/** ARM `guid(a, b, …)`: the name-based UUID of `a-b-…` in ARM's namespace. */
export function armGuid(parts: readonly string[]): string {
  return uuidV5(ARM_GUID_NAMESPACE, parts.join('-'));
}

/** RFC 4122 version-5 (SHA-1, name-based) UUID. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const digest = createHash('sha1').update(ns).update(Buffer.from(name, 'utf8')).digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const C1 = 0x239b961b;
const C2 = 0xab0e9789;
const C3 = 0x85ebca6b;
const C4 = 0xc2b2ae35;

/** Two 32-bit lanes over 8-byte blocks, as in Azure's resource stack (not the public MurmurHash64A). */
function murmur64(data: Uint8Array): bigint {
  const length = data.length;
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 7 < length; i += 8) {
    h1 = ((rotl(h1 ^ mixK1(le32(data, i, 4)), 19) + h2) >>> 0) * 5 + 0x561ccd1b;
    h1 >>>= 0;
    h2 = ((rotl(h2 ^ mixK2(le32(data, i + 4, 4)), 13) + h1) >>> 0) * 5 + 0x0bcaa747;
    h2 >>>= 0;
  }
  const tail = length - i;
  if (tail > 0) {
    h1 = (h1 ^ mixK1(le32(data, i, Math.min(tail, 4)))) >>> 0;
    if (tail > 4) h2 = (h2 ^ mixK2(le32(data, i + 4, tail - 4))) >>> 0;
  }
  h1 = (h1 ^ length) >>> 0;
  h2 = (h2 ^ length) >>> 0;
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) >>> 0;
  h2 = (h2 + h1) >>> 0;
  return (BigInt(h2) << 32n) | BigInt(h1);
}

function mixK1(k: number): number {
  return Math.imul(rotl(Math.imul(k, C1), 15), C2) >>> 0;
}

function mixK2(k: number): number {
  return Math.imul(rotl(Math.imul(k, C2), 17), C1) >>> 0;
}

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), C3);
  h = Math.imul(h ^ (h >>> 13), C4);
  return (h ^ (h >>> 16)) >>> 0;
}

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** Little-endian value of `count` (1–4) bytes. */
function le32(data: Uint8Array, at: number, count: number): number {
  let v = 0;
  for (let k = count - 1; k >= 0; k--) v = (v << 8) | data[at + k];
  return v >>> 0;
}
