import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { REFRESH_TOKEN_PATTERN } from '../../shared/ipc-channels';

/** The part of Electron's safeStorage the vault uses (the OS keychain does the encryption). */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Keeps the desktop user's refresh token between launches, encrypted by the OS keychain.
 * Where the keychain is unavailable nothing is kept: the person signs in again rather than
 * finding a token in plain text on disk.
 */
export class SessionVault {
  constructor(
    private readonly file: string,
    private readonly cipher: StringCipher,
  ) {}

  load(): string | null {
    if (!this.cipher.isEncryptionAvailable()) return null;
    try {
      const token = this.cipher.decryptString(readFileSync(this.file));
      return REFRESH_TOKEN_PATTERN.test(token) ? token : null;
    } catch {
      return null;
    }
  }

  /** Validates what the renderer sent: a refresh token, or null to forget it. */
  save(value: unknown): void {
    if (value === null) {
      rmSync(this.file, { force: true });
      return;
    }
    if (typeof value !== 'string' || !REFRESH_TOKEN_PATTERN.test(value)) return;
    if (!this.cipher.isEncryptionAvailable()) return;
    writeFileSync(this.file, this.cipher.encryptString(value), { mode: 0o600 });
  }
}
