// An in-memory terminal for in-process TUI tests: Ink writes frames to FakeStdout, reads keys from FakeStdin.
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

export class FakeStdout extends Writable {
  isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  override _write(chunk: Buffer | string, _encoding: string, done: () => void): void {
    this.written += chunk.toString();
    done();
  }
}

export class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  private queue: string[] = [];
  setRawMode(raw: boolean): this {
    this.isRaw = raw;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  isPaused(): boolean {
    return false;
  }
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  press(data: string): void {
    this.queue.push(data);
    this.emit('readable');
  }

  /** Like a real stream: a new `readable` listener hears about data already waiting. */
  override on(event: string | symbol, listener: (...args: unknown[]) => void): this {
    super.on(event, listener);
    if (event === 'readable' && this.queue.length > 0) setImmediate(() => this.emit('readable'));
    return this;
  }

  override addListener(event: string | symbol, listener: (...args: unknown[]) => void): this {
    return this.on(event, listener);
  }
}
