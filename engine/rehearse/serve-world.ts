import { createServer, type Server } from 'node:net';
import type { World } from './create-world.js';

/** Answers shims over a Unix socket at `path`: one JSON request `{ argv }` per connection, one JSON answer. */
export async function serveWorld(world: World, path: string): Promise<Server> {
  const server = createServer((connection) => {
    let request = '';
    connection.setEncoding('utf8');
    connection.on('error', () => connection.destroy());
    connection.on('data', (chunk: string) => {
      request += chunk;
      if (request.length > 1_000_000) connection.destroy();
    });
    connection.on('end', () => {
      let argv: string[];
      try {
        const parsed = JSON.parse(request) as { argv?: unknown };
        argv = Array.isArray(parsed.argv) ? parsed.argv.map(String) : [];
      } catch {
        connection.destroy();
        return;
      }
      const answer = world.answer(argv);
      connection.end(JSON.stringify({ stdout: answer.stdout, stderr: answer.stderr, exit: answer.exit, delayMs: answer.delayMs }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  server.unref();
  return server;
}
