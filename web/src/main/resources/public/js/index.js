// Studies list: sampler, trials by state, best value, created.
import {api} from './api.js';
import {el, fill, fmt, time, header, showError, stateBadge} from './dom.js';
import {objectiveLabel} from './space.js';

const STATES = ['COMPLETE', 'RUNNING', 'PRUNED', 'FAILED', 'WAITING'];

async function render() {
  header();
  const studies = await api.get('/api/studies');
  const rows = studies.map(s => el('tr', {'data-study': s.id},
    el('td', {}, el('a', {href: '/study.html?id=' + s.id}, s.name)),
    el('td', {}, s.sampler),
    el('td', {class: 'objective'}, objectiveLabel(s)),
    el('td', {class: 'num'}, fmt(s.total)),
    el('td', {}, STATES.filter(st => s.counts && s.counts[st] > 0)
      .map(st => el('span', {}, stateBadge(st), ' ', String(s.counts[st]), ' '))),
    el('td', {class: 'num best'}, fmt(s.bestValue)),
    el('td', {}, time(s.createdAt)),
    el('td', {}, el('a', {href: '/ensemble.html?study=' + s.id}, 'ensemble'))));
  fill(document.getElementById('page'),
    el('h1', {}, 'Studies'),
    el('div', {class: 'sub'}, studies.length + ' studies'),
    el('div', {class: 'card'}, el('table', {id: 'studies'},
      el('thead', {}, el('tr', {}, ['study', 'sampler', 'objective', 'trials', 'by state', 'best value', 'created', '']
        .map(h => el('th', {}, h)))),
      el('tbody', {}, rows))));
  document.body.dataset.loaded = 'true';
}

render().catch(showError);
