/**
 * Where the engine reports what went wrong without a person needing to know: refused
 * acknowledgements (with their code), peer errors. Injected, so tests stay quiet and
 * development shows everything.
 */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export const silentLogger: Logger = { debug() {}, warn() {}, error() {} };

/** The browser console, under a `moim` prefix; `debug` only when `verbose`. */
export function consoleLogger(verbose: boolean): Logger {
  return {
    debug: verbose ? (message, ...details) => console.debug(`moim: ${message}`, ...details) : () => {},
    warn: (message, ...details) => console.warn(`moim: ${message}`, ...details),
    error: (message, ...details) => console.error(`moim: ${message}`, ...details),
  };
}
