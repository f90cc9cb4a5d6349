/**
 * When the client restarts a language server that stopped (crashed, killed, out of memory): always,
 * unless it stopped `limit` times within `windowMs`. A server that dies at start-up would otherwise
 * be restarted in a loop; the user can still restart it by command once the cause is fixed.
 */
export class RestartPolicy {
  private readonly stops: number[] = [];

  constructor(
    readonly limit = 5,
    readonly windowMs = 3 * 60 * 1000,
  ) {}

  /** Records a stop at `now`; whether to restart the server. */
  stopped(now: number): boolean {
    this.stops.push(now);
    while (this.stops.length > 0 && now - this.stops[0] > this.windowMs) this.stops.shift();
    return this.stops.length < this.limit;
  }

  /** Stops within the window, the last one included. */
  get recent(): number {
    return this.stops.length;
  }
}
