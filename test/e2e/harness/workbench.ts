import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_BIN, E2E_DIR } from './environment';

/** Flags that keep headless Chromium off the network (the machine's closed network refuses it). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One diagnostic row of the Problems panel. */
export interface ProblemRow {
  /** The file's path under the opened folder, from the group header above the row. */
  file: string;
  /** 'Error' | 'Warning' | 'Info', as the row's accessible label announces it. */
  severity: string;
  /** What the row shows: message, source, code, and `[Ln l, Col c]`. */
  text: string;
  /** Where the diagnostic's code links to (`codeDescription.href`), if anywhere. */
  codeHref?: string;
  line: number;
  column: number;
}

const PROBLEM_ROWS = '.markers-panel .monaco-list-row';
const QUICK_FIXES = '.action-widget .monaco-list-row.action';
/** Rows of extension tree views (TreeDataProvider) in the side bar. */
const TREE_ROWS = '.part.sidebar .monaco-list-row[role="treeitem"]:has(.custom-view-tree-node-item)';

/** One row of an extension's tree view. */
export interface TreeRow {
  label: string;
  description: string;
  /** 1 for the top-level items. */
  level: number;
  expanded: boolean | undefined;
  /** The file-decoration badge drawn after the label (a problem count), '' when none. */
  badge: string;
}
/** A widget to crop a screenshot to, with this many pixels of what surrounds it (left: from the part's edge). */
export interface Surroundings {
  selector: string;
  above: number;
  below: number;
  right: number;
}

const POSITION = /\[Ln (\d+), Col (\d+)\]/;
const FILE_HEADER = /problems? in file (.+?)(?: of folder (.+))?$/;

