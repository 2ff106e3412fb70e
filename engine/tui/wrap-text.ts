/** Word-wraps plain text to rows of at most `width` characters (words longer than a row are cut). */
export function wrapText(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(' ')) {
    let rest = word;
    if (row !== '' && row.length + 1 + rest.length > room) {
      rows.push(row);
      row = '';
    }
    while (rest.length > room) {
      if (row !== '') {
        rows.push(row);
        row = '';
      }
      rows.push(rest.slice(0, room));
      rest = rest.slice(room);
    }
    row = row === '' ? rest : `${row} ${rest}`;
  }
  rows.push(row);
  return rows;
}
