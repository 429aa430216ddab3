import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The client is built into dist/client (or BUILD_OUT_DIR, so parallel builds do not clobber each other)
// and served by the Express server (server/http/static.ts, CLIENT_DIR).
export default defineConfig({
  root: 'client',
  publicDir: '../public',
  plugins: [react()],
  build: { outDir: process.env.BUILD_OUT_DIR ?? '../dist/client', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:3000', '/ws': { target: 'ws://localhost:3000', ws: true } } },
});
