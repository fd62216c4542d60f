// The in-editor AI in Chromium against e2e/stub-node.mjs (files, terminal and the AI assist endpoints in memory,
// answering like the stub OpenAI upstream): chat with an @mention, Ctrl+K hunks, an inline completion, a described
// command typed into the terminal. WebIdeSystemIT runs the same steps (e2e/ai-steps.mjs) against the real stack.
import { fileURLToPath } from 'node:url';
import { env, run } from './harness.mjs';
import { startStub, WORKSPACE_ID } from './stub-node.mjs';
import { aiSteps } from './ai-steps.mjs';

const dist = env('AICOCKPIT_FRONTEND_OUT', fileURLToPath(new URL('../dist', import.meta.url)));
const stub = await startStub({ dist });
process.env.AICOCKPIT_E2E_BASE_URL = stub.url;
const ISSUER = 'http://idp.invalid/stub';

await run('ide-ai-stub', async (t) => {
  const page = await t.page('alice');
  await page.context().addInitScript(([issuer]) => {
    localStorage.setItem('aicockpit.login-settings', JSON.stringify({ tenant: 'stub', issuer,
      clientId: 'aicockpit-web', scopes: 'openid' }));
    sessionStorage.setItem(`oidc.user:${issuer}:aicockpit-web`, JSON.stringify({ access_token: 'stub-token',
      token_type: 'Bearer', scope: 'openid', expires_at: Math.floor(Date.now() / 1000) + 3600,
      profile: { sub: 'alice', preferred_username: 'alice', iss: issuer, aud: 'aicockpit-web', exp: 0, iat: 0 } }));
  }, [ISSUER]);

  await t.step('opens the workspace with the chat panel', async () => {
    await page.goto(`${stub.url}/workspaces/${WORKSPACE_ID}`);
    await page.waitForSelector('[data-testid=terminal-state]:has-text("connected")');
    await page.waitForSelector('[data-testid=editor][data-keybinding-context]', { state: 'attached' });
    await page.waitForSelector('#ai-model option[value=gpt-stub-mini]', { state: 'attached' });
  });

  await aiSteps(t, page, { commandOutput: 'ai-42' });

  await t.step('"Insert at cursor" puts a code block of the answer into the editor', async () => {
    await page.click('[data-testid=editor] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=chat-assistant] button:has-text("Insert at cursor")');
    await page.waitForSelector('[data-testid=ide-status]:has-text("Inserted at the cursor")');
    const text = await page.evaluate(() => (document.querySelector('[data-testid=editor] .view-lines')?.textContent ?? '')
      .replace(/\u00a0/g, ' '));
    if (text.split('echo EPSILON').length !== 3) throw new Error(`not inserted: ${text}`);
  });

  await t.step('Stop ends a streaming answer', async () => {
    await page.fill('#ai-chat-input', 'answer slowly');
    await page.keyboard.press('Enter');
    await page.click('.ai-chat-actions button:has-text("Stop")');
    await page.waitForSelector('[data-testid=chat-assistant] >> text=Stopped.');
    await page.waitForSelector('.ai-chat-actions button:has-text("Send")');
  });

  await t.step('the picked model goes with the question', async () => {
    await page.selectOption('#ai-model', 'gpt-stub-mini');
    await page.fill('#ai-chat-input', 'and with the mini model?');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=chat-assistant] >> text=tok0 tok1 tok2');
  });
});
