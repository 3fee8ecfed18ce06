import { useEditorUi } from '../../stores/editor-ui.store';

/** The autosave state, announced politely: unsaved, saving, saved (with the time), or why not. */
export function SaveStatus() {
  const save = useEditorUi((s) => s.save);
  const error = useEditorUi((s) => s.saveError);
  const savedAt = useEditorUi((s) => s.savedAt);
  const text =
    save === 'saving'
      ? 'Saving…'
      : save === 'dirty'
        ? 'Unsaved changes'
        : save === 'error'
          ? `Not saved: ${error ?? 'unknown error'}`
          : savedAt === null
            ? 'No changes yet'
            : `All changes saved at ${new Date(savedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;
  return (
    <p className={`save-status is-${save}`} role="status" data-testid="save-status" data-save={save}>
      {text}
    </p>
  );
}
