// The IDE in Chromium against e2e/stub-node.mjs (the node's files and terminal contract, in memory): open a
// workspace, create a file in the tree, edit it, save with Ctrl+S, cat it in the terminal; the connection drops and
// the terminal shows "reconnecting…", then reattaches with its output replayed; a save over a file changed on disk
// opens the conflict diff and "Take theirs" takes the disk's version; a reload finds the terminal where it was.
// Signing in is not part of this test (WebIdeSystemIT does it through the real IdP): a session is put in place.
import { fileURLToPath } from 'node:url';
import { env, run } from './harness.mjs';
import { startStub, WORKSPACE_ID } from './stub-node.mjs';

const dist = env('AICOCKPIT_FRONTEND_OUT', fileURLToPath(new URL('../dist', import.meta.url)));
const stub = await startStub({ dist });
process.env.AICOCKPIT_E2E_BASE_URL = stub.url;
// the save over a changed file (412) and the ended session (401) are provoked; Chromium logs every 4xx fetch
process.env.AICOCKPIT_E2E_OPTIONAL_ENDPOINTS = 'status of 412,status of 401';
const ISSUER = 'http://idp.invalid/stub';

const xtermText = (page) => page.evaluate(() => document.querySelector('.xterm-rows')?.textContent ?? '');

await run('ide-stub-node', async (t) => {
  const page = await t.page('alice');
  await page.context().addInitScript(([issuer]) => {
    if (!localStorage.getItem('aicockpit.login-settings')) {
      localStorage.setItem('aicockpit.login-settings', JSON.stringify({ tenant: 'stub', issuer,
        clientId: 'aicockpit-web', scopes: 'openid' }));
    }
    const key = `oidc.user:${issuer}:aicockpit-web`;
    if (!sessionStorage.getItem(key)) {
      sessionStorage.setItem(key, JSON.stringify({ access_token: 'stub-token', token_type: 'Bearer', scope: 'openid',
        profile: { sub: 'alice', preferred_username: 'alice', iss: issuer, aud: 'aicockpit-web', exp: 0, iat: 0 },
        expires_at: Math.floor(Date.now() / 1000) + 3600 }));
    }
  }, [ISSUER]);

  await t.step('opens the workspace: tree, editor and a connected terminal', async () => {
    await page.goto(`${stub.url}/workspaces/${WORKSPACE_ID}`);
    await page.waitForSelector('[data-testid=terminal-state]:has-text("connected")');
    await page.waitForSelector('[data-testid=editor][data-keybinding-context]', { state: 'attached' });
  });

  await t.step('creates hello.txt in the tree, edits it and saves with Ctrl+S', async () => {
    page.once('dialog', (d) => d.accept('hello.txt'));
    await page.click('button[aria-label="New file"]');
    await page.waitForSelector('[data-testid="tab-hello.txt"]');
    await page.waitForSelector('[data-testid="file-hello.txt"]');
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.type('hello from the IDE');
    await page.waitForSelector('[data-testid="tab-hello.txt"] .dirty');
    await page.keyboard.press('Control+S');
    await page.waitForSelector('text=Saved hello.txt');
    if (await page.$('[data-testid="tab-hello.txt"] .dirty')) throw new Error('still dirty after save');
  });

  await t.step('cats the file in the terminal', async () => {
    await page.click('[data-testid=terminal]');
    await page.keyboard.type('cat hello.txt\n');
    await page.waitForFunction(() => (document.querySelector('.xterm-rows')?.textContent ?? '')
      .includes('$ cat hello.txt') && (document.querySelector('.xterm-rows')?.textContent ?? '').split('hello from the IDE').length > 1);
    await t.screenshot(page, 'ide-stub-saved-and-cat');
  });

  await t.step('a dropped connection shows reconnecting…, then reattaches and replays the output', async () => {
    await fetch(`${stub.url}/__stub/drop-terminals`, { method: 'POST' });
    await page.waitForSelector('[data-testid=terminal-state]:has-text("reconnecting")');
    await t.screenshot(page, 'ide-stub-reconnecting');
    await page.waitForSelector('[data-testid=terminal-state]:has-text("connected")');
    const text = await xtermText(page);
    if (!text.includes('hello from the IDE')) throw new Error(`no replay after reconnect: ${text}`);
  });

  await t.step('saving over a file changed on disk opens the diff; "Take theirs" keeps the disk version', async () => {
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('End');
    await page.keyboard.type(' (mine)');
    await fetch(`${stub.url}/__stub/edit?path=hello.txt&content=${encodeURIComponent('changed in the terminal')}`,
      { method: 'POST' });
    await page.keyboard.press('Control+S');
    await page.waitForSelector('[role=dialog] >> text=changed since you opened it');
    await page.waitForSelector('[role=dialog] .monaco-diff-editor');
    await t.screenshot(page, 'ide-stub-conflict-diff');
    await page.click('text=Take theirs');
    // Monaco renders spaces as no-break spaces
    await page.waitForFunction(() => (document.querySelector('[data-testid=editor] .view-lines')?.textContent ?? '')
      .replace(/\u00a0/g, ' ').includes('changed in the terminal'));
    if (await page.$('[data-testid="tab-hello.txt"] .dirty')) throw new Error('dirty after taking theirs');
  });

  await t.step('a reload finds the terminal where it was', async () => {
    await page.reload();
    await page.waitForSelector('[data-testid=terminal-state]:has-text("connected")');
    await page.waitForFunction(() => (document.querySelector('.xterm-rows')?.textContent ?? '').includes('hello from the IDE'));
    await t.screenshot(page, 'ide-stub-after-reload');
  });

  await t.step('when the session ends, unsaved edits survive: the dialog asks to sign in again, nothing is lost', async () => {
    await page.click('[data-testid="file-hello.txt"]');
    await page.waitForSelector('[data-testid="tab-hello.txt"]');
    await page.click('[data-testid=editor] .view-lines');
    await page.keyboard.press('End');
    await page.keyboard.type(' + unsaved draft');
    await page.waitForSelector('[data-testid="tab-hello.txt"] .dirty');
    await fetch(`${stub.url}/__stub/reject-tokens?on=1`, { method: 'POST' });
    // any request now ends the session: the refresh, or an inline completion the typing asked for
    await Promise.race([page.click('button[aria-label=Refresh]').catch(() => {}),
      page.waitForSelector('[role=alertdialog]')]);
    await page.waitForSelector('[role=alertdialog] >> text=Your session has ended');
    await t.screenshot(page, 'ide-stub-session-ended');
    // signing in again is a same-tab round trip through the IdP: sessionStorage (the drafts) survives it, as a reload
    await fetch(`${stub.url}/__stub/reject-tokens?on=0`, { method: 'POST' });
    await page.reload();
    await page.click('[data-testid="file-hello.txt"]');
    await page.waitForSelector('[data-testid="tab-hello.txt"] .dirty');
    await page.waitForFunction(() => (document.querySelector('[data-testid=editor] .view-lines')?.textContent ?? '')
      .replace(/\u00a0/g, ' ').includes('changed in the terminal + unsaved draft'));
  });
});
