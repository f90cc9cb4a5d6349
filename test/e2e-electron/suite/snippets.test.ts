// The contributed snippets, inserted by VS Code itself into empty editors: the text it writes is the
// expansion the snippet test (test/unit/snippets) analyses, so that test checks what users get.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SNIPPET_LANGUAGES, loadSnippets } from '../../snippets/deployments';
import type { SnippetLanguage } from '../../snippets/deployments';
import { expandSnippet } from '../../snippets/expand';

const EDITOR_LANGUAGE: Record<SnippetLanguage, string> = { arm: 'json', bicep: 'bicep', terraform: 'terraform' };

describe('snippets in the editor', function () {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  for (const language of SNIPPET_LANGUAGES) {
    it(`expands every ${language} snippet in an empty ${EDITOR_LANGUAGE[language]} editor as the snippet test does`, async () => {
      for (const snippet of loadSnippets(language)) {
        const doc = await vscode.workspace.openTextDocument({ language: EDITOR_LANGUAGE[language], content: '' });
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('editor.action.insertSnippet', {
          langId: EDITOR_LANGUAGE[language],
          name: snippet.name,
        });
        assert.equal(doc.getText(), expandSnippet(snippet.body), snippet.name);
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      }
    });
  }
});
