export { AssetCollector, type AssetNamer, type AssetPaths } from './asset-collector.ts';
export { type BlockContext, type ContentBlock, contentBlockHtml, detailsFlashcardsHtml } from './block-html.ts';
export { contentStylesheet } from './content-stylesheet.ts';
export { escapeHtml, type MarkdownOptions, markdownToHtml } from './markdown-html.ts';
export { assetPath, type LessonEntry, languageTag, lessonEntries, slugify } from './package-paths.ts';
export { ZipStream } from './zip-stream.ts';
