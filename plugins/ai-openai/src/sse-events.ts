/**
 * The `data:` payloads of a server-sent-events body, one per event, ending at `[DONE]` or at the
 * end of the body. Multi-line data fields are joined with newlines, as the SSE spec says.
 */
export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = done ? '' : (lines.pop() ?? '');
      for (const line of done ? [...lines, ''] : lines) {
        if (line === '') {
          if (data.length > 0) {
            const payload = data.join('\n');
            data = [];
            if (payload.trim() === '[DONE]') return;
            yield payload;
          }
        } else if (line.startsWith('data:')) data.push(line.slice(line.startsWith('data: ') ? 6 : 5));
        // Comments (`: keep-alive`) and other fields (event, id, retry) carry nothing this API uses.
      }
      if (done) return;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
