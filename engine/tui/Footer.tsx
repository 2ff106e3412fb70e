import { Text } from 'ink';
import type { KeyHint } from './footer-keys.js';
import { useTheme } from './theme-context.js';

/** The keys that work now. */
export function Footer({ keys }: { keys: KeyHint[] }) {
  const theme = useTheme();
  return (
    <Text wrap="truncate-end">
      {keys.map(([key, label], index) => (
        <Text key={index}>
          {index > 0 ? '  ' : ''}
          <Text bold color={theme.accent}>
            {key}
          </Text>
          {label ? ` ${label}` : ''}
        </Text>
      ))}
    </Text>
  );
}
