// biome-ignore-all lint/complexity/useArrowFunction: ES5 on purpose, for old LMS frames
// biome-ignore-all lint/suspicious/noVar: ES5 on purpose, for old LMS frames
// biome-ignore-all lint/style/useTemplate: ES5 on purpose, for old LMS frames
// biome-ignore-all lint/suspicious/noGlobalIsNan: ES5 on purpose, for old LMS frames
/*
 * Mirai SCORM player: finds the LMS's SCORM API, tracks the lesson's completion and quiz score,
 * gives quiz feedback and flips flashcards. Shared by every SCO of a package; the page's
 * <body data-scorm-version="1.2|2004" data-mastery-score="0..100"> selects the API.
 */
(function () {
  var body = document.body;
  var is2004 = body.getAttribute('data-scorm-version') === '2004';
  var defaultMastery = Number(body.getAttribute('data-mastery-score') || '80') / 100;
  var startedAt = Date.now();
  var questions = toArray(document.querySelectorAll('.question'));
  var answers = [];
  var state = { endSeen: false, completed: false, finished: false };
  var statusLine = document.querySelector('.sco-status');
  var completeButton = document.querySelector('.complete-button');

  var CALLS = is2004
    ? { api: 'API_1484_11', init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit', finish: 'Terminate' }
    : { api: 'API', init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish' };
  var KEYS = is2004
    ? { status: 'cmi.completion_status', entry: 'cmi.entry', exit: 'cmi.exit', time: 'cmi.session_time', score: 'cmi.score.' }
    : { status: 'cmi.core.lesson_status', entry: 'cmi.core.entry', exit: 'cmi.core.exit', time: 'cmi.core.session_time', score: 'cmi.core.score.' };

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  function addClass(element, name) {
    element.className += ' ' + name;
  }

  /* API discovery as ADL describes it: this window and its parents, then the opener and its parents. */
  function searchChain(win, name) {
    var depth;
    for (depth = 0; win && depth < 500; depth++) {
      try {
        if (win[name]) return win[name];
      } catch (_crossOrigin) {
        /* a frame from another origin: keep climbing */
      }
      if (win.parent === win) return null;
      win = win.parent;
    }
    return null;
  }

  function findApi(name) {
    var api = searchChain(window, name);
    if (!api) {
      try {
        if (window.opener) api = searchChain(window.opener, name);
      } catch (_closed) {
        api = null;
      }
    }
    return api;
  }

  function connect() {
    var api = findApi(CALLS.api);
    if (!api || String(api[CALLS.init]('')) !== 'true') return null;
    return {
      get: function (key) {
        var value = api[CALLS.get](key);
        return value === null || value === undefined ? '' : String(value);
      },
      set: function (key, value) {
        return String(api[CALLS.set](key, String(value))) === 'true';
      },
      commit: function () {
        return String(api[CALLS.commit]('')) === 'true';
      },
      finish: function () {
        return String(api[CALLS.finish]('')) === 'true';
      },
    };
  }

  var lms = connect();

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = '0' + text;
    return text;
  }

  /* 1.2: HHHH:MM:SS.SS; 2004: an ISO 8601 duration such as PT1H2M3.45S. */
  function sessionTime() {
    var centis = Math.max(0, Math.round((Date.now() - startedAt) / 10));
    var hours = Math.min(Math.floor(centis / 360000), 9999);
    var minutes = Math.floor(centis / 6000) % 60;
    var seconds = Math.floor(centis / 100) % 60;
    if (is2004) return 'PT' + hours + 'H' + minutes + 'M' + seconds + '.' + pad(centis % 100, 2) + 'S';
    return pad(hours, 2) + ':' + pad(minutes, 2) + ':' + pad(seconds, 2) + '.' + pad(centis % 100, 2);
  }

  /* The LMS's mastery score wins over the one written into the package. */
  function mastery() {
    var fromLms;
    if (lms) {
      fromLms = parseFloat(is2004 ? lms.get('cmi.scaled_passing_score') : lms.get('cmi.student_data.mastery_score'));
      if (!isNaN(fromLms)) return is2004 ? fromLms : fromLms / 100;
    }
    return defaultMastery;
  }

  function score() {
    var correct = 0;
    var i;
    for (i = 0; i < questions.length; i++) {
      if (answers[i] === Number(questions[i].getAttribute('data-answer'))) correct++;
    }
    return { correct: correct, total: questions.length };
  }

  function allAnswered() {
    var i;
    for (i = 0; i < questions.length; i++) {
      if (answers[i] === undefined) return false;
    }
    return true;
  }

  function suspendData() {
    var parts = [];
    var i;
    for (i = 0; i < questions.length; i++) parts.push(answers[i] === undefined ? '' : String(answers[i]));
    return 'answers:' + parts.join(',');
  }

  function showStatus(text) {
    if (statusLine) statusLine.textContent = text;
  }

  function progressText() {
    var result = score();
    var answered = 0;
    var i;
    for (i = 0; i < questions.length; i++) if (answers[i] !== undefined) answered++;
    return 'Quiz: ' + result.correct + ' of ' + result.total + ' correct (' + answered + ' answered).';
  }

  /* Ends the session: on completion, or when the learner leaves (then the attempt is suspended). */
  function finish() {
    if (!lms || state.finished) return;
    state.finished = true;
    if (!state.completed) {
      lms.set(KEYS.exit, 'suspend');
      lms.set('cmi.suspend_data', suspendData());
    }
    lms.set(KEYS.time, sessionTime());
    lms.commit();
    lms.finish();
  }

  function complete() {
    if (state.completed) return;
    state.completed = true;
    var result = score();
    var scored = result.total > 0;
    var scaled = scored ? result.correct / result.total : 0;
    var percent = Math.round(scaled * 100);
    var needed = mastery();
    var passed = scaled + 1e-9 >= needed;
    if (lms) {
      if (scored) {
        lms.set(KEYS.score + 'min', '0');
        lms.set(KEYS.score + 'max', '100');
        lms.set(KEYS.score + 'raw', String(percent));
        if (is2004) lms.set('cmi.score.scaled', String(Math.round(scaled * 10000) / 10000));
      }
      if (is2004) {
        lms.set(KEYS.status, 'completed');
        if (scored) lms.set('cmi.success_status', passed ? 'passed' : 'failed');
        lms.set(KEYS.exit, 'normal');
      } else {
        lms.set(KEYS.status, scored ? (passed ? 'passed' : 'failed') : 'completed');
        lms.set(KEYS.exit, '');
      }
      lms.set('cmi.suspend_data', '');
      finish();
    }
    body.setAttribute('data-sco-state', 'completed');
    if (completeButton) {
      completeButton.disabled = true;
      completeButton.textContent = 'Lesson completed';
    }
    var verdict = passed ? 'passed' : 'not passed (' + Math.round(needed * 100) + '% needed)';
    showStatus(
      scored
        ? 'Lesson complete. Your score: ' + percent + '% (' + result.correct + ' of ' + result.total + '), ' + verdict + '.'
        : 'Lesson complete.',
    );
  }

  function maybeComplete() {
    if (state.endSeen && allAnswered()) complete();
  }

  function markChoices(buttons, choice, correctIndex) {
    buttons.forEach(function (button, i) {
      button.setAttribute('aria-disabled', 'true');
      if (i === choice) {
        addClass(button, 'is-chosen');
        button.setAttribute('aria-pressed', 'true');
      }
      if (i === correctIndex) addClass(button, 'is-correct');
      else if (i === choice) addClass(button, 'is-wrong');
    });
  }

  function choose(index, choice, restoring) {
    var question = questions[index];
    if (!question || answers[index] !== undefined) return;
    var buttons = toArray(question.querySelectorAll('.choice'));
    if (!(choice >= 0 && choice < buttons.length)) return;
    var correctIndex = Number(question.getAttribute('data-answer'));
    answers[index] = choice;
    markChoices(buttons, choice, correctIndex);
    var correct = choice === correctIndex;
    addClass(question, correct ? 'is-answered-correct' : 'is-answered-wrong');
    var feedback = question.querySelector('.feedback');
    var verdict = question.querySelector('.verdict');
    var answer = buttons[correctIndex];
    if (verdict) verdict.textContent = correct ? 'Correct.' : 'Not quite. The answer is: ' + (answer ? answer.textContent : '');
    if (feedback) feedback.removeAttribute('hidden');
    if (restoring || state.completed) return;
    showStatus(progressText());
    if (lms) {
      lms.set('cmi.suspend_data', suspendData());
      lms.commit();
    }
    maybeComplete();
  }

  function restore(data) {
    var match = /^answers:(.*)$/.exec(data);
    if (!match) return;
    match[1].split(',').forEach(function (saved, index) {
      if (saved !== '') choose(index, Number(saved), true);
    });
  }

  function checkEnd() {
    var end = document.getElementById('sco-end');
    if (state.endSeen || !end) return;
    var viewport = window.innerHeight || document.documentElement.clientHeight;
    if (end.getBoundingClientRect().top < viewport) {
      state.endSeen = true;
      maybeComplete();
    }
  }

  function flip(card) {
    var flipped = card.getAttribute('aria-pressed') !== 'true';
    card.setAttribute('aria-pressed', String(flipped));
    card.className = card.className.replace(/\s*is-flipped/g, '') + (flipped ? ' is-flipped' : '');
    var front = card.querySelector('.flashcard-front');
    var back = card.querySelector('.flashcard-back');
    if (front) front.setAttribute('aria-hidden', String(flipped));
    if (back) back.setAttribute('aria-hidden', String(!flipped));
  }

  questions.forEach(function (question, index) {
    toArray(question.querySelectorAll('.choice')).forEach(function (button, choice) {
      button.addEventListener('click', function () {
        choose(index, choice, false);
      });
    });
  });
  toArray(document.querySelectorAll('.flashcard')).forEach(function (card) {
    card.addEventListener('click', function () {
      flip(card);
    });
  });
  if (completeButton) completeButton.addEventListener('click', complete);

  /* A new attempt becomes incomplete; a suspended one gets its answers back. */
  function start() {
    var status;
    var notice = document.querySelector('.lms-notice');
    if (lms) {
      body.setAttribute('data-lms', 'connected');
      status = lms.get(KEYS.status);
      if (status === '' || status === 'not attempted' || status === 'unknown') lms.set(KEYS.status, 'incomplete');
      if (lms.get(KEYS.entry) === 'resume') restore(lms.get('cmi.suspend_data'));
      lms.commit();
    } else {
      body.setAttribute('data-lms', 'missing');
      if (notice) notice.removeAttribute('hidden');
    }
    body.setAttribute('data-sco-state', 'incomplete');
    if (questions.length > 0) showStatus(progressText());
  }

  start();

  window.addEventListener('scroll', checkEnd);
  window.addEventListener('resize', checkEnd);
  // Not before 'load': until images have their size, the end of a page looks closer than it is.
  window.addEventListener('load', checkEnd);
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);
})();
