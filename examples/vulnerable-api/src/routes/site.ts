import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import { parse } from 'yaml';
import type { RouteContext } from '../context.js';
import { exampleRoot } from '../paths.js';

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Example Shop</title></head>
<body>
<h1>Example Shop</h1>
<div id="app">Loading…</div>
<script src="/static/app.js"></script>
</body>
</html>
`;

/** The browser front end, the health check and (vulnerable mode only) the API description. */
export function registerSiteRoutes(app: Express, ctx: RouteContext): void {
  const { config, payments } = ctx;
  const root = exampleRoot();

  app.get('/', (_req: Request, res: Response) => {
    res.type('html').send(INDEX_HTML);
  });
  app.use('/static', express.static(join(root, config.secure ? 'public-secure' : 'public'), { index: false }));

  app.get('/api/health', (_req: Request, res: Response) => {
    res.json({ status: 'ok', payments: payments.isConfigured ? 'configured' : 'offline' });
  });

  if (!config.secure) {
    // Left over from development: the full API map, for anyone.
    const yamlText = readFileSync(join(root, 'openapi.yaml'), 'utf8');
    const document: unknown = parse(yamlText);
    app.get('/openapi.yaml', (_req: Request, res: Response) => {
      res.type('application/yaml').send(yamlText);
    });
    app.get('/openapi.json', (_req: Request, res: Response) => {
      res.json(document);
    });
  }
}
