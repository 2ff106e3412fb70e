/**
 * Where a YAML error belongs. The yaml library reports an unclosed flow collection or quote
 * where it noticed (the start of the next line, or the end of the text): one line late. Such
 * an error is moved back to the bracket or quote left open; any other stays where it is.
 */
export function yamlErrorPlace(text: string, message: string, pos: [number, number]): [number, number] {
  const closer = /end with an? ([\]}])/.exec(message)?.[1];
  if (closer) {
    const opener = closer === ']' ? '[' : '{';
    let depth = 0;
    for (let at = Math.min(pos[0], text.length) - 1; at >= 0; at--) {
      const char = text[at];
      if (char === closer) depth++;
      else if (char === opener) {
        if (depth === 0) return [at, at + 1];
        depth--;
      }
    }
    return pos;
  }
  const quote = /Missing closing (["'])quote/.exec(message)?.[1];
  if (quote) {
    const at = text.lastIndexOf(quote, Math.min(pos[0], text.length) - 1);
    if (at !== -1) return [at, at + 1];
  }
  return pos;
}
