import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** Serves the built client, with index.html for every page route (the client routes itself). */
export function serveClient(app: Express, dir: string): boolean {
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return false;
  app.use(express.static(dir, { index: false, maxAge: '1h', setHeaders: (res, file) => {
    // Hashed build assets never change; index.html must always be fresh.
    if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  } }));
  app.get(/^(?!\/api\/|\/ws$).*/, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return true;
}
