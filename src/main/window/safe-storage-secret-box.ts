import { plainSecretBox, type SecretBox } from '../engines/campaigns';
import type { StringCipher } from './session-vault';

/**
 * The desktop's SecretBox (the SMTP password): sealed by the OS keychain through safeStorage.
 * Where the keychain is unavailable it falls back to the headless form, and a value stored
 * by a headless run of the same data dir still opens.
 */
export function safeStorageSecretBox(cipher: StringCipher): SecretBox {
  return {
    seal: (plain) => (cipher.isEncryptionAvailable() ? `safe:${cipher.encryptString(plain).toString('base64')}` : plainSecretBox.seal(plain)),
    open: (sealed) => {
      if (!sealed.startsWith('safe:')) return plainSecretBox.open(sealed);
      try {
        return cipher.decryptString(Buffer.from(sealed.slice(5), 'base64'));
      } catch {
        return '';
      }
    },
  };
}
