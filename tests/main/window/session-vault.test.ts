import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SessionVault, type StringCipher } from '../../../src/main/window/session-vault';
import { tempDir } from '../../helpers/temp-store';

/** Stands in for the OS keychain, which does not exist on a build machine: a reversible scramble. */
function cipher(available = true): StringCipher {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
    decryptString: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString(),
  };
}

const TOKEN = 'Zx9_-abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('desktop session vault', () => {
  it('keeps a refresh token encrypted and gives it back', () => {
    const file = join(tempDir(), 'session.bin');
    const vault = new SessionVault(file, cipher());
    vault.save(TOKEN);
    expect(readFileSync(file).toString()).not.toContain(TOKEN);
    expect(vault.load()).toBe(TOKEN);
    vault.save(null);
    expect(existsSync(file)).toBe(false);
    expect(vault.load()).toBeNull();
  });

  it('refuses what is not a refresh token and keeps nothing without a keychain', () => {
    const file = join(tempDir(), 'session.bin');
    const vault = new SessionVault(file, cipher());
    for (const bad of [42, {}, 'has spaces in it and is long enough', 'short', 'x'.repeat(500)]) vault.save(bad);
    expect(existsSync(file)).toBe(false);
    const noKeychain = new SessionVault(file, cipher(false));
    noKeychain.save(TOKEN);
    expect(existsSync(file)).toBe(false);
    expect(noKeychain.load()).toBeNull();
  });
});