/** A VS Code workbench in headless Chromium, driven only through its UI. */
export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly consoleLines: string[],
  ) {}

  /**
   * Opens `folder` in the workbench at `url`. `developmentPayload` is VS Code's own `payload` query
   * (e.g. extensionDevelopmentPath and extensionTestsPath as vscode-remote URIs) for running an
   * extension-host test suite.
   */
  static async open(
    url: string,
    folder: string,
    developmentPayload?: [string, string][],
    viewport = { width: 1400, height: 900 },
  ): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_BIN, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport });
      const consoleLines: string[] = [];
      page.on('console', (m) => consoleLines.push(m.text()));
      const payload = developmentPayload ? `&payload=${encodeURIComponent(JSON.stringify(developmentPayload))}` : '';
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}${payload}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
      return new Workbench(browser, page, consoleLines);
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  /** The browser console (the extension host's logs and errors show up there). */
  get console(): readonly string[] {
    return this.consoleLines;
  }

  /**
   * Opens a file from the explorer; `path` is relative to the folder, '/'-separated. Each name is
   * looked for among the children of the folder before it (`a/x.json` and `b/x.json` both exist),
   * once the explorer has drawn them: a folder's children appear a moment after its click.
   */
  async openFile(path: string): Promise<void> {
    const parts = path.split('/');
    let parent: number | undefined;
    for (const [i, name] of parts.entries()) {
      const index = await this.explorerChild(parent, i + 1, name);
      const row = this.page.locator(`.explorer-folders-view .monaco-list-row[data-index="${index}"]`);
      const isFile = i === parts.length - 1;
      parent = index;
      if (!isFile && (await row.getAttribute('aria-expanded', { timeout: 10_000 })) === 'true') continue;
      await row.click();
    }
    await this.page.waitForSelector(`.tab.active:has-text("${parts[parts.length - 1]}")`, { timeout: 30_000 });
    await this.page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
  }

  /** The list index of the explorer row `name` at `level` under the row `parent` (the top when undefined), once drawn. */
  private async explorerChild(parent: number | undefined, level: number, name: string): Promise<number> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = await this.page.$$eval('.explorer-folders-view .monaco-list-row[role="treeitem"]', (els) =>
        els.map((e) => ({
          index: Number(e.getAttribute('data-index')),
          level: Number(e.getAttribute('aria-level')),
          name: e.getAttribute('aria-label') ?? '',
        })),
      );
      rows.sort((a, b) => a.index - b.index);
      // The parent's children: the rows after it, up to the next one no deeper than it.
      const from = parent === undefined ? 0 : rows.findIndex((r) => r.index === parent) + 1;
      const end = rows.findIndex((r, k) => k >= from && r.level < level);
      const found = rows.slice(from, end < 0 ? undefined : end).find((r) => r.level === level && r.name === name);
      const parentDrawn = parent === undefined || from > 0;
      if (found && parentDrawn) return found.index;
      if (Date.now() > deadline) throw new Error(`${name} is not in the explorer under row ${parent ?? 'top'}`);
      await this.page.waitForTimeout(100);
    }
  }

  async waitForSquiggle(timeoutMs: number): Promise<void> {
    await this.page.waitForSelector('.squiggly-error, .squiggly-warning, .squiggly-info', { timeout: timeoutMs });
  }

  /**
   * Hovers the mouse over the editor token whose text is exactly `token` until a hover containing
   * `expected` shows (the server answers hovers only once it has analysed the file); returns its text.
   */
  async hoverUntil(token: string, expected: string, timeoutMs: number): Promise<string> {
    const target = this.page.locator('.monaco-editor .view-lines').getByText(token, { exact: true });
    const hover = this.page.locator('.monaco-hover:visible');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.page.mouse.move(0, 0);
      await target.first().hover();
      try {
        await hover.filter({ hasText: expected }).first().waitFor({ timeout: 2_000 });
        return (await hover.first().textContent()) ?? '';
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }

  /**
   * Shows the editor's hover at `line`, `column` (1-based) from the keyboard (Ctrl+K Ctrl+I), until
   * one containing `expected` shows (the server answers once it has analysed the file); returns its text.
   */
  async hoverAt(line: number, column: number, expected: string, timeoutMs: number): Promise<string> {
    const hover = this.page.locator('.monaco-hover:visible').filter({ hasText: expected }).first();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.goToLine(line, column);
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      try {
        await hover.waitFor({ timeout: 3_000 });
        return (await hover.textContent()) ?? '';
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Moves the cursor to `line` (and `column`, 1-based) through the quick input's `:line` mode (F1, as Ctrl+P prints). */
  async goToLine(line: number, column?: number): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(column === undefined ? `:${line}` : `:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    // The palette closes, or a command that asks for more (a quick pick of its own) replaces its
    // text: either way the command has started once the '>' query is gone.
    await this.page.waitForFunction(
      () => {
        const box = (
          globalThis as unknown as {
            document: { querySelector(s: string): { value: string; offsetParent: unknown } | null };
          }
        ).document.querySelector('.quick-input-widget input');
        return !box || box.offsetParent === null || !box.value.startsWith('>');
      },
      undefined,
      { timeout: 10_000 },
    );
  }

  /** Selects the editor token on `line` whose text is exactly `token` and types `text` over it. */
  async replaceToken(line: number, token: string, text: string): Promise<void> {
    await this.goToLine(line);
    await this.page.locator('.monaco-editor .view-lines').getByText(token, { exact: true }).first().dblclick();
    await this.page.keyboard.type(text);
  }

  /** Opens the Problems panel (Ctrl+Shift+M toggles, so only when it is not already visible). */
  async showProblems(): Promise<void> {
    if (!(await this.page.isVisible('.markers-panel'))) await this.page.keyboard.press('Control+Shift+M');
    await this.page.waitForSelector('.markers-panel', { timeout: 10_000 });
  }

  /** The diagnostic rows the Problems panel shows now (it lists every file's, grouped by file). */
  async problems(): Promise<ProblemRow[]> {
    const rows = await this.page.$$eval(PROBLEM_ROWS, (els) =>
      els.map((e) => ({
        text: e.textContent ?? '',
        label: e.getAttribute('aria-label') ?? '',
        codeHref: e.querySelector('a.monaco-link')?.getAttribute('href') ?? undefined,
      })),
    );
    const found: ProblemRow[] = [];
    let file = '';
    for (const { text, label, codeHref } of rows) {
      const header = FILE_HEADER.exec(label);
      const position = POSITION.exec(text);
      if (header) file = header[2] ? `${header[2]}/${header[1]}` : header[1];
      else if (position) {
        const severity = label.split(':', 1)[0];
        found.push({ file, severity, text, codeHref, line: Number(position[1]), column: Number(position[2]) });
      }
    }
    return found;
  }

  /** Polls the Problems panel until `accept` holds, and returns the rows it accepted. */
  async waitForProblems(
    what: string,
    timeoutMs: number,
    accept: (rows: ProblemRow[]) => boolean,
  ): Promise<ProblemRow[]> {
    const deadline = Date.now() + timeoutMs;
    let rows = await this.problems();
    while (!accept(rows)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; Problems shows:\n${rows.map((r) => r.text).join('\n')}`);
      }
      await this.page.waitForTimeout(250);
      rows = await this.problems();
    }
    return rows;
  }

  /**
   * Shows only the Problems rows that match `text` (message, code or file) through the panel's filter
   * box; '' shows every row again. Fewer rows keep them all rendered (the list draws only what is in view).
   */
  async filterProblems(text: string): Promise<void> {
    await this.page.locator('.viewpane-filter-container input:visible').first().fill(text);
  }

  /** Follows the code link of a Problems row and waits for the page it names to open in an editor. */
  async openCodeLink(row: ProblemRow, expectedTab: string): Promise<void> {
    await this.page.locator(PROBLEM_ROWS, { hasText: row.text }).first().locator('a.monaco-link').click();
    await this.page.waitForSelector(`.tab.active:has-text("${expectedTab}")`, { timeout: 15_000 });
  }

  /** Clicks a Problems row, which puts the editor cursor at the diagnostic's start. */
  async revealProblem(row: ProblemRow): Promise<void> {
    await this.page.locator(PROBLEM_ROWS, { hasText: row.text }).first().dblclick();
    await this.page.waitForSelector('.monaco-editor.focused', { timeout: 10_000 });
  }

  /**
   * Opens the quick-fix menu at the cursor (Ctrl+.) and chooses, with the keyboard as a user would
   * (a pointer block covers the menu right after it opens), the action titled `title`.
   */
  async applyQuickFix(title: string): Promise<void> {
    const titles = await this.openQuickFixMenu();
    if (!titles.includes(title)) throw new Error(`no quick fix "${title}"; the menu offers: ${titles.join(' | ')}`);
    for (let moves = 0; moves <= titles.length; moves++) {
      const focused = await this.page.getAttribute(`${QUICK_FIXES}.focused`, 'aria-label', { timeout: 5_000 });
      if (focused === title) {
        await this.page.keyboard.press('Enter');
        await this.page.waitForSelector(QUICK_FIXES, { state: 'detached', timeout: 10_000 });
        return;
      }
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`could not focus the quick fix "${title}" in the menu`);
  }

  /** Opens the quick-fix menu at the cursor (Ctrl+.) and returns the titles it offers, in order. */
  async openQuickFixMenu(): Promise<string[]> {
    // The server offers fixes only for the version of the document it has analysed: right after an
    // open or an edit it may have none yet, and VS Code says "No code actions available". Ask again.
    const deadline = Date.now() + 15_000;
    for (;;) {
      await this.page.keyboard.press('Control+.');
      try {
        await this.page.waitForSelector(QUICK_FIXES, { timeout: 3_000 });
        return this.page.$$eval(QUICK_FIXES, (rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      } catch (err) {
        // VS Code says why in an overlay message (e.g. "No code actions available").
        const said = await this.page.locator('.monaco-editor-overlaymessage').allTextContents();
        if (Date.now() > deadline)
          throw new Error(`the quick-fix menu did not open${said.length ? `: ${said.join(' ')}` : ''}`, { cause: err });
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Saves the active editor once it has unsaved changes (an applied edit lands asynchronously). */
  async save(): Promise<void> {
    await this.page.waitForSelector('.tab.active.dirty', { timeout: 10_000 });
    await this.page.keyboard.press('Control+S');
    await this.page.waitForSelector('.tab.active.dirty', { state: 'detached', timeout: 10_000 });
  }

  /** Shows the Explorer in the side bar (Ctrl+Shift+E), where `openFile` finds files. */
  async showExplorer(): Promise<void> {
    if (!(await this.page.isVisible('.explorer-folders-view'))) await this.page.keyboard.press('Control+Shift+E');
    await this.page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 10_000 });
  }

  /** Shows a view container of the activity bar (an extension's side panel) by its title. */
  async openViewContainer(title: string): Promise<void> {
    const item = this.page.locator(`.activitybar [aria-label="${title}"]`).first();
    await item.waitFor({ timeout: 30_000 });
    if ((await item.getAttribute('aria-expanded')) !== 'true') await item.click();
    await this.page.waitForSelector(`.part.sidebar .composite.title:has-text("${title}")`, { timeout: 10_000 });
  }

  /** Drags the side bar's edge until the side bar is `width` pixels wide (room for long labels and descriptions). */
  async resizeSideBar(width: number): Promise<void> {
    const bar = await this.page.locator('.part.sidebar').boundingBox();
    if (!bar) throw new Error('the side bar is not shown');
    const edge = bar.x + bar.width;
    const y = bar.y + bar.height / 2;
    await this.page.mouse.move(edge - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(bar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
    const now = await this.page.locator('.part.sidebar').boundingBox();
    if (!now || Math.abs(now.width - width) > 2)
      throw new Error(`the side bar is ${now?.width}px wide, not ${width}px`);
  }

  /** The rows an extension tree view in the side bar shows now (only those scrolled into view exist). */
  async treeRows(): Promise<TreeRow[]> {
    return this.page.$$eval(TREE_ROWS, (els) =>
      els.map((e) => {
        const label = e.querySelector('.custom-view-tree-node-item-resourceLabel');
        // The badge is CSS generated content; the test project has no DOM typings, so the page's own function is typed here.
        const style = (globalThis as unknown as { getComputedStyle(e: unknown, pseudo: string): { content: string } })
          .getComputedStyle;
        const badge = label ? style(label, '::after').content : '';
        const expanded = e.getAttribute('aria-expanded');
        return {
          label: e.querySelector('.label-name')?.textContent ?? '',
          description: e.querySelector('.label-description')?.textContent ?? '',
          level: Number(e.getAttribute('aria-level')),
          expanded: expanded === null ? undefined : expanded === 'true',
          badge: badge && badge !== 'none' && badge !== 'normal' ? badge.replace(/^"|"$/g, '') : '',
        };
      }),
    );
  }

  /** Polls the tree view's rows until `accept` holds, and returns them. */
  async waitForTree(what: string, timeoutMs: number, accept: (rows: TreeRow[]) => boolean): Promise<TreeRow[]> {
    const deadline = Date.now() + timeoutMs;
    let rows = await this.treeRows();
    while (!accept(rows)) {
      if (Date.now() > deadline) {
        const shown = rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label} ${r.description} ${r.badge}`);
        throw new Error(`timed out waiting for ${what}; the tree shows:\n${shown.join('\n')}`);
      }
      await this.page.waitForTimeout(250);
      rows = await this.treeRows();
    }
    return rows;
  }

  /** Clicks the tree row labelled `label` at `level` (the item's command runs, or it expands / collapses). */
  async clickTreeRow(label: string, level: number): Promise<void> {
    await this.page
      .locator(`${TREE_ROWS}[aria-level="${level}"]`)
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) })
      .first()
      .click();
  }

  /** Runs a command from the command palette by its full title ("Category: Title"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    await this.page
      .locator('.quick-input-widget .monaco-list-row', { hasText: title })
      .first()
      .waitFor({ timeout: 10_000 });
    await this.page.keyboard.press('Enter');
    // The palette closes, or a command that asks for more (a quick pick of its own) replaces its
    // text: either way the command has started once the '>' query is gone.
    await this.page.waitForFunction(
      () => {
        const box = (
          globalThis as unknown as {
            document: { querySelector(s: string): { value: string; offsetParent: unknown } | null };
          }
        ).document.querySelector('.quick-input-widget input');
        return !box || box.offsetParent === null || !box.value.startsWith('>');
      },
      undefined,
      { timeout: 10_000 },
    );
  }

  /** The editor cursor's 1-based line and column, as the status bar shows them. */
  async cursor(): Promise<{ line: number; column: number } | undefined> {
    const text = (await this.page.locator('#status\\.editor\\.selection').textContent({ timeout: 5_000 })) ?? '';
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
  }

  /**
   * Saves a screenshot of the window (or of the element `selector`, cropped to the widget `around`
   * shows in it when given) at `path`.
   */
  async capture(path: string, selector?: string, around?: Surroundings): Promise<void> {
    if (!selector) return void (await this.page.screenshot({ path }));
    const part = this.page.locator(selector).first();
    const box = around && (await this.page.locator(around.selector).first().boundingBox());
    const whole = await part.boundingBox();
    if (!box || !whole) return void (await part.screenshot({ path }));
    // The widget with some of the text around it, inside the part: the README's images stay small.
    const top = Math.max(whole.y, box.y - around.above);
    const bottom = Math.min(whole.y + whole.height, box.y + box.height + around.below);
    const right = Math.min(whole.x + whole.width, box.x + box.width + around.right);
    // Animations finished first: a hover caught fading in is see-through.
    const clip = { x: whole.x, y: top, width: right - whole.x, height: bottom - top };
    await this.page.screenshot({ path, clip, animations: 'disabled' });
  }

  /** Saves a screenshot under .e2e/ for a failed test, and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(E2E_DIR, { recursive: true });
    const path = join(E2E_DIR, `${name.replace(/[^a-z0-9-]+/gi, '_')}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
