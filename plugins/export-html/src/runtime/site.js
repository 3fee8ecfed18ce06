// Inlined into every page of the exported site: offline quizzes with feedback and flip cards.
(() => {
  document.documentElement.classList.replace('no-js', 'js');

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
  const responseOf = (form) => {
    if (form.dataset.kind === 'ordering' || form.dataset.kind === 'matching') return selectResponse(form) || null;
    if (form.dataset.kind === 'short-answer') {
      const text = form.querySelector('input[type="text"]').value.trim();
      return text === '' ? null : text;
    }
    const checked = [...form.querySelectorAll('input:checked')].map((input) => input.value);
    return checked.length === 0 ? null : checked.join(',');
  };
  const normalise = (text) => text.trim().replace(/\s+/g, ' ').slice(0, 200);
  const isCorrect = (form, response) => {
    if (form.dataset.kind !== 'short-answer') return response === form.dataset.answer;
    const caseSensitive = form.dataset.caseSensitive === 'true';
    const text = normalise(response);
    if (form.dataset.pattern !== undefined) return new RegExp(`^(?:${form.dataset.pattern})$`, caseSensitive ? 'u' : 'iu').test(text);
    const fold = (value) => (caseSensitive ? value : value.toLocaleLowerCase());
    return JSON.parse(form.dataset.accepted).some((accepted) => fold(normalise(accepted)) === fold(text));
  };

  for (const form of document.querySelectorAll('form.quiz-question')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const feedback = form.querySelector('.feedback');
      const explanation = form.querySelector('.explanation');
      const response = responseOf(form);
      if (response === null) {
        const kind = form.dataset.kind;
        feedback.textContent =
          kind === 'short-answer'
            ? 'Type an answer first.'
            : kind === 'ordering' || kind === 'matching'
              ? 'Give every row a different answer first.'
              : 'Choose an answer first.';
        feedback.className = 'feedback';
        return;
      }
      const correct = isCorrect(form, response);
      const right = form.dataset.rightAnswer;
      feedback.textContent = correct ? 'Correct.' : right ? `Not quite. The answer is: ${right}` : 'Not quite.';
      feedback.className = correct ? 'feedback is-correct' : 'feedback is-incorrect';
      explanation.hidden = false;
    });
  }

  for (const card of document.querySelectorAll('button.flashcard')) {
    const front = card.querySelector('.card-front');
    const back = card.querySelector('.card-back');
    back.setAttribute('aria-hidden', 'true');
    card.addEventListener('click', () => {
      const flipped = card.getAttribute('aria-pressed') !== 'true';
      card.setAttribute('aria-pressed', String(flipped));
      card.classList.toggle('is-flipped', flipped);
      front.setAttribute('aria-hidden', String(flipped));
      back.setAttribute('aria-hidden', String(!flipped));
    });
  }
})();
