// The SCORM player on the content origin. It runs scorm-again as the SCO's API (same origin as
// the SCO, so the synchronous SCORM calls stay synchronous) and crosses to the Mirai app only by
// postMessage: the app sends the launch (CMI to resume from), the launcher sends every commit back.
// Messages from any origin but the configured app origins, or from any window but the parent, are ignored.
(() => {
  const config = JSON.parse(document.getElementById('mirai-launch-config').textContent);
  const appOrigins = config.appOrigins;
  const scoPrefix = `${location.origin}/scorm/`;
  let launched = false;

  const post = (message) => {
    for (const origin of appOrigins) window.parent.postMessage(message, origin);
  };
  const plain = (value) => JSON.parse(JSON.stringify(value));

  function start(launch) {
    const is12 = launch.version === '1.2';
    const settings = { lmsCommitUrl: false, autocommit: false, logLevel: 5 };
    const api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromJSON(launch.cmi, 'cmi');
    const commit = (final) => post({ type: 'mirai-scorm:commit', final, cmi: plain(api.renderCommitCMI(final, final)).cmi });
    api.on(is12 ? 'LMSCommit' : 'Commit', () => commit(false));
    api.on(is12 ? 'LMSFinish' : 'Terminate', () => {
      commit(true);
      // SCORM 2004: the SCO's navigation request (continue, previous, choice, exit…) is the LMS's to act on.
      const request = is12 ? '_none_' : String(api.adl?.nav?.request ?? '_none_');
      post({ type: 'mirai-scorm:terminated', navRequest: request });
    });
    if (is12) window.API = api;
    else window.API_1484_11 = api;
    const frame = document.createElement('iframe');
    frame.title = launch.title;
    frame.src = launch.scoUrl;
    document.body.appendChild(frame);
  }

  window.addEventListener('message', (event) => {
    if (!appOrigins.includes(event.origin) || event.source !== window.parent) return;
    const data = event.data;
    if (launched || typeof data !== 'object' || data === null || data.type !== 'mirai-scorm:launch') return;
    if (typeof data.scoUrl !== 'string' || !data.scoUrl.startsWith(scoPrefix)) return;
    launched = true;
    start(data);
  });
  post({ type: 'mirai-scorm:ready' });
})();
