// The service: the API under /api/v1 (authenticated), its OpenAPI document, and the pages it serves
// (the office page at /, the add-in's task pane at /addin/). Security headers on everything; CORS
// only for the add-in's origin when the pane is hosted elsewhere.
import { PROJECT_ROOT } from '../paths';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { authMiddleware } from '../auth/middleware';
import type { EntraVerifier } from '../auth/entra';
import type { GraphPublishSetup } from '../auth/graph-publish';
import type { AuthEnv } from '../auth/principal';
import type { SignInSettings } from '../../ledger/sync-protocol';
import type { Store } from '../store';
import { apiRoutes } from './api';
import { devRoutes } from './dev';
import { errorJson, onError } from './errors';
import { tokenStore, userDirectory } from './identity';
import { describeApi } from './openapi';
import { OFFICE_FRAME_ANCESTORS } from './office-hosts';
import { downloadRoutes } from './downloads';
import { inlineWork, type Work } from '../work/work';

export interface AppOptions {
  store: Store;
  /** Where writes and heavy reads run (work threads); by default on this thread, in arrival order. */
  work?: Work;
  entra?: EntraVerifier;
  /** What the pane needs to sign people in with Microsoft (served at /api/sign-in); absent: API tokens only. */
  microsoftSignIn?: NonNullable<SignInSettings['microsoft']>;
  /** Publishing the consolidated workbook to SharePoint/OneDrive (optional, from the environment). */
  publishing?: GraphPublishSetup;
  /** The most bytes one evidence file may have (LEDGER_EVIDENCE_MAX_MB; default 20 MB). */
  evidenceMaxBytes?: number;
  /** Origins allowed to call the API from a browser besides the service's own (an add-in hosted elsewhere). */
  corsOrigins?: string[];
  /** Folders of built static files; absent folders are simply not served. */
  addinDir?: string;
  webDir?: string;
  /** Serves the simulated-Excel playground and its helper endpoint. */
  dev?: boolean;
  version?: string;
}

const ROOT = PROJECT_ROOT;

export function createApp(opts: AppOptions) {
  const app = new OpenAPIHono<AuthEnv>();
  app.onError(onError);
  app.use(
    '*',
    secureHeaders({
      // The task pane runs inside Office (an iframe on the web): it must be framable by Office hosts.
      xFrameOptions: false,
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", 'https://appsforoffice.microsoft.com'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'https://login.microsoftonline.com', 'https://login.partner.microsoftonline.cn'],
        // Excel on the web runs the pane in a frame inside its own pages (office-hosts.ts says which).
        frameAncestors: ["'self'", ...OFFICE_FRAME_ANCESTORS.global, ...OFFICE_FRAME_ANCESTORS.china21Vianet],
        frameSrc: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: false,
    }),
  );
  const origins = opts.corsOrigins ?? [];
  if (origins.length > 0) {
    app.use('/api/*', cors({ origin: origins, allowHeaders: ['Authorization', 'Content-Type'], allowMethods: ['GET', 'POST', 'PUT', 'DELETE'], maxAge: 600 }));
  }

  const version = opts.version ?? '0.1.0';
  app.get('/healthz', (c) => c.json({ ok: true, storage: opts.store.kind, version }));
  // Asked before signing in, so without a token; outside /api/v1, where every call carries one.
  const signIn: SignInSettings = { microsoft: opts.microsoftSignIn ?? null };
  app.get('/api/sign-in', (c) => c.json(signIn));

  const work = opts.work ?? inlineWork(opts.store);
  app.use('/api/v1/*', authMiddleware({ tokens: tokenStore(opts.store, work), users: userDirectory(opts.store), ...(opts.entra ? { entra: opts.entra } : {}) }));
  // Behind sign-in like the rest: reading a workbook someone uploads is work for signed-in callers only.
  if (opts.dev) app.route('/api/v1/dev', devRoutes());
  app.route('/api/v1', apiRoutes(opts.store, work, opts.publishing, opts.evidenceMaxBytes));
  // Generated once the routes are in, from their definitions; the dev routes are not part of the API.
  const doc = describeApi(app, version);
  app.get('/api/openapi.json', (c) => c.json(doc));
  // A link's secret is its credential: the browser Office opens it in has no token to send.
  app.route('/downloads', downloadRoutes(opts.store, work));
  app.all('/api/*', (c) => errorJson(c, 404, 'not_found', `没有这个接口：${c.req.method} ${c.req.path}`, `No such endpoint: ${c.req.method} ${c.req.path}`));

  const addinDir = opts.addinDir ?? resolve(ROOT, 'addin/dist');
  const webDir = opts.webDir ?? resolve(ROOT, 'server/web/dist');
  if (existsSync(addinDir)) {
    app.use('/addin/*', serveStatic({ root: addinDir, rewriteRequestPath: (p) => p.replace(/^\/addin/, '') }));
    if (opts.dev) app.get('/playground', serveStatic({ path: resolve(addinDir, 'playground.html') }));
  }
  if (existsSync(webDir)) {
    app.get('/', serveStatic({ path: resolve(webDir, 'index.html') }));
    // The build writes .br and .gz beside the script and styles: sent to browsers that accept them.
    app.use('/web/*', serveStatic({ root: webDir, precompressed: true, rewriteRequestPath: (p) => p.replace(/^\/web/, '') }));
  }
  return app;
}
