// A tiny harness around playwright-core and Debian's Chromium (npx playwright install is impossible here):
// steps with names, screenshots, console-error collection, and an exit code for the caller (WebIdeSystemIT).
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`missing environment variable ${name}`);
  return v;
};

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Console messages that are expected (substrings of the message or its URL): endpoints other work streams build
 * concurrently, whose absence is reported rather than failed (see frontend/README), or a refusal a test provokes.
 */
const allowed = () => (process.env.AICOCKPIT_E2E_OPTIONAL_ENDPOINTS ?? '').split(',').filter(Boolean);

export async function run(name, body) {
  const shots = env('AICOCKPIT_E2E_SCREENSHOTS', 'target/e2e-screenshots');
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: env('AICOCKPIT_E2E_CHROMIUM', '/usr/bin/chromium'),
    args: FLAGS,
    headless: true,
  });
  const problems = [];
  const contexts = [];
  let shot = 0;
  const t = {
    async page(label) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      contexts.push(context);
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() !== 'error' && m.type() !== 'warning') return;
        const url = m.location()?.url ?? '';
        const text = `${label} console ${m.type()}: ${m.text()} ${url}`;
        if (allowed().some((p) => url.includes(p) || m.text().includes(p))) {
          console.log(`(allowed) ${text}`);
        } else if (!page.url().startsWith(env('AICOCKPIT_E2E_BASE_URL'))) {
          // the IdP's own page is not ours to judge
          console.log(`(IdP page) ${text}`);
        } else {
          problems.push(text);
        }
      });
      page.on('pageerror', (e) => problems.push(`${label} page error: ${e.message}`));
      page.setDefaultTimeout(30_000);
      return page;
    },
    async step(title, fn) {
      const t0 = Date.now();
      process.stdout.write(`• ${title} … `);
      try {
        await fn();
        console.log(`ok (${Date.now() - t0} ms)`);
      } catch (e) {
        console.log('FAILED');
        throw e;
      }
    },
    async screenshot(page, what) {
      shot += 1;
      const file = join(shots, `${String(shot).padStart(2, '0')}-${what}.png`);
      await page.screenshot({ path: file });
      console.log(`  screenshot ${file}`);
    },
  };
  let failed = false;
  try {
    await body(t);
  } catch (e) {
    failed = true;
    console.error(`\n${name}: ${e.stack ?? e}`);
    for (const [i, c] of contexts.entries()) {
      for (const p of c.pages()) {
        await p.screenshot({ path: join(shots, `failure-${i}.png`) }).catch(() => {});
      }
    }
  } finally {
    await browser.close();
  }
  if (problems.length) {
    failed = true;
    console.error(`\n${name}: console errors or warnings on our pages:\n  ${problems.join('\n  ')}`);
  }
  console.log(failed ? `\n${name}: FAILED` : `\n${name}: passed`);
  process.exit(failed ? 1 : 0);
}

/**
 * Signs in at the IdP's own login page: mock-oauth2-server (username, optional claims JSON) or Keycloak
 * (#username/#password).
 */
export async function signInAtIdp(page, { username, password, claims }) {
  await page.waitForSelector('input[name=username]');
  const keycloak = await page.$('#kc-login');
  await page.fill('input[name=username]', username);
  if (keycloak) {
    await page.fill('#password', password ?? 'demo');
    await page.click('#kc-login');
    return;
  }
  if (claims) await page.fill('textarea[name=claims]', JSON.stringify(claims));
  await page.click('input[type=submit]');
}
