import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../main/store/db.js';
import { readSyncState } from '../../main/store/sync-state.js';
import {
  KEY_FILE,
  decryptSecret,
  encryptSecret,
  loadCredential,
  loadOrCreateKey,
  storeCredential,
} from '../../main/sync/credential.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('sync credential', () => {
  let temp: ReturnType<typeof makeTempDir>;

  beforeEach(() => {
    temp = makeTempDir('sync-credential');
  });

  afterEach(() => {
    temp.remove();
  });

  it('key file is 32 bytes with mode 0600', () => {
    const key = loadOrCreateKey(temp.dir);
    expect(key).toHaveLength(32);
    expect(statSync(join(temp.dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(temp.dir).equals(key)).toBe(true);
  });

  it('round trip and wrong key or kiosk', () => {
    const key = loadOrCreateKey(temp.dir);
    const stored = encryptSecret(key, 's3cret-value', 'kiosk-1');
    expect(stored).not.toContain('s3cret-value');
    expect(decryptSecret(key, stored, 'kiosk-1')).toBe('s3cret-value');
    expect(() => decryptSecret(key, stored, 'kiosk-2')).toThrow(/does not decrypt/u);
    expect(() => decryptSecret(Buffer.alloc(32, 1), stored, 'kiosk-1')).toThrow(
      /does not decrypt/u,
    );
    expect(() => decryptSecret(key, 'garbage', 'kiosk-1')).toThrow(/unknown format/u);
  });

  it('store never holds the secret in clear', () => {
    const db = openStore(join(temp.dir, 'kiosk.sqlite'));
    try {
      storeCredential(
        db,
        temp.dir,
        { kioskId: 'k1', secret: 'plain-secret-xyz' },
        '丹州街道驿站',
      );
      const state = readSyncState(db);
      expect(state.credential).not.toContain('plain-secret-xyz');
      expect(state.station).toBe('丹州街道驿站');
      expect(loadCredential(db, temp.dir)).toEqual({
        kioskId: 'k1',
        secret: 'plain-secret-xyz',
      });
    } finally {
      db.close();
    }
  });

  it('short key file is rejected', () => {
    writeFileSync(join(temp.dir, KEY_FILE), Buffer.alloc(5), { mode: 0o600 });
    expect(() => loadOrCreateKey(temp.dir)).toThrow(/5 bytes, expected 32/u);
  });
});
