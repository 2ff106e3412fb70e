/** A command as the operator reads it: `"${NAME}"` references (how values reach commands) shown as `$NAME`. */
export function displayCommand(command: string): string {
  return command.replace(/"\$\{([A-Za-z_][A-Za-z0-9_]*)\}"/g, '$$$1').replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1');
}
