import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error';

/**
 * The block editor's UI-only state: which block is selected, whether there are unsaved edits and
 * how the last save went. Lesson content is server data and never lives here; it stays with the
 * route (loader data and the editor's working copy).
 */
export interface EditorUiState {
  selectedBlockId: string | null;
  save: SaveState;
  saveError: string | null;
  savedAt: string | null;
  /** Announced to screen readers after a move, e.g. "Moved block 3 to position 2". */
  announcement: string;
  select: (blockId: string | null) => void;
  markDirty: () => void;
  markSaving: () => void;
  markSaved: (at: string) => void;
  markFailed: (message: string) => void;
  announce: (message: string) => void;
  reset: () => void;
}

const initial = { selectedBlockId: null, save: 'idle' as SaveState, saveError: null, savedAt: null, announcement: '' };

export function createEditorUiStore() {
  return createStore<EditorUiState>()((set) => ({
    ...initial,
    select: (selectedBlockId) => set({ selectedBlockId }),
    markDirty: () => set({ save: 'dirty', saveError: null }),
    markSaving: () => set({ save: 'saving' }),
    markSaved: (savedAt) => set((state) => (state.save === 'saving' ? { save: 'saved', savedAt, saveError: null } : { savedAt })),
    markFailed: (saveError) => set({ save: 'error', saveError }),
    announce: (announcement) => set({ announcement }),
    reset: () => set(initial),
  }));
}

/** One store per browser tab; the editor resets it when it opens a lesson. */
export const editorUiStore = createEditorUiStore();

export function useEditorUi<T>(selector: (state: EditorUiState) => T): T {
  return useStore(editorUiStore, selector);
}
