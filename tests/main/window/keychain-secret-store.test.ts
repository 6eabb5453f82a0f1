import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeychainSecretStore } from '../../../src/main/window/keychain-secret-store';
import { tempDir } from '../../helpers/temp-store';

/** Stands in for the OS keychain: reversible, and never the plain text on disk. */
const cipher = (available = true) => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decryptString: (data: Buffer) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
});

describe('desktop secret store', () => {
  it('keeps secrets encrypted on disk across instances and forgets them on delete', () => {
    const dir = join(tempDir(), 'secrets');
    const store = new KeychainSecretStore(dir, cipher());
    store.set('sync.refresh_token', 'refresh-secret-123');
    expect(new KeychainSecretStore(dir, cipher()).get('sync.refresh_token')).toBe('refresh-secret-123');
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).toString('utf8')).not.toContain('refresh-secret');
    store.delete('sync.refresh_token');
    expect(store.get('sync.refresh_token')).toBeNull();
  });

  it('without a keychain keeps secrets for this run only, never on disk', () => {
    const dir = join(tempDir(), 'secrets');
    const store = new KeychainSecretStore(dir, cipher(false));
    store.set('smtp.password', 'p4ss');
    expect(store.get('smtp.password')).toBe('p4ss');
    expect(() => readdirSync(dir)).toThrow();
    expect(new KeychainSecretStore(dir, cipher(false)).get('smtp.password')).toBeNull();
  });
});
