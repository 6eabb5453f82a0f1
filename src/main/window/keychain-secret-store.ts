import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../engines/sync';
import type { StringCipher } from './session-vault';

/**
 * The desktop app's secret store (the team relay's refresh token, the SMTP password): one file
 * per secret, encrypted by the OS keychain through safeStorage. Where the keychain is not
 * available, secrets are kept in memory for this run only, never in plain text on disk.
 */
export class KeychainSecretStore implements SecretStore {
  private readonly memory = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly cipher: StringCipher,
  ) {}

  private file(key: string): string {
    return join(this.dir, `${key.replace(/[^A-Za-z0-9_.-]/g, '_')}.bin`);
  }

  get(key: string): string | null {
    if (!this.cipher.isEncryptionAvailable()) return this.memory.get(key) ?? null;
    try {
      return this.cipher.decryptString(readFileSync(this.file(key)));
    } catch {
      return null;
    }
  }

  set(key: string, value: string): void {
    if (!this.cipher.isEncryptionAvailable()) {
      this.memory.set(key, value);
      return;
    }
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileSync(this.file(key), this.cipher.encryptString(value), { mode: 0o600 });
  }

  delete(key: string): void {
    this.memory.delete(key);
    rmSync(this.file(key), { force: true });
  }
}
