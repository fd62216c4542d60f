// Prints the gzipped size of the JavaScript the first page loads (index.html's entry and the chunks it imports
// statically), BRIEF B7: target <= 300 KB. Lazy chunks (Monaco, xterm.js) are not counted.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const out = process.env.AICOCKPIT_FRONTEND_OUT ?? 'dist';
const html = readFileSync(join(out, 'index.html'), 'utf8');
const seen = new Set();
const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
while (queue.length) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(out, file), 'utf8');
  // static imports only: `import ... from "./x.js"` and `import "./x.js"` (dynamic import("./x.js") is lazy)
  for (const m of code.matchAll(/(?:^|[;\s}])import\s*(?:[\w*${},\s]+from\s*)?["']\.\/([^"']+\.js)["']/g)) {
    queue.push('assets/' + m[1]);
  }
}
let raw = 0;
let gz = 0;
for (const f of seen) {
  const b = readFileSync(join(out, f));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}
const all = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js')).length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(`B7 first page JS: ${seen.size} of ${all} chunks, ${kb(raw)} raw, ${kb(gz)} gzipped (target <= 300 KB)`);
if (gz > 300 * 1024) {
  console.error('first page JavaScript is over the 300 KB gzipped budget');
  process.exit(1);
}
