export { AssetCollector, type AssetNamer, type AssetPaths } from './asset-collector.ts';
export { type BlockContext, type ContentBlock, contentBlockHtml, detailsFlashcardsHtml } from './block-html.ts';
export { contentStylesheet } from './content-stylesheet.ts';
export { escapeHtml, type MarkdownOptions, markdownToHtml } from './markdown-html.ts';
export { attachmentBlockHtml, type EmbedMode, type FileSrc, mediaBlockHtml, transcriptHtml } from './media-html.ts';
export { orderMatchControlsHtml } from './order-match-markup.ts';
export { assetPath, type LessonEntry, languageTag, lessonEntries, slugify } from './package-paths.ts';
export {
  choiceIdentifier,
  correctResponsePatterns,
  type InteractionType,
  interactionType,
  targetIdentifier,
  xapiInteractionDefinition,
} from './question-interactions.ts';
export { questionDataAttributes, questionFormControlsHtml, questionOptions, rightAnswerText } from './question-markup.ts';
export { ZipStream } from './zip-stream.ts';
