/** The launcher page: configuration as inert JSON (the CSP allows no inline script), then the runtime and the launcher. */
export function launcherPage(version: '1.2' | '2004', appOrigins: readonly string[]): string {
  const config = JSON.stringify({ appOrigins }).replace(/</g, '\\u003c');
  const runtime = version === '1.2' ? 'scorm12.js' : 'scorm2004.js';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>SCORM player</title>
<style>html, body { margin: 0; height: 100%; } iframe { border: 0; width: 100%; height: 100%; display: block; }</style>
<script type="application/json" id="mirai-launch-config">${config}</script>
<script src="/scorm-launcher-assets/${runtime}"></script>
<script src="/scorm-launcher-assets/launcher.js"></script>
</head><body></body></html>`;
}
