import { describe, expect, it } from 'vitest';
import { createEditorUiStore } from './editor-ui.store';

describe('editor UI store', () => {
  it('tracks dirty → saving → saved, and keeps a failure message until the next edit', () => {
    const store = createEditorUiStore();
    expect(store.getState().save).toBe('idle');
    store.getState().markDirty();
    expect(store.getState().save).toBe('dirty');
    store.getState().markSaving();
    store.getState().markFailed('blocks/2/text must not be empty');
    expect(store.getState()).toMatchObject({ save: 'error', saveError: 'blocks/2/text must not be empty' });
    store.getState().markDirty();
    expect(store.getState()).toMatchObject({ save: 'dirty', saveError: null });
    store.getState().markSaving();
    store.getState().markSaved('2026-11-22T02:00:00.000Z');
    expect(store.getState()).toMatchObject({ save: 'saved', savedAt: '2026-11-22T02:00:00.000Z' });
  });

  it('an edit made while a save is in flight stays dirty when that save answers', () => {
    const store = createEditorUiStore();
    store.getState().markSaving();
    store.getState().markDirty();
    store.getState().markSaved('2026-11-22T02:00:01.000Z');
    expect(store.getState().save).toBe('dirty');
  });

  it('selects blocks and resets to nothing selected', () => {
    const store = createEditorUiStore();
    store.getState().select('b1');
    store.getState().announce('Moved');
    expect(store.getState()).toMatchObject({ selectedBlockId: 'b1', announcement: 'Moved' });
    store.getState().reset();
    expect(store.getState()).toMatchObject({ selectedBlockId: null, announcement: '', save: 'idle' });
  });
});
