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

  function normalise(text) {
    return String(text)
      .replace(/^\s+|\s+$/g, '')
      .replace(/\s+/g, ' ')
      .slice(0, 200);
  }

  /* Responses are strings: a choice index, indexes joined with "," (ascending), "true"/"false", or typed text. */
  function isCorrect(question, response) {
    var caseSensitive = question.getAttribute('data-case-sensitive') === 'true';
    var pattern = question.getAttribute('data-pattern');
    var text;
    var accepted;
    var i;
    if (question.getAttribute('data-kind') !== 'short-answer') return response === question.getAttribute('data-answer');
    text = normalise(response);
    if (pattern !== null) return new RegExp('^(?:' + pattern + ')$', caseSensitive ? '' : 'i').test(text);
    accepted = JSON.parse(question.getAttribute('data-accepted') || '[]');
    for (i = 0; i < accepted.length; i++) {
      if (caseSensitive ? normalise(accepted[i]) === text : normalise(accepted[i]).toLowerCase() === text.toLowerCase()) return true;
    }
    return false;
  }

  function score() {
    var correct = 0;
    var i;
    for (i = 0; i < questions.length; i++) {
      if (answers[i] !== undefined && isCorrect(questions[i], answers[i])) correct++;
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
    for (i = 0; i < questions.length; i++) parts.push(answers[i] === undefined ? '' : encodeURIComponent(answers[i]));
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

  function markChoices(question, response) {
    var chosen = ',' + response + ',';
    var right = ',' + question.getAttribute('data-answer') + ',';
    toArray(question.querySelectorAll('.choice')).forEach(function (button) {
      var value = ',' + button.getAttribute('data-choice') + ',';
      button.setAttribute('aria-disabled', 'true');
      if (chosen.indexOf(value) >= 0) {
        addClass(button, 'is-chosen');
        button.setAttribute('aria-pressed', 'true');
      }
      if (right.indexOf(value) >= 0) addClass(button, 'is-correct');
      else if (chosen.indexOf(value) >= 0) addClass(button, 'is-wrong');
    });
    toArray(question.querySelectorAll('.check-answer, .answer-text, select')).forEach(function (control) {
      control.disabled = true;
    });
    showSelects(question, response);
    var text = question.querySelector('.answer-text');
    if (text) text.value = response;
  }

  /* cmi.interactions as each version spells them: choices and sequences by letter, matches as letter.digit, true/false, typed text. */
  function interactionResponse(question, response) {
    var type = question.getAttribute('data-interaction-type');
    if (type === 'fill-in') return normalise(response).slice(0, 250);
    if (type === 'true-false') return is2004 ? response : response.charAt(0);
    if (type === 'matching')
      return response
        .split(',')
        .map(function (right, left) {
          return String.fromCharCode(97 + left) + (is2004 ? '[.]' : '.') + (Number(right) + 1);
        })
        .join(is2004 ? '[,]' : ',');
    return response
      .split(',')
      .map(function (index) {
        return String.fromCharCode(97 + Number(index));
      })
      .join(is2004 ? '[,]' : ',');
  }

  /* Ordering and matching rows are selects: a response puts them back (restoring), or reads them. */
  function showSelects(question, response) {
    var kind = question.getAttribute('data-kind');
    var values = response.split(',');
    toArray(question.querySelectorAll('select')).forEach(function (select, row) {
      if (kind === 'matching') select.value = values[row];
      else select.value = String(values.indexOf(select.getAttribute('data-item')) + 1);
    });
  }

  /* Ordering: authored item indexes by chosen place; matching: each row's chosen index. '' until every row has a distinct answer. */
  function selectResponse(question) {
    var selects = toArray(question.querySelectorAll('select'));
    var values = selects.map(function (select) {
      return select.value;
    });
    var distinct = values.filter(function (value, i) {
      return value !== '' && values.indexOf(value) === i;
    });
    if (distinct.length !== values.length) return '';
    if (question.getAttribute('data-kind') === 'matching') return values.join(',');
    return selects
      .slice()
      .sort(function (a, b) {
        return Number(a.value) - Number(b.value);
      })
      .map(function (select) {
        return select.getAttribute('data-item');
      })
      .join(',');
  }

  function recordInteraction(question, response, correct) {
    var n = parseInt(lms.get('cmi.interactions._count'), 10) || 0;
    var prefix = 'cmi.interactions.' + n + '.';
    var patterns = JSON.parse(question.getAttribute(is2004 ? 'data-correct-2004' : 'data-correct-12') || '[]');
    lms.set(prefix + 'id', 'question-' + question.getAttribute('data-question-id'));
    lms.set(prefix + 'type', question.getAttribute('data-interaction-type'));
    patterns.forEach(function (pattern, k) {
      lms.set(prefix + 'correct_responses.' + k + '.pattern', pattern);
    });
    lms.set(prefix + (is2004 ? 'learner_response' : 'student_response'), interactionResponse(question, response));
    lms.set(prefix + 'result', correct ? 'correct' : is2004 ? 'incorrect' : 'wrong');
  }

  function choose(index, response, restoring) {
    var question = questions[index];
    if (!question || answers[index] !== undefined || response === '') return;
    answers[index] = response;
    markChoices(question, response);
    var correct = isCorrect(question, response);
    addClass(question, correct ? 'is-answered-correct' : 'is-answered-wrong');
    var feedback = question.querySelector('.feedback');
    var verdict = question.querySelector('.verdict');
    var right = question.getAttribute('data-right-answer');
    if (verdict) verdict.textContent = correct ? 'Correct.' : right ? 'Not quite. The answer is: ' + right : 'Not quite.';
    if (feedback) feedback.removeAttribute('hidden');
    if (restoring || state.completed) return;
    showStatus(progressText());
    if (lms) {
      recordInteraction(question, response, correct);
      lms.set('cmi.suspend_data', suspendData());
      lms.commit();
    }
    maybeComplete();
  }

  function restore(data) {
    var match = /^answers:(.*)$/.exec(data);
    if (!match) return;
    match[1].split(',').forEach(function (saved, index) {
      if (saved !== '') choose(index, decodeURIComponent(saved), true);
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

  /* One choice and true/false answer on a click; several answers toggle, then "Check answer". */
  questions.forEach(function (question, index) {
    var kind = question.getAttribute('data-kind');
    var check = question.querySelector('.check-answer');
    var text = question.querySelector('.answer-text');
    toArray(question.querySelectorAll('.choice')).forEach(function (button) {
      button.addEventListener('click', function () {
        if (kind !== 'multiple') return choose(index, button.getAttribute('data-choice'), false);
        if (answers[index] === undefined) button.setAttribute('aria-pressed', String(button.getAttribute('aria-pressed') !== 'true'));
      });
    });
    if (check)
      check.addEventListener('click', function () {
        if (text) return choose(index, text.value.replace(/^\s+|\s+$/g, ''), false);
        if (kind === 'ordering' || kind === 'matching') {
          if (selectResponse(question) === '') return showStatus('Give every row a different answer, then check.');
          return choose(index, selectResponse(question), false);
        }
        choose(
          index,
          toArray(question.querySelectorAll('.choice[aria-pressed="true"]'))
            .map(function (button) {
              return button.getAttribute('data-choice');
            })
            .join(','),
          false,
        );
      });
    if (text)
      text.addEventListener('keydown', function (event) {
        if (event.key === 'Enter' && check) check.click();
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
