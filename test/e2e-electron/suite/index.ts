// Entry point the extension host loads (desktop VS Code via @vscode/test-electron, or code-server
// via the workbench's extensionTestsPath): runs every *.test.js here. Results also go to
// console.log, which the extension host forwards to the window's console, the only output a
// browser-driven run can read; the last line is `extension tests: N passed, N failed`.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const name of readdirSync(__dirname).filter((n) => n.endsWith('.test.js'))) mocha.addFile(join(__dirname, name));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`extension tests: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => console.log(`extension test passed: ${test.fullTitle()}`));
    runner.on('fail', (test, err: Error) =>
      console.log(`extension test failed: ${test.fullTitle()}: ${err.stack ?? err.message}`),
    );
  });
}
