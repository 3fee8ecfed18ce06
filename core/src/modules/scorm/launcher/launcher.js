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
    // SCORM 2004 with sequencing: adl.nav.request_valid answers what Mirai's sequencer allows.
    const valid = is12 ? null : (launch.navigation?.requestValid ?? null);
    const settings = { lmsCommitUrl: false, autocommit: false, logLevel: 5 };
    if (valid !== null) settings.scoItemIdValidator = (target) => valid.choice[target] === true;
    const api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromJSON(launch.cmi, 'cmi');
    if (valid !== null) {
      api.adl.nav.request_valid.continue = String(valid.continue);
      api.adl.nav.request_valid.previous = String(valid.previous);
    }
    const commit = (final, navRequest) => post({ type: 'mirai-scorm:commit', final, cmi: plain(api.renderCommitCMI(final, final)).cmi, navRequest });
    api.on(is12 ? 'LMSCommit' : 'Commit', () => commit(false, null));
    api.on(is12 ? 'LMSFinish' : 'Terminate', () => {
      // SCORM 2004: the SCO's navigation request (continue, previous, choice, exit…) is the LMS's to act on;
      // it travels with the terminating commit, so the server applies both together.
      const request = is12 ? null : String(api.adl?.nav?.request ?? '_none_');
      commit(true, request);
      post({ type: 'mirai-scorm:terminated', navRequest: request ?? '_none_' });
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
  // The app's player starts listening when its page's scripts have run, which on a slow device
  // comes after this small frame has loaded: one "ready" would then be lost and the SCO never
  // start. Say it until the launch arrives.
  post({ type: 'mirai-scorm:ready' });
  const announce = setInterval(() => {
    if (launched) clearInterval(announce);
    else post({ type: 'mirai-scorm:ready' });
  }, 200);
})();
