import { readFileSync } from 'node:fs';

let cached: string | null = null;

/** Returns the kiosk software version from package.json, or 'unknown' when it cannot be read. */
export function kioskVersion(): string {
  if (cached !== null) return cached;
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    const version = (JSON.parse(text) as { version?: unknown }).version;
    cached = typeof version === 'string' ? version : 'unknown';
  } catch {
    cached = 'unknown';
  }
  return cached;
}
