export type RelayLogger = (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;

/**
 * One JSON line per event. Callers pass ids and codes only: tokens, passwords, invite codes and
 * update bytes are never given to the logger.
 */
export function jsonLineLogger(write: (line: string) => void = (l) => process.stderr.write(l)): RelayLogger {
  return (level, message, fields = {}) => {
    write(`${JSON.stringify({ at: new Date().toISOString(), level, message, ...fields })}\n`);
  };
}

export const silentLogger: RelayLogger = () => {};
