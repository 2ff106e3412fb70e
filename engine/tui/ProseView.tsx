import { Text } from 'ink';
import type { ProseLine, SpanStyle } from './render-prose.js';
import { useTheme } from './theme-context.js';

/** Prose lines (already wrapped) with their styles. */
export function ProseView({ lines }: { lines: ProseLine[] }) {
  const theme = useTheme();
  const color = (style: SpanStyle): string | undefined => (style === 'code' ? theme.accent : style === 'quote' ? theme.muted : undefined);
  return (
    <>
      {lines.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {' '.repeat(line.indent)}
          {line.marker ? `${line.marker} ` : ''}
          {line.spans.map((span, spanIndex) => (
            <Text
              key={spanIndex}
              bold={span.style === 'strong' || span.style === 'heading'}
              underline={span.style === 'heading'}
              italic={span.style === 'emphasis' || span.style === 'quote'}
              strikethrough={span.style === 'delete'}
              color={color(span.style)}
            >
              {span.text}
            </Text>
          ))}
          {line.spans.length === 0 && !line.marker ? ' ' : ''}
        </Text>
      ))}
    </>
  );
}
