import { createContext, useContext } from 'react';

/** A registered LTI tool as the editor offers it: authors pick it by name. */
export interface EditorTool {
  id: string;
  name: string;
  /** Whether the tool takes deep-linking requests (authors choose content in it). */
  deepLinking: boolean;
}

/** The organisation's tools and the lesson's action URL, for the external-tool blocks of the editor. */
export interface EditorTools {
  tools: EditorTool[];
  /** The editor route's action (its `deepLink` intent starts a deep-linking request). */
  action: string;
  /** Reloads the lesson, to show what the tool stored in the block. */
  reload: () => void;
}

export const EditorToolsContext = createContext<EditorTools>({ tools: [], action: '', reload: () => undefined });

export const useEditorTools = () => useContext(EditorToolsContext);
