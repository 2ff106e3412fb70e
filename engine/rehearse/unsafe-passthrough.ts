/**
 * Tools that must not be passed through: they run other programs (shells, interpreters,
 * `env`, `xargs`, `sudo`…), reach other machines (`ssh`, `curl`…), change files or processes
 * (`tee`, `rm`, `kill`…). Passing one through would let a step reach the real system
 * around the scenario. Name → why.
 */
export const UNSAFE_PASSTHROUGH: ReadonlyMap<string, string> = new Map([
  ...['bash', 'sh', 'dash', 'zsh', 'ksh', 'mksh', 'fish', 'csh', 'tcsh', 'busybox', 'rbash'].map((n) => [n, 'it is a shell'] as const),
  ...['python', 'python2', 'python3', 'perl', 'ruby', 'node', 'nodejs', 'deno', 'bun', 'php', 'lua', 'tclsh', 'expect', 'osascript', 'pwsh', 'make', 'gdb', 'strace', 'ltrace', 'vim', 'vi', 'nvim', 'emacs', 'less', 'more', 'man', 'git'].map(
    (n) => [n, 'it runs programs or code of its own'] as const,
  ),
  ...['env', 'xargs', 'parallel', 'find', 'nohup', 'setsid', 'timeout', 'nice', 'ionice', 'chroot', 'unshare', 'nsenter', 'setpriv', 'watch', 'time', 'script', 'screen', 'tmux', 'systemd-run', 'flock', 'stdbuf', 'taskset', 'chrt', 'run-parts', 'command', 'builtin', 'exec', 'eval', 'source'].map(
    (n) => [n, 'it runs the command it is given'] as const,
  ),
  ...['sudo', 'su', 'doas', 'pkexec', 'runuser'].map((n) => [n, 'it runs commands as another user'] as const),
  ...['ssh', 'scp', 'sftp', 'rsync', 'curl', 'wget', 'nc', 'ncat', 'netcat', 'socat', 'telnet', 'ftp', 'kubectl', 'docker', 'podman', 'systemctl', 'aws', 'gcloud', 'az'].map(
    (n) => [n, 'it talks to real systems'] as const,
  ),
  ...['tee', 'dd', 'cp', 'mv', 'rm', 'rmdir', 'ln', 'mkdir', 'touch', 'chmod', 'chown', 'chgrp', 'install', 'truncate', 'shred', 'mount', 'umount', 'kill', 'pkill', 'killall', 'reboot', 'shutdown'].map(
    (n) => [n, 'it changes files or processes'] as const,
  ),
]);
