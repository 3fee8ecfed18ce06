// Inlined into every page of the exported site: offline quizzes with feedback and flip cards.
(() => {
  document.documentElement.classList.replace('no-js', 'js');

  for (const form of document.querySelectorAll('form.quiz-question')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const feedback = form.querySelector('.feedback');
      const explanation = form.querySelector('.explanation');
      const chosen = form.querySelector('input[type="radio"]:checked');
      if (chosen === null) {
        feedback.textContent = 'Choose an answer first.';
        feedback.className = 'feedback';
        return;
      }
      const answer = form.dataset.answer;
      const correct = chosen.value === answer;
      const right = form.querySelector(`input[value="${answer}"]`);
      const rightLabel = right ? form.querySelector(`label[for="${right.id}"]`) : null;
      feedback.textContent = correct ? 'Correct.' : `Not quite. The answer is: ${rightLabel ? rightLabel.textContent : ''}`;
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
