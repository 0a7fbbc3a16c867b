import { safeStorage } from 'electron';
import type { SecretCipher } from '../services/secret-store';

/**
 * Secrets encrypted with the OS keystore (libsecret/KWallet on Linux, Keychain, DPAPI). On Linux
 * without a keyring Electron falls back to a fixed key ("basic_text"); that is no protection,
 * so saving is refused there and the user types the password each time.
 */
export function safeStorageCipher(): SecretCipher {
  const available =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  return {
    scheme: 'electron-safe-storage',
    available,
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}
