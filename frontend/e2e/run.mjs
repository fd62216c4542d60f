// Runs every e2e/*.spec.mjs in turn (each one is a node script that exits non-zero on failure); the stack ones
// need AICOCKPIT_E2E_BASE_URL and friends (see README), ide-stub-node.spec.mjs starts its own stub.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const f of readdirSync(dir).filter((n) => n.endsWith('.spec.mjs')).sort()) {
  console.log(`\n=== ${f}`);
  const r = spawnSync(process.execPath, [join(dir, f)], { stdio: 'inherit' });
  if (r.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
