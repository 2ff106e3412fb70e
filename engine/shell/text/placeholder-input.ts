/**
 * The input a `<placeholder>` stands for: upper case, dashes as underscores (`pod-name`,
 * `POD-NAME` and `Pod_Name` are all `POD_NAME`; `<snapshot-name-1>` is `SNAPSHOT_NAME_1`).
 */
export function placeholderInput(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}
