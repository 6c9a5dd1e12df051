// The OpenAPI 3.1 document at /api/openapi.json, generated from the route definitions (routes.ts)
// the app validates requests with: it describes what the service accepts and answers because it is
// made from the same schemas. A test checks that every route the app serves is in it.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import * as z from 'zod';
import { FieldValue, PushRequest } from '../../ledger/sync-protocol';

/**
 * A schema named in the document: described once under components/schemas and referred to by name.
 * zod-to-openapi puts `.openapi()` on the schemas made after it loads, and ours (ledger/) may be
 * made before, so the method is called from the prototype it is installed on.
 */
function named<T extends z.ZodType>(schema: T, name: string): T {
  return z.ZodType.prototype.openapi.call(schema, name) as T;
}

/** The document for an app whose routes are all registered. Call once per app. */
export function describeApi<E extends Env>(app: OpenAPIHono<E>, version: string) {
  const registry = app.openAPIRegistry;
  // The push route names its body rather than embedding it, so that nothing parses it on this thread.
  registry.register('PushRequest', named(PushRequest, 'PushRequest'));
  // Any JSON value: recursive, so it can only be described as a component that refers to itself.
  registry.register('FieldValue', named(FieldValue, 'FieldValue'));
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: '整改台账 Rectification Ledger API',
      version,
      description:
        '整改台账同步服务。所有调用须携带 Authorization: Bearer <令牌>（ledger token create 生成的 API 令牌，或 Microsoft Entra ID 访问令牌）。/ The rectification ledger sync service. Every call carries Authorization: Bearer <token>.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
  });
}
