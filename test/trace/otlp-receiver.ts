import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cliPath } from '../cli/run-cli.js';

/** One OTLP/HTTP request as it came: its path, content type and raw body. */
export interface OtlpRequest {
  path: string;
  contentType: string;
  body: Buffer;
}

/** A real OTLP/HTTP receiver on a free local port: it keeps every request and answers 200. */
export async function startOtlpReceiver(): Promise<{ url: string; requests: OtlpRequest[]; close(): Promise<void> }> {
  const requests: OtlpRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ path: request.url ?? '', contentType: request.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
      const json = (request.headers['content-type'] ?? '').includes('json');
      response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
      response.end(json ? '{}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A local port nothing listens on (a server's, closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs the built CLI without blocking this process (the receiver answers meanwhile). */
export function runCliAsync(
  args: string[],
  env: Record<string, string>,
  cwd: string,
  /** Sends the CLI this signal once its stdout holds `when`. */
  interrupt?: { when: string; signal: NodeJS.Signals },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (interrupt && !sent && stdout.includes(interrupt.when)) {
        sent = true;
        child.kill(interrupt.signal);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    // A run that hangs is killed (its shell server then ends the step's processes), so the test fails without leaving it behind.
    const stuck = setTimeout(() => child.kill('SIGKILL'), 25_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(stuck);
      resolve({ status, stdout, stderr });
    });
  });
}
