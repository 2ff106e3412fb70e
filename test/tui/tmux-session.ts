// A real terminal for end-to-end TUI tests: a detached tmux session on a private socket.
import { execFileSync } from 'node:child_process';

export interface TmuxSession {
  /** The screen as text (`tmux capture-pane -p`). */
  capture(): string;
  /** Keys as tmux names them (`Enter`, `C-c`, `Escape`, `BSpace`). */
  keys(...names: string[]): void;
  /** Literal text. */
  type(text: string): void;
  /** Resizes the terminal (the program gets SIGWINCH). */
  resize(columns: number, rows: number): void;
  /** Waits until the screen matches; throws with the screen when it does not in time. */
  waitFor(pattern: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Process ids of the session's processes and their descendants, with their command lines. */
  processes(): { pid: number; args: string }[];
  kill(): void;
}

const socket = `runbook-tui-test-${process.pid}`;

export function tmuxAvailable(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function startTmux(name: string, command: string[], options: { env: Record<string, string>; cwd: string; columns?: number; rows?: number }): TmuxSession {
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  const env = Object.entries(options.env).map(([key, value]) => `${key}=${shellQuote(value)}`);
  // Keep the pane open after the program exits so the last screen can still be read.
  const line = `env ${env.join(' ')} ${command.map(shellQuote).join(' ')}; echo "[exit $?]"; sleep 600`;
  // A server whose last session was just killed may still be exiting: try again shortly.
  for (let attempt = 1; ; attempt++) {
    try {
      tmux('new-session', '-d', '-s', name, '-x', String(options.columns ?? 80), '-y', String(options.rows ?? 24), '-c', options.cwd, line);
      break;
    } catch (error) {
      if (attempt === 5) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  const session: TmuxSession = {
    capture: () => tmux('capture-pane', '-p', '-t', name),
    keys: (...names) => void tmux('send-keys', '-t', name, ...names),
    type: (text) => void tmux('send-keys', '-t', name, '-l', text),
    resize: (columns, rows) => void tmux('resize-window', '-t', name, '-x', String(columns), '-y', String(rows)),
    async waitFor(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let screen = '';
      while (Date.now() < deadline) {
        screen = session.capture();
        const matched = typeof pattern === 'string' ? screen.includes(pattern) : pattern instanceof RegExp ? pattern.test(screen) : pattern(screen);
        if (matched) return screen;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`Timed out waiting for ${String(pattern)}; the screen:\n${screen}`);
    },
    processes() {
      const root = Number(tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
      const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
        .split('\n')
        .map((row) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(row))
        .filter((match): match is RegExpExecArray => match !== null)
        .map((match) => ({ pid: Number(match[1]), ppid: Number(match[2]), args: match[3]! }));
      const inside = new Set([root]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const row of table) if (inside.has(row.ppid) && !inside.has(row.pid)) (inside.add(row.pid), (grew = true));
      }
      return table.filter((row) => inside.has(row.pid) && row.pid !== root).map(({ pid, args }) => ({ pid, args }));
    },
    kill() {
      try {
        tmux('kill-session', '-t', name);
      } catch {
        // already gone
      }
    },
  };
  return session;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
