import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded platform's JWT secret when none is configured: generated once and kept
 * in the data folder (owner-only), so tokens survive a restart on the same machine and
 * a fresh machine needs no configuration at all.
 */
export function persistedSecret(dataDir: string): () => string {
  return () => {
    const file = path.join(dataDir, 'identity', 'jwt-secret');
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const value = randomBytes(48).toString('base64url');
    try {
      // `wx`: when two processes race on a fresh folder, the first file wins and both read it.
      fs.writeFileSync(file, `${value}\n`, { flag: 'wx', mode: 0o600 });
      return value;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
      throw error;
    }
  };
}
