/**
 * Wraps a request handler so that a failure is logged and answered with `fallback` instead of
 * breaking the request (or, for notifications, the server).
 */
export function safely<A extends unknown[], R>(
  name: string,
  log: (message: string) => void,
  fallback: R,
  handler: (...args: A) => R,
): (...args: A) => R {
  return (...args: A): R => {
    try {
      return handler(...args);
    } catch (err) {
      log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fallback;
    }
  };
}
