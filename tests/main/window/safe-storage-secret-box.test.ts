import { describe, expect, it } from 'vitest';
import { safeStorageSecretBox } from '../../../src/main/window/safe-storage-secret-box';
import { plainSecretBox } from '../../../src/main/engines/campaigns';

/** A keychain stand-in: safeStorage itself needs Electron, which this environment cannot start. */
const cipher = (available: boolean) => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain: string) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)),
  decryptString: (enc: Buffer) => Buffer.from([...enc].map((b) => b ^ 0x5a)).toString('utf8'),
});

describe('the desktop SecretBox', () => {
  it('seals through the keychain, never leaving the password readable, and opens it again', () => {
    const box = safeStorageSecretBox(cipher(true));
    const sealed = box.seal('hunter2-secret');
    expect(sealed.startsWith('safe:')).toBe(true);
    expect(sealed).not.toContain('hunter2');
    expect(Buffer.from(sealed.slice(5), 'base64').toString('utf8')).not.toContain('hunter2');
    expect(box.open(sealed)).toBe('hunter2-secret');
  });

  it('opens a value a headless run stored, and falls back to it without a keychain', () => {
    expect(safeStorageSecretBox(cipher(true)).open(plainSecretBox.seal('from-headless'))).toBe('from-headless');
    const box = safeStorageSecretBox(cipher(false));
    expect(box.open(box.seal('no-keychain'))).toBe('no-keychain');
  });
});
