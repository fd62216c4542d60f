import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// AICOCKPIT_FRONTEND_OUT: where Maven wants the app (target/classes/META-INF/resources); dist/ otherwise.
const outDir = process.env.AICOCKPIT_FRONTEND_OUT ?? 'dist';
const gateway = process.env.AICOCKPIT_GATEWAY ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Monaco's package exports append ".js" to every deep path, which breaks its CSS imports: address its ESM
    // tree directly (src/modules/editor/monacoCore.ts picks the parts the editor uses)
    alias: [{ find: /^monaco-esm\//, replacement: fileURLToPath(new URL('./node_modules/monaco-editor/esm/vs/', import.meta.url)) }],
  },
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 5000,
    // no modulepreload polyfill: it would be an inline script, which the CSP forbids
    modulePreload: { polyfill: false },
  },
  worker: { format: 'es' },
  server: {
    port: 5173,
    proxy: { '/api': { target: gateway, ws: true, changeOrigin: false }, '/v1': gateway },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  },
});
