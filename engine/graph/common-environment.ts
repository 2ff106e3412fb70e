/**
 * Variables a shell or an operator's environment normally provides: a command reading them is
 * not asking for an input.
 */
export const COMMON_ENVIRONMENT: ReadonlySet<string> = new Set([
  'HOME', 'PATH', 'USER', 'LOGNAME', 'PWD', 'OLDPWD', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE',
  'HOSTNAME', 'HOSTTYPE', 'OSTYPE', 'MACHTYPE', 'TMPDIR', 'TMP', 'TEMP', 'RANDOM', 'SRANDOM', 'UID', 'EUID', 'GROUPS',
  'PPID', 'BASHPID', 'SECONDS', 'LINENO', 'IFS', 'PS1', 'PS2', 'PS4', 'BASH', 'BASH_VERSION', 'BASH_SOURCE',
  'BASH_REMATCH', 'BASH_LINENO', 'FUNCNAME', 'PIPESTATUS', 'REPLY', 'OPTARG', 'OPTIND', 'EPOCHSECONDS', 'EPOCHREALTIME',
  'COLUMNS', 'LINES', 'EDITOR', 'VISUAL', 'PAGER', 'MAIL', 'DISPLAY', 'TZ', 'SHLVL', 'HISTFILE', 'HISTSIZE',
  'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'XDG_RUNTIME_DIR',
  'SSH_AUTH_SOCK', 'SSH_CONNECTION', 'SSH_TTY', 'SUDO_USER', 'SUDO_UID', 'CI', 'NO_COLOR',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'KUBECONFIG', 'GOPATH', 'GOROOT', 'JAVA_HOME', 'CARGO_HOME',
  // The runner's own: every step sees its run and step ids, and the alert's fingerprint when a run has one.
  'RUNBOOK_RUN_ID', 'RUNBOOK_STEP_ID', 'RUNBOOK_ALERT_FINGERPRINT',
  // A traced run's step span (docs/tracing.md), set for each step.
  'TRACEPARENT', 'TRACESTATE',
]);
