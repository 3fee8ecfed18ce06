/**
 * Said wherever generated text is shown and no language model wrote it: what the author is
 * looking at, and how to connect a model.
 */
export function WithoutModelNotice({ what, label }: { what: 'outline' | 'lesson'; label: string }) {
  return (
    <p className="notice" role="note" data-testid="without-model-notice">
      {what === 'outline'
        ? `${label} assembled this outline from your documents without a language model: modules and lessons follow their headings.`
        : `${label} assembled this lesson from your documents without a language model: its headings, sentences and lists are the documents’ own, and the quiz asks about their facts.`}{' '}
      To have a model write and rewrite lessons, an admin can enable <strong>ai-gemini</strong> with an API key under Admin → Plugins.
    </p>
  );
}
