import { Text } from 'ink';
import type { TextField } from './tui-state.js';

/**
 * A text field on one row: the window around the cursor fits `width`; the cursor is an inverse cell.
 * Secret fields show one `•` per character. Newlines show as `⏎`.
 */
export function TextFieldView({ field, width, secret = false }: { field: TextField; width: number; secret?: boolean }) {
  const shown = secret ? '•'.repeat(field.text.length) : field.text.replace(/\n/g, '⏎');
  const room = Math.max(4, width - 1);
  const start = Math.max(0, field.cursor - room + 1);
  const visible = shown.slice(start, start + room);
  const cursor = field.cursor - start;
  return (
    <Text wrap="truncate-end">
      {start > 0 ? '…' : ''}
      {visible.slice(0, cursor)}
      <Text inverse>{visible[cursor] ?? ' '}</Text>
      {visible.slice(cursor + 1)}
    </Text>
  );
}
