// Plan board: generate a plan (showing the solve's progress live), then publish it.
'use strict';
(function () {
  const progress = document.getElementById('progress');
  const generate = document.getElementById('generate');
  const publish = document.getElementById('publish');
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  function describe(plan) {
    const p = plan.progress || {};
    const parts = [`Plan ${plan.id.slice(0, 8)}: ${plan.status}`];
    if (typeof p.seconds === 'number') parts.push(`${p.seconds.toFixed(0)} s`);
    if (typeof p.bestObjective === 'number') parts.push(`best objective ${p.bestObjective.toFixed(1)}`);
    if (typeof p.gap === 'number') parts.push(`gap ${(p.gap * 100).toFixed(1)}%`);
    return parts.join(' · ');
  }

  if (generate) {
    generate.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = generate.querySelector('button');
      button.disabled = true;
      const form = new FormData(generate);
      try {
        rota.say(progress, 'Submitting…');
        let plan = await rota.call('POST', '/plans', {
          fortnightStart: generate.dataset.fortnight,
          confidence: form.get('confidence'),
          backend: form.get('backend'),
          timeLimitSeconds: Number(form.get('timeLimitSeconds')),
        });
        while (plan.status === 'draft' || plan.status === 'solving') {
          rota.say(progress, describe(plan));
          await sleep(1000);
          plan = await rota.call('GET', `/plans/${plan.id}`);
        }
        rota.say(progress, describe(plan), plan.status !== 'solved');
        window.location.assign(`/ui/plan?fortnight=${generate.dataset.fortnight}&plan=${plan.id}`);
      } catch (error) {
        rota.say(progress, `Could not generate the plan: ${error.message}`, true);
        button.disabled = false;
      }
    });
  }

  if (publish) {
    publish.addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = publish.querySelector('button');
      button.disabled = true;
      try {
        rota.say(progress, 'Publishing…');
        await rota.call('POST', `/plans/${publish.dataset.planId}/publish`);
        window.location.reload();
      } catch (error) {
        rota.say(progress, `Could not publish: ${error.message}`, true);
        button.disabled = false;
      }
    });
  }
})();
