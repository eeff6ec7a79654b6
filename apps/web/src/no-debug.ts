/**
 * Stands in for the `debug` package, which simple-peer logs through when
 * `localStorage.debug` names it: the app reports through its own Logger (call/logger.ts), and
 * the room page is 2 KB gzip lighter without a logger nobody turns on. vite.config.ts points
 * `debug` here (build and dev server); the unit tests run the real package.
 */
export default function debug(namespace: string) {
  return Object.assign((..._args: unknown[]) => {}, { namespace, enabled: false });
}
