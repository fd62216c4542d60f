// The in-editor AI steps of the e2e runs, against the real stack (workspace-lifecycle.spec.mjs, the stub OpenAI
// upstream registered as the tenant's AI service) or e2e/stub-node.mjs (ide-ai-stub.spec.mjs). The AI's answers
// are deterministic: the service's model is `gpt-stub;fenced;…;say=<AI_SAY>`, so the chat answers AI_SAY in a
// code fence, Ctrl+K proposes AI_SAY for the selected lines, a completion is AI_SAY and the described command is
// its first line.
export const AI_FILE = 'ai-demo.sh';
export const AI_ORIGINAL = ['echo alpha', 'echo beta', 'echo gamma', 'echo delta', 'echo epsilon'];
export const AI_SAY = ['echo ai-$((6*7))', 'echo beta', 'echo gamma', 'echo delta', 'echo EPSILON'].join('\n');

const editorText = (page) => page.evaluate(() => (document.querySelector('[data-testid=editor] .view-lines')
  ?.textContent ?? '').replace(/\u00a0/g, ' '));
const xtermText = (page) => page.evaluate(() => document.querySelector('.xterm-rows')?.textContent ?? '');

async function waitFor(what, fn, timeout = 30_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const last = await fn();
    if (last === true) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${typeof last === 'string' ? last : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Runs on an open, connected IDE: creates AI_FILE, asks the chat about it, accepts one hunk of a Ctrl+K edit and
 * rejects the other, accepts an inline completion with Tab, confirms a described command and sees its output.
 */
export async function aiSteps(t, page, { commandOutput }) {
  await t.step(`creates ${AI_FILE} with five lines and saves it`, async () => {
    page.once('dialog', (d) => d.accept(AI_FILE));
    await page.click('button[aria-label="New file"]');
    await page.waitForSelector(`[data-testid="tab-${AI_FILE}"]`);
    await page.click('[data-testid=editor] .view-lines');
    // typed in one burst: the completion debounce never fires in between
    await page.keyboard.type(`${AI_ORIGINAL.join('\n')}\n`);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+S');
    await page.waitForSelector(`text=Saved ${AI_FILE}`);
  });

  await t.step(`asks the chat about @${AI_FILE} (autocompleted) and sees the streamed answer`, async () => {
    await page.click('#ai-chat-input');
    await page.keyboard.type('What does @ai-d');
    await page.waitForSelector(`.mention-list li:has-text("${AI_FILE}")`);
    await page.keyboard.press('Enter');
    await page.keyboard.type('do?');
    const typed = await page.inputValue('#ai-chat-input');
    if (!typed.includes(`@${AI_FILE} do?`)) throw new Error(`mention not completed: ${typed}`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-testid=chat-context] >> text=${AI_FILE}`);
    await page.waitForSelector('[data-testid=chat-assistant] .ai-code >> text=EPSILON');
    await page.waitForSelector('.ai-chat-actions button:has-text("Send")');
    const code = await page.textContent('[data-testid=chat-assistant] .ai-code pre');
    if (code.trim() !== AI_SAY) throw new Error(`chat answer is ${JSON.stringify(code)}`);
    await t.screenshot(page, 'ai-chat');
  });

  await t.step('Ctrl+K on the selection streams an inline diff; accepts the first hunk, rejects the second', async () => {
    await page.click('[data-testid=editor] .view-lines');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+K');
    await page.waitForSelector('#ai-edit-instruction');
    await page.keyboard.type('compute the first line, shout the last');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=hunk-2]');
    const hunks = await page.$$('[data-testid^=hunk-]');
    if (hunks.length !== 2) throw new Error(`${hunks.length} hunks`);
    await page.waitForSelector('.ai-add');
    await t.screenshot(page, 'ai-ctrl-k-diff');
    await page.click('button[aria-label="Accept change 1"]');
    await page.click('button[aria-label="Reject change 2"]');
    await page.waitForSelector('[data-testid=inline-edit]', { state: 'detached' });
    await waitFor('the accepted hunk only', async () => {
      const text = await editorText(page);
      return (text.includes('echo ai-$((6*7))') && text.includes('echo epsilon') && !text.includes('EPSILON')
        && !text.includes('echo alpha')) || text;
    });
    await page.keyboard.press('Control+S');
    await page.waitForSelector(`text=Saved ${AI_FILE}`);
  });

  await t.step('sees an inline completion as ghost text and accepts it with Tab', async () => {
    await page.click('[data-testid=editor] .view-lines');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('#');
    await page.waitForSelector('[data-testid=editor] .ghost-text-decoration, [data-testid=editor] .ghost-text', { timeout: 30_000 });
    await t.screenshot(page, 'ai-inline-completion');
    await page.keyboard.press('Tab');
    await waitFor('the accepted completion', async () => {
      const text = await editorText(page);
      return text.includes('#echo ai-$((6*7))') && text.includes('EPSILON') || text;
    });
  });

  await t.step('describes a command, confirms it, and sees its output live in the terminal', async () => {
    await page.click('button:has-text("Describe a command")');
    await page.fill('#describe-input', 'print the answer');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=suggested-command] >> text=echo ai-$((6*7))');
    const before = await xtermText(page);
    if (before.includes(commandOutput)) throw new Error('output there before confirming');
    await t.screenshot(page, 'ai-describe-command');
    await page.click('button:has-text("Run in terminal")');
    await waitFor(`"${commandOutput}" in the terminal`, async () => (await xtermText(page)).includes(commandOutput));
    await t.screenshot(page, 'ai-command-output');
  });
}
