// A push body (tens of megabytes) read straight off the socket: chunks collected as they arrive and
// joined once, with the size limit counted on the way. Read through the web Request instead, the
// same body kept the request thread busy for a quarter of a second (stream wrappers per chunk,
// copies, and the collection of what they left behind), holding up every other request.
import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
  }
}

function incoming(c: Context): IncomingMessage | undefined {
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming;
}

/** The request body as bytes, refusing (BodyTooLarge) past `limit`. */
export async function readBody(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > limit) throw new BodyTooLarge(limit);
  const socket = incoming(c);
  if (!socket) {
    // Not behind @hono/node-server (tests calling app.fetch): the web Request is all there is.
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > limit) throw new BodyTooLarge(limit);
    return bytes;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of socket as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      socket.destroy();
      throw new BodyTooLarge(limit);
    }
    chunks.push(chunk);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.length;
  }
  return body;
}
