import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  contributes: {
    configuration: { properties: Record<string, Setting> };
    commands: { command: string }[];
    walkthroughs: {
      steps: { description: string; media: { markdown?: string; image?: string; altText?: string } }[];
    }[];
  };
};

interface Setting {
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, Setting>;
}

/** The commands the extension registers (client/src), read from its sources. */
function registeredCommands(): Set<string> {
  const dir = path.join(REPO, 'client', 'src');
  const sources = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
  const constants = new Map(
    [...sources.matchAll(/const (\w+) = '(amlNetworkGuard\.[\w.]+)'/g)].map((m) => [m[1], m[2]]),
  );
  return new Set(
    [...sources.matchAll(/registerCommand\(\s*(?:'([\w.]+)'|(\w+))/g)].map((m) => m[1] ?? constants.get(m[2]) ?? m[2]),
  );
}

describe('extension manifest (package.json)', () => {
  it('describes every setting, and every rule of the severity setting', () => {
    const undescribed: string[] = [];
    const visit = (key: string, s: Setting) => {
      if (!s.description && !s.markdownDescription) undescribed.push(key);
      for (const [k, inner] of Object.entries(s.properties ?? {})) visit(`${key}.${k}`, inner);
    };
    for (const [key, s] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(key.startsWith('amlNetworkGuard.'), `${key} is an amlNetworkGuard.* setting`);
      visit(key, s);
    }
    assert.deepEqual(undescribed, []);
  });

  it('contributes exactly the commands the extension registers', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [...registeredCommands()].sort());
  });

  it('has a walkthrough whose buttons run real commands and whose media exist', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const builtIn = new Set(['workbench.actions.view.problems']);
    const [walkthrough] = manifest.contributes.walkthroughs;
    for (const step of walkthrough.steps) {
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g))
        assert.ok(contributed.has(command) || builtIn.has(command), `${command} exists`);
      for (const media of [step.media.markdown, step.media.image].flatMap((m) => m ?? []))
        assert.ok(fs.existsSync(path.join(REPO, media)), `${media} exists`);
      if (step.media.image) assert.ok(step.media.altText, 'an image has its alt text');
    }
    const commands = walkthrough.steps.flatMap((s) =>
      [...s.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]),
    );
    for (const needed of [
      'amlNetworkGuard.openExample',
      'amlNetworkGuard.showTopology',
      'amlNetworkGuard.scanWorkspace',
    ])
      assert.ok(commands.includes(needed), `the walkthrough runs ${needed}`);
  });
});
