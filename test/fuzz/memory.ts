/** The process's peak resident set so far, in MB (Linux reports `maxRSS` in KB); it never goes down. */
export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
