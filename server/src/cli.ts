import { run } from './cli/main';

// Entry of `aml-network-guard` (bundled to dist/cli.js): process wiring only.

// A reader that stops early (`… | head`) closes the pipe: not worth a stack trace, and the exit code
// stays the scan's. Any other write failure means the report was lost.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') return;
  process.stderr.write(`aml-network-guard: cannot write the report: ${err.message}\n`);
  process.exitCode = 2;
});

void run(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTty: process.stdout.isTTY === true,
  env: process.env,
}).then((code) => {
  // A failed write may have set 2 already; the worse outcome wins.
  process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
});
