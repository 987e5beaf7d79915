import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { waitUntil } from './wait-until.js';

export interface StartedPlatform {
  readonly baseUrl: string;
  /** The platform process's id (for /proc/<pid>/stat, or a signal of one's own). */
  readonly pid: number;
  /** Everything the process printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
  /**
   * Sends `signal` (default SIGKILL: a crash, nothing flushed or closed) and resolves
   * once the process has exited. Does nothing if it already has.
   */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartPlatformOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly readyTimeoutMs?: number;
  /** Which app of `dist/apps` to start (default `platform`, the embedded one). */
  readonly app?: string;
}

// Ports this process has handed out: the OS may offer a released port again, and two
// processes of one deployment (an HTTP port, an RPC port) must not get the same one.
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const server = net.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as net.AddressInfo;
    server.close();
    await once(server, 'close');
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

const mainScript = (app: string) => path.resolve(process.cwd(), `dist/apps/${app}/src/main.js`);

/** Attempts when the port found free was taken before the process bound it. */
const PORT_ATTEMPTS = 3;

/**
 * Starts the built platform (`npm run build` first: `npm test` does) as its own
 * process on a free port and waits until `/health/ready` answers 200. End-to-end tests
 * talk to it over HTTP only. A port found free can be taken before the process binds it
 * (another test's listener, or an outgoing connection's local port: free ports come from
 * the same ephemeral range); then it starts again on another port.
 */
export async function startPlatform(options: StartPlatformOptions = {}): Promise<StartedPlatform> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (error) {
      if (attempt >= PORT_ATTEMPTS || !(error instanceof PortTakenError)) throw error;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(options: StartPlatformOptions, port: number): Promise<StartedPlatform> {
  const app = options.app ?? 'platform';
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', mainScript(app)], {
    env: { ...process.env, NODE_ENV: 'test', PORT: String(port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');

  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    // A process that exited will not become ready: stop waiting at once (waitUntil retries what throws).
    await waitUntil(
      async () => {
        if (child.exitCode !== null) return true;
        const response = await fetch(`${baseUrl}/health/ready`);
        return response.status === 200;
      },
      { timeoutMs: options.readyTimeoutMs ?? 60_000, intervalMs: 100, description: `${app} ready at ${baseUrl}` },
    );
    if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}`);
  } catch (error) {
    await stop();
    const message = `${(error as Error).message}\n--- ${app} output ---\n${output}`;
    throw new RegExp(`EADDRINUSE: address already in use \\S*:${port}\\b`).test(output) ? new PortTakenError(message) : new Error(message);
  }
  return { baseUrl, pid: child.pid ?? 0, output: () => output, stop, kill };
}
