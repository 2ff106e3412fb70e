/**
 * Environment names whose value is code, or decides what code runs, for bash or for the
 * programs a step starts. An input or a capture by such a name would hand its value that
 * power (`--input BASH_ENV=evil.sh` runs evil.sh in every step), so none may have one.
 */
const EXACT: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // bash itself
    ENV: 'bash (as sh) runs the file it names',
    SHELLOPTS: 'bash turns on the options it lists (xtrace, errexit…)',
    BASHOPTS: 'bash turns on the options it lists',
    PS0: 'bash expands it (command substitutions included)',
    PS1: 'bash expands it (command substitutions included)',
    PS2: 'bash expands it (command substitutions included)',
    PS3: 'bash expands it (command substitutions included)',
    PS4: 'bash expands it at every traced line (command substitutions included)',
    PROMPT_COMMAND: 'bash runs it',
    IFS: 'it changes how bash splits every unquoted expansion',
    CDPATH: 'it changes where `cd` goes',
    GLOBIGNORE: 'it changes what every glob matches',
    EXECIGNORE: 'it changes which programs bash finds',
    FUNCNEST: 'it limits function calls',
    POSIXLY_CORRECT: 'it changes how bash reads every command',
    HISTFILE: 'bash writes history to the file it names',
    INPUTRC: 'readline reads the file it names',
    TMOUT: 'bash exits after its number of seconds',
    // what runs
    PATH: 'it chooses which program every command name runs',
    HOME: 'it chooses the startup and configuration files programs read (~/.bashrc, ~/.kube/config, ~/.ssh)',
    SHELL: 'programs run it as the shell',
    GCONV_PATH: 'the C library loads modules from it',
    LOCPATH: 'the C library loads locale files from it',
    HOSTALIASES: 'it redirects host names',
    PYTHONPATH: 'Python imports code from it',
    PYTHONSTARTUP: 'Python runs the file it names',
    PYTHONHOME: 'Python loads its library from it',
    PYTHONINSPECT: 'Python stays interactive',
    PERL5OPT: 'Perl takes options (and code) from it',
    PERL5LIB: 'Perl loads code from it',
    PERLLIB: 'Perl loads code from it',
    PERL5DB: 'Perl runs it as its debugger',
    RUBYOPT: 'Ruby takes options (and code) from it',
    RUBYLIB: 'Ruby loads code from it',
    NODE_OPTIONS: 'Node takes options (--require) from it',
    NODE_PATH: 'Node loads modules from it',
    JAVA_TOOL_OPTIONS: 'the JVM takes options (agents) from it',
    _JAVA_OPTIONS: 'the JVM takes options (agents) from it',
    JDK_JAVA_OPTIONS: 'the JVM takes options (agents) from it',
    GIT_SSH: 'git runs it',
    GIT_SSH_COMMAND: 'git runs it',
    GIT_EXEC_PATH: 'git runs its programs from it',
    GIT_ASKPASS: 'git runs it',
    SSH_ASKPASS: 'ssh runs it',
    EDITOR: 'programs run it',
    VISUAL: 'programs run it',
    PAGER: 'programs run it',
    MANPAGER: 'man runs it',
    GIT_PAGER: 'git runs it',
    LESSOPEN: 'less runs it',
    LESSCLOSE: 'less runs it',
  }),
);

const PREFIXES: readonly [string, string][] = [
  ['BASH_', 'bash reserves `BASH_` names (BASH_ENV runs a file, BASH_FUNC_ defines functions, BASH_XTRACEFD…)'],
  ['LD_', 'the dynamic loader reads `LD_` names (LD_PRELOAD loads code into every program)'],
  ['DYLD_', 'the macOS loader reads `DYLD_` names'],
  ['GIT_CONFIG', 'git reads configuration (which can run programs) from it'],
];

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why an input or a capture may not have this name, or undefined when it may: a name that is
 * not an identifier (`BASH_FUNC_x%%`, `A-B`) or one of the names above.
 */
export function dangerousName(name: string): string | undefined {
  if (!IDENTIFIER.test(name)) return 'it is not a shell identifier (letters, digits and `_`, not starting with a digit)';
  const exact = EXACT.get(name);
  if (exact) return exact;
  return PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1];
}
