/**
 * Linux system call numbers, as `/proc/PID/syscall` gives the one a blocked thread is in, for the
 * architectures Node runs on here (x64, arm64). Read to tell a process waiting for input
 * (terminate/waits-on-stdin.ts, pty/waits-on-terminal.ts) from one at work.
 */
export interface SyscallNumbers {
  /** read, pread64, readv: the descriptor is the first argument. */
  reads: Set<number>;
  /** select, pselect6: the first argument is the highest descriptor + 1 (1: stdin alone). */
  selects: Set<number>;
  /** poll, ppoll: the second argument is the number of descriptors (1: stdin alone, taken as it). */
  polls: Set<number>;
  /** poll itself (its timeout is milliseconds, not a pointer); -1 where there is none. */
  plainPoll: number;
  /** epoll_wait, epoll_pwait, epoll_pwait2. */
  epolls: Set<number>;
  /** wait4, waitid: a shell waiting for its command. */
  waits: Set<number>;
  /** write, writev: blocked on a full pipe or terminal. */
  writes: Set<number>;
}

export const SYSCALLS: Record<string, SyscallNumbers> = {
  x64: {
    reads: new Set([0, 17, 19]),
    selects: new Set([23, 270]),
    polls: new Set([7, 271]),
    plainPoll: 7,
    epolls: new Set([232, 281, 441]),
    waits: new Set([61, 247]),
    writes: new Set([1, 20]),
  },
  arm64: {
    reads: new Set([63, 65, 67]),
    selects: new Set([72]),
    polls: new Set([73]),
    plainPoll: -1,
    epolls: new Set([22, 441]),
    waits: new Set([260, 95]),
    writes: new Set([64, 66]),
  },
};
