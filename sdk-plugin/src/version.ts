/**
 * The plugin-API version this SDK describes. A plugin's `engine` range is checked against the
 * host's copy of this constant, so bump the major on any breaking change to a contract here.
 */
export const PLUGIN_API_VERSION = '1.0.0';
