// The cmi5 AU runtime: a self-contained xAPI client (fetch only, no library) that every AU page loads.
// Launch: read endpoint, fetch, actor, registration and activityId from the query string, POST to the
// fetch URL once for the auth token, GET the LMS.LaunchData state, then send "initialized" first.
// After that: "passed"/"failed" when the quizzes are scored, "completed" on "Finish lesson", and
// "terminated" last, on "Exit" or when the page goes away. moveOn and launchMode decide what is sent.
(() => {
  const XAPI_VERSION = '1.0.3';
  const CMI5_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/cmi5';
  const MOVEON_CATEGORY = 'https://w3id.org/xapi/cmi5/context/categories/moveon';
  const SESSION_ID = 'https://w3id.org/xapi/cmi5/context/extensions/sessionid';
  const MASTERY_SCORE = 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore';
  const VERB_BASE = 'http://adlnet.gov/expapi/verbs/';
  const COMPLETION_RULES = ['Completed', 'CompletedAndPassed', 'CompletedOrPassed'];
  const JUDGEMENT_RULES = ['Passed', 'CompletedAndPassed', 'CompletedOrPassed'];

  const status = document.querySelector('[data-au-status]');
  const finishButton = document.querySelector('[data-au-finish]');
  const exitButton = document.querySelector('[data-au-exit]');
  const quizzes = [...document.querySelectorAll('form[data-au-quiz]')];

  const say = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle('is-error', isError);
  };

  const session = {
    /** Set once launch data is read and "initialized" is sent. */
    ready: false,
    initialized: false,
    token: '',
    launchData: {},
    moveOn: document.body.dataset.moveOn || 'NotApplicable',
    masteryScore: document.body.dataset.masteryScore === undefined ? null : Number(document.body.dataset.masteryScore),
    masteryFromLms: false,
    normalMode: true,
    startedAt: Date.now(),
    passed: false,
    completed: false,
    terminated: false,
  };

  const query = new URLSearchParams(window.location.search);
  const launch = {
    endpoint: query.get('endpoint'),
    fetchUrl: query.get('fetch'),
    actor: query.get('actor'),
    registration: query.get('registration'),
    activityId: query.get('activityId'),
  };
  const endpoint = launch.endpoint && (launch.endpoint.endsWith('/') ? launch.endpoint : `${launch.endpoint}/`);

  const uuid = () => {
    if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };

  const duration = () => `PT${Math.round((Date.now() - session.startedAt) / 10) / 100}S`;

  const headers = (extra) => ({
    Authorization: `Basic ${session.token}`,
    'X-Experience-API-Version': XAPI_VERSION,
    ...extra,
  });

  // A reload of the same launch must neither use the fetch URL again nor repeat statements of the
  // session, so the token and what was sent are kept in sessionStorage (when the browser allows it).
  const remember = (key, value) => {
    try {
      window.sessionStorage.setItem(key, value);
    } catch {
      // Storage may be blocked (sandboxed frames); a reload then starts over.
    }
  };
  const recall = (key) => {
    try {
      return window.sessionStorage.getItem(key);
    } catch {
      return null;
    }
  };
  const sentKey = () => `cmi5-sent:${session.launchData.contextTemplate.extensions[SESSION_ID]}`;
  const markSent = (verb) => {
    session[verb] = true;
    remember(sentKey(), JSON.stringify({ initialized: true, passed: session.passed, completed: session.completed, terminated: session.terminated }));
  };

  /** The auth token, fetched once per launch. */
  const fetchToken = async () => {
    const key = `cmi5-auth-token:${launch.fetchUrl}`;
    const stored = recall(key);
    if (stored) return stored;
    const response = await fetch(launch.fetchUrl, { method: 'POST' });
    const body = response.ok ? await response.json() : {};
    const token = body['auth-token'];
    if (typeof token !== 'string' || token === '') throw new Error(`the fetch URL gave no auth token (${body['error-text'] || response.status})`);
    remember(key, token);
    return token;
  };

  const readLaunchData = async () => {
    const params = new URLSearchParams({
      stateId: 'LMS.LaunchData',
      activityId: launch.activityId,
      agent: launch.actor,
      registration: launch.registration,
    });
    const response = await fetch(`${endpoint}activities/state?${params}`, { headers: headers({}) });
    if (!response.ok) throw new Error(`the LMS did not return launch data (HTTP ${response.status})`);
    return response.json();
  };

  const withCategories = (list, ids) => {
    const all = Array.isArray(list) ? [...list] : list ? [list] : [];
    for (const id of ids) if (!all.some((activity) => activity.id === id)) all.push({ id, objectType: 'Activity' });
    return all;
  };

  /** A cmi5 defined statement built on the LMS's contextTemplate (which carries the session id). */
  const statement = (verb, { result, moveOn = false, extensions = {} } = {}) => {
    const template = session.launchData.contextTemplate || {};
    const contextActivities = { ...(template.contextActivities || {}) };
    contextActivities.category = withCategories(contextActivities.category, moveOn ? [CMI5_CATEGORY, MOVEON_CATEGORY] : [CMI5_CATEGORY]);
    const built = {
      id: uuid(),
      timestamp: new Date().toISOString(),
      actor: JSON.parse(launch.actor),
      verb: { id: `${VERB_BASE}${verb}`, display: { 'en-US': verb } },
      object: { objectType: 'Activity', id: launch.activityId },
      context: {
        ...template,
        registration: launch.registration,
        contextActivities,
        extensions: { ...(template.extensions || {}), ...extensions },
      },
    };
    if (result) built.result = result;
    return built;
  };

  const post = async (built, keepalive = false) => {
    const response = await fetch(`${endpoint}statements`, {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json' }),
      body: JSON.stringify(built),
      keepalive,
    });
    if (!response.ok) throw new Error(`the LMS refused the "${built.verb.display['en-US']}" statement (HTTP ${response.status})`);
  };

  // Statements go out one at a time, in order; a failure is shown and the next one still tries.
  let queue = Promise.resolve();
  const enqueue = (task) => {
    queue = queue
      .then(() => (session.ready && !session.terminated ? task() : undefined))
      .catch((error) => say(`Your progress could not be saved: ${error.message}`, true));
    return queue;
  };

  /** Without a mastery score from the LMS or the package, only a perfect score passes. */
  const passes = (scaled) => scaled >= (session.masteryScore === null ? 1 : session.masteryScore);

  const judge = (correct, total) => {
    const allowed = session.normalMode && JUDGEMENT_RULES.includes(session.moveOn) && !session.passed;
    if (!allowed) return;
    const scaled = total === 0 ? 0 : correct / total;
    const success = passes(scaled);
    if (success) markSent('passed');
    const extensions = session.masteryFromLms ? { [MASTERY_SCORE]: session.masteryScore } : {};
    const result = { success, score: { scaled, raw: correct, min: 0, max: total }, duration: duration() };
    void enqueue(() => post(statement(success ? 'passed' : 'failed', { result, moveOn: true, extensions })));
  };

  /**
   * A cmi5 "allowed" statement per question: "answered", the question as a cmi.interaction
   * sub-activity of the AU (its definition written into the page), and the learner's response in
   * the xAPI format for its interactionType. No cmi5 category: it is not a cmi5 defined statement.
   */
  const answered = (question, response, correct) => {
    const template = session.launchData.contextTemplate || {};
    const { category, ...others } = template.contextActivities || {};
    const built = {
      id: uuid(),
      timestamp: new Date().toISOString(),
      actor: JSON.parse(launch.actor),
      verb: { id: `${VERB_BASE}answered`, display: { 'en-US': 'answered' } },
      object: {
        objectType: 'Activity',
        id: `${launch.activityId}/question/${encodeURIComponent(question.dataset.questionId)}`,
        definition: JSON.parse(question.dataset.interaction),
      },
      result: { success: correct, response: xapiResponse(question, response) },
      context: {
        ...template,
        registration: launch.registration,
        contextActivities: { ...others, parent: [{ objectType: 'Activity', id: launch.activityId }] },
      },
    };
    void enqueue(() => post(built));
  };

  const complete = () => {
    if (!session.normalMode || session.completed || !COMPLETION_RULES.includes(session.moveOn)) return Promise.resolve();
    markSent('completed');
    return enqueue(() => post(statement('completed', { result: { completion: true, duration: duration() }, moveOn: true })));
  };

  const terminate = () =>
    enqueue(async () => {
      markSent('terminated');
      await post(statement('terminated', { result: { duration: duration() } }), true);
    });

  // Quizzes: each question shows feedback once its quiz is submitted; the lesson is judged when all are.
  const questionsOf = (form) => [...form.querySelectorAll('fieldset[data-kind]')];
  // Ordering: authored item indexes by chosen place; matching: each row's chosen index; '' until every row differs.
  const selectResponse = (question) => {
    const selects = [...question.querySelectorAll('select')];
    const values = selects.map((select) => select.value);
    if (values.includes('') || new Set(values).size !== values.length) return '';
    if (question.dataset.kind === 'matching') return values.join(',');
    return selects
      .sort((a, b) => Number(a.value) - Number(b.value))
      .map((select) => select.dataset.item)
      .join(',');
  };
  // The learner's response in the encoding of the question's data-answer (see export-kit question-markup).
  const responseOf = (question) => {
    if (question.dataset.kind === 'ordering' || question.dataset.kind === 'matching') return selectResponse(question);
    if (question.dataset.kind === 'short-answer') return question.querySelector('input[type="text"]').value.trim();
    return [...question.querySelectorAll('input:checked')].map((input) => input.value).join(',');
  };
  const normalise = (text) => text.trim().replace(/\s+/g, ' ').slice(0, 200);
  const isCorrect = (question, response) => {
    if (question.dataset.kind !== 'short-answer') return response !== '' && response === question.dataset.answer;
    const caseSensitive = question.dataset.caseSensitive === 'true';
    const text = normalise(response);
    if (question.dataset.pattern !== undefined) return new RegExp(`^(?:${question.dataset.pattern})$`, caseSensitive ? 'u' : 'iu').test(text);
    const fold = (value) => (caseSensitive ? value : value.toLocaleLowerCase());
    return JSON.parse(question.dataset.accepted).some((accepted) => fold(normalise(accepted)) === fold(text));
  };
  /** Choices and sequences by letter joined with [,] (a, b, ...), matches as a[.]1, true/false as is, typed text as typed. */
  const xapiResponse = (question, response) => {
    const kind = question.dataset.kind;
    if (kind === 'matching')
      return response === ''
        ? ''
        : response
            .split(',')
            .map((right, left) => `${String.fromCharCode(97 + left)}[.]${Number(right) + 1}`)
            .join('[,]');
    if (kind === 'single' || kind === 'multiple' || kind === 'ordering')
      return response === ''
        ? ''
        : response
            .split(',')
            .map((index) => String.fromCharCode(97 + Number(index)))
            .join('[,]');
    return normalise(response);
  };
  const scoreQuizzes = () => {
    const questions = quizzes.flatMap(questionsOf);
    const correct = questions.filter((question) => question.dataset.correct === 'true').length;
    const passed = passes(questions.length === 0 ? 0 : correct / questions.length);
    const message = `You answered ${correct} of ${questions.length} correctly: ${passed ? 'passed' : 'not passed yet'}.`;
    for (const form of quizzes) {
      form.querySelector('.quiz-result').textContent = message;
      form.querySelector('[data-au-retry]').hidden = passed;
    }
    judge(correct, questions.length);
  };

  for (const form of quizzes) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      for (const question of questionsOf(form)) {
        const response = responseOf(question);
        const correct = isCorrect(question, response);
        const right = question.dataset.rightAnswer;
        question.dataset.correct = String(correct);
        const feedback = question.querySelector('.feedback');
        feedback.textContent = correct ? 'Correct.' : right ? `Not quite. The answer is: ${right}` : 'Not quite.';
        feedback.hidden = false;
        question.querySelector('.explanation').hidden = false;
        for (const input of question.querySelectorAll('input, select')) input.disabled = true;
        answered(question, response, correct);
      }
      form.dataset.submitted = 'true';
      form.querySelector('button[type="submit"]').disabled = true;
      if (quizzes.every((quiz) => quiz.dataset.submitted === 'true')) scoreQuizzes();
    });
    form.querySelector('[data-au-retry]').addEventListener('click', () => {
      for (const quiz of quizzes) {
        quiz.reset();
        delete quiz.dataset.submitted;
        quiz.querySelector('button[type="submit"]').disabled = false;
        quiz.querySelector('[data-au-retry]').hidden = true;
        quiz.querySelector('.quiz-result').textContent = '';
        for (const question of questionsOf(quiz)) {
          delete question.dataset.correct;
          question.querySelector('.feedback').hidden = true;
          question.querySelector('.explanation').hidden = true;
          for (const input of question.querySelectorAll('input, select')) input.disabled = false;
        }
      }
    });
  }

  finishButton.addEventListener('click', () => {
    finishButton.disabled = true;
    void complete().then(() => {
      if (session.ready) say('Lesson finished. You can exit now.');
    });
  });

  exitButton.addEventListener('click', () => {
    finishButton.disabled = true;
    exitButton.disabled = true;
    void terminate().then(() => {
      say('Session ended. You can close this window.');
      const returnUrl = session.launchData.returnURL;
      if (typeof returnUrl === 'string' && returnUrl !== '') window.location.assign(returnUrl);
    });
  });

  // Leaving without "Exit": send "terminated" straight away, outside the queue, so it starts before the page goes.
  window.addEventListener('pagehide', () => {
    if (!session.ready || session.terminated) return;
    markSent('terminated');
    void post(statement('terminated', { result: { duration: duration() } }), true).catch(() => undefined);
  });

  const start = async () => {
    if (!endpoint || !launch.fetchUrl || !launch.actor || !launch.registration || !launch.activityId) {
      say('Open this lesson from your learning system to record your progress.', true);
      return;
    }
    try {
      session.token = await fetchToken();
      session.launchData = (await readLaunchData()) || {};
      const data = session.launchData;
      const template = data.contextTemplate || {};
      if (!template.extensions || typeof template.extensions[SESSION_ID] !== 'string') throw new Error('the launch data has no cmi5 session id');
      if (typeof data.moveOn === 'string') session.moveOn = data.moveOn;
      if (typeof data.masteryScore === 'number') {
        session.masteryScore = data.masteryScore;
        session.masteryFromLms = true;
      }
      session.normalMode = (data.launchMode || 'Normal') === 'Normal';
      const earlier = JSON.parse(recall(sentKey()) || '{}');
      if (earlier.terminated) {
        say('This session has ended. Launch the lesson again from your learning system.', true);
        return;
      }
      session.passed = earlier.passed === true;
      session.completed = earlier.completed === true;
      session.startedAt = Date.now();
      if (!earlier.initialized) await post(statement('initialized'));
      markSent('initialized');
      session.ready = true;
      say(session.normalMode ? 'Your progress is being recorded.' : `${data.launchMode} mode: your progress is not recorded.`);
    } catch (error) {
      say(`Your progress cannot be recorded: ${error.message}`, true);
    }
  };

  queue = start();
})();
