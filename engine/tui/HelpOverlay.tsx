import { Box, Text } from 'ink';
import { HELP_KEYS } from './footer-keys.js';
import { useTheme } from './theme-context.js';

/** Every key with what it does. */
export function HelpOverlay({ height }: { height: number }) {
  const theme = useTheme();
  const width = Math.max(...HELP_KEYS.map(([key]) => key.length)) + 2;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold>Keys</Text>
      {HELP_KEYS.map(([key, label]) => (
        <Text key={key} wrap="truncate-end">
          <Text bold color={theme.accent}>
            {key.padEnd(width)}
          </Text>
          {label}
        </Text>
      ))}
      <Text color={theme.muted}>Press any key to close.</Text>
    </Box>
  );
}
