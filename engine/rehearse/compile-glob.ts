/**
 * A scenario glob → an anchored RegExp over a command's words joined by spaces.
 * `*` matches anything, spaces included; a final ` *` may also match nothing, so
 * `kubectl get pods *` answers `kubectl get pods` as well as `kubectl get pods -n x`.
 * Every other character is literal.
 */
export function compileGlob(glob: string): RegExp {
  let body = '';
  let rest = glob;
  let optionalTail = false;
  if (rest.endsWith(' *')) {
    rest = rest.slice(0, -2);
    optionalTail = true;
  }
  for (const part of rest.split(/(\*+)/)) {
    if (part === '') continue;
    body += part.startsWith('*') ? '.*' : part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  if (optionalTail) body += '(?: .*)?';
  return new RegExp(`^${body}$`, 's');
}

/**
 * True when every command `narrower` matches is also matched by `broader`: the broader glob
 * matches the narrower one read as text (its `*`s can only be swallowed by the broader's `*`s).
 */
export function globCovers(broader: string, narrower: string): boolean {
  return compileGlob(broader).test(narrower);
}
