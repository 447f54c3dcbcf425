// Ensemble builder: pick runs (or the top k of a study), see each one's validation score, set weights by hand
// (normalised) or press equal / greedy (Caruana, with replacement) / optimised; the ensemble's validation metric
// is shown next to the best single model's, in sample and held out; save it in the tracker. The score that ranks
// them can be chosen (metric and output); by default it is the study's objective where the predictions can give it.
import {api, query} from './api.js';
import {el, fill, fmt, header, showError, param} from './dom.js';

const studyId = param('study');
const preset = param('runs');
const page = document.getElementById('page');
const state = {candidates: [], top: 10, study: null, score: param('score') || ''};
const parts = {candidates: el('div', {class: 'card'}), result: el('div', {class: 'card', id: 'result'}),
  saved: el('div', {class: 'card'})};

function score(v) {
  return v && v.validation ? v.validation.score : null;
}

function checkedRows() {
  return [...document.querySelectorAll('#candidates tbody tr')].filter(tr => tr.querySelector('.pick').checked);
}

function normalisedPreview() {
  const rows = checkedRows();
  const ws = rows.map(tr => Math.max(0, Number(tr.querySelector('.weight').value) || 0));
  const sum = ws.reduce((a, b) => a + b, 0);
  document.querySelectorAll('#candidates tbody tr .norm').forEach(td => fill(td, ''));
  rows.forEach((tr, i) => fill(tr.querySelector('.norm'), sum > 0 ? (ws[i] / sum).toFixed(3) : '—'));
}

async function loadCandidates() {
  const q = preset && !state.ignorePreset ? {runs: preset} : {top: state.top};
  if (state.score) q.score = state.score;
  const data = await api.get('/api/studies/' + studyId + '/ensemble-candidates' + query(q));
  state.candidates = data.candidates;
  state.scoring = data.scoring;
  const rows = data.candidates.map(c => {
    const s = score(c);
    return el('tr', {'data-run': c.id},
      el('td', {}, el('input', {type: 'checkbox', class: 'pick', checked: c.hasPredictions, disabled: !c.hasPredictions,
        onchange: normalisedPreview})),
      el('td', {class: 'name', title: c.name || ''}, el('a', {href: '/run.html?id=' + c.id}, '#' + c.number), c.name ? el('span', {class: 'muted'}, ' ' + c.name) : ''),
      el('td', {class: 'num'}, fmt(c.value)),
      el('td', {class: 'num val-score'}, s ? s.name + ' ' + fmt(s.value) : el('span', {class: 'muted', title: c.problem || ''}, 'no validation predictions')),
      el('td', {}, el('input', {type: 'number', class: 'weight', min: 0, step: 'any', value: 1, oninput: normalisedPreview})),
      el('td', {class: 'num norm'}));
  });
  const topInput = el('input', {type: 'number', id: 'top-k', min: 1, max: 20, value: state.top});
  fill(parts.candidates, el('h2', {}, 'Members'), scoreChooser(data),
    el('div', {class: 'toolbar'}, 'top ', topInput, ' runs of the study ',
      el('button', {id: 'load-top', onclick: () => { state.top = Number(topInput.value) || 10; state.ignorePreset = true; loadCandidates().catch(showError); }}, 'Load top k'),
      preset && !state.ignorePreset ? el('span', {class: 'muted'}, 'showing the runs picked on the study page')
        : data.candidates.length < state.top ? el('span', {class: 'warn', id: 'top-note'}, 'showing ' + data.candidates.length
          + ', not ' + state.top + ': the study has only ' + data.candidates.length + ' COMPLETE runs') : ''),
    el('table', {id: 'candidates'}, el('thead', {}, el('tr', {}, ['', 'run', objectiveHeader(data), 'own validation score', 'weight', 'normalised']
      .map((h, i) => el('th', {class: [2, 3, 5].includes(i) ? 'num' : ''}, h)))), el('tbody', {}, rows)),
    el('div', {class: 'toolbar', style: 'margin-top:10px'},
      el('button', {id: 'btn-manual', onclick: () => build('manual')}, 'Evaluate hand weights'),
      el('button', {id: 'btn-equal', onclick: () => build('equal')}, 'Equal weights'),
      el('button', {id: 'btn-greedy', class: 'primary', onclick: () => build('greedy')}, 'Greedy selection (Caruana)'),
      el('button', {id: 'btn-optimize', onclick: () => build('optimize')}, 'Optimise weights')));
  normalisedPreview();
  parts.candidates.dataset.ready = 'true';
}

function objectiveHeader(data) {
  return (data.direction === 'MAXIMIZE' ? 'max ' : 'min ') + (data.objective || 'objective');
}

const direction = (s) => s.higherIsBetter ? 'higher is better' : 'lower is better';

/** The score that ranks ensembles: a select of the metrics the outputs allow, the study objective's marked. */
function scoreChooser(data) {
  if (!data.scoring) return '';
  const objectiveKey = data.objectiveScoring ? data.objectiveScoring.key : null;
  const select = el('select', {id: 'score', onchange: () => {
    state.score = select.value;
    const q = new URLSearchParams(location.search);
    q.set('score', select.value);
    history.replaceState(null, '', location.pathname + '?' + q.toString());
    loadCandidates().catch(showError);
  }}, data.scorings.map(s => el('option', {value: s.key}, s.label + (s.key === objectiveKey ? ' — the study objective' : ''))));
  select.value = data.scoring.key;
  const why = objectiveKey === null
    ? 'the study objective ' + (data.objective || '(unknown)') + ' is not a metric of the stored predictions; choose the score'
    : data.scoring.key === objectiveKey ? 'the study objective ' + data.objective : 'not the study objective (' + data.objective + ')';
  return el('div', {class: 'toolbar', id: 'score-bar'}, 'score ensembles by ', select,
    el('span', {class: 'muted', id: 'score-note'}, ' ' + direction(data.scoring) + '; ' + why));
}

function request(method) {
  const rows = checkedRows();
  if (rows.length === 0) throw new Error('pick at least one run with validation predictions');
  const body = {runs: rows.map(tr => Number(tr.dataset.run)), method};
  if (state.scoring) body.score = state.scoring.key;
  if (method === 'manual') body.weights = rows.map(tr => Number(tr.querySelector('.weight').value) || 0);
  return body;
}

async function build(method) {
  let body;
  try { body = request(method); } catch (e) { return showError(e); }
  fill(parts.result, el('h2', {}, 'Ensemble'), el('span', {class: 'muted'}, 'computing ' + method + ' weights…'));
  try {
    const r = await api.post('/api/ensembles/evaluate', body);
    showError('');
    renderResult(r, body);
  } catch (e) {
    fill(parts.result, el('h2', {}, 'Ensemble'));
    showError(e);
  }
}

function outputsTable(outputs) {
  return el('table', {class: 'outputs'}, el('thead', {}, el('tr', {}, ['output', 'task', 'accuracy', 'log-loss', 'mse', 'mae'].map((h, i) => el('th', {class: i > 1 ? 'num' : ''}, h)))),
    el('tbody', {}, outputs.map(o => el('tr', {}, el('td', {}, o.output), el('td', {}, o.task.toLowerCase()),
      el('td', {class: 'num'}, fmt(o.accuracy)), el('td', {class: 'num'}, fmt(o.logLoss)), el('td', {class: 'num'}, fmt(o.mse)),
      el('td', {class: 'num'}, fmt(o.mae))))));
}

/** The ensemble against the best single model in words: '0.012 higher accuracy: better' (never a bare signed number). */
function comparison(e, b, improvement) {
  const d = e.value - b.value;
  if (improvement === 0 || d === 0) return 'the same ' + e.name + ' as the best single model';
  return fmt(Math.abs(d)) + ' ' + (d > 0 ? 'higher' : 'lower') + ' ' + e.name + ' than the best single model: '
    + (improvement > 0 ? 'better' : 'worse') + ' (' + direction(e) + ')';
}

function memberLabel(r, runId) {
  const m = r.members.find(x => x.runId === runId);
  return m ? '#' + m.number + (m.name ? ' ' + m.name : '') : 'run ' + runId;
}

function renderResult(r, body) {
  const e = r.ensemble.score;
  const b = r.bestSingle.validation.score;
  const better = r.improvement > 0 ? 'better' : r.improvement < 0 ? 'worse' : '';
  for (const m of r.members) {
    const tr = document.querySelector('#candidates tbody tr[data-run="' + m.runId + '"]');
    if (tr) tr.querySelector('.weight').value = Number(m.weight.toFixed(4));
  }
  normalisedPreview();
  const name = el('input', {id: 'ensemble-name', placeholder: 'name, e.g. top5-greedy', size: 24, value: r.method + '-' + r.members.length});
  fill(parts.result, el('h2', {}, 'Ensemble (' + r.method + ' weights, scored by ' + r.scoring.label + ')'),
    el('div', {class: 'metricbox'},
      el('div', {}, el('div', {class: 'muted'}, 'ensemble validation ' + e.name + ' (in sample)'), el('div', {class: 'big ' + better, id: 'ensemble-metric'}, fmt(e.value))),
      r.heldOut ? el('div', {}, el('div', {class: 'muted'}, 'held out (' + r.heldOut.folds + '-fold)'),
        el('div', {class: 'big', id: 'held-out-metric'}, fmt(r.heldOut.value))) : '',
      el('div', {}, el('div', {class: 'muted'}, 'best single model (' + memberLabel(r, r.bestSingle.runId) + ')'), el('div', {class: 'big', id: 'best-single-metric'}, fmt(b.value))),
      el('div', {}, el('div', {class: 'muted'}, 'ensemble (in sample) against the best single model'),
        el('div', {class: 'verdict ' + better, id: 'improvement'}, comparison(e, b, r.improvement))),
      Object.entries(r.baselines).map(([k, v]) => el('div', {}, el('div', {class: 'muted'}, k + ' weights'), el('div', {class: 'big'}, fmt(v.score.value))))),
    el('div', {class: 'warn', id: 'held-out-note', style: 'margin-top:10px'}, r.heldOut
      ? 'In sample: the weights were fitted and scored on the same ' + r.heldOut.rows + ' validation rows, which flatters'
        + ' fitted weights. Held out: the weights fitted again without each fifth of the rows, scored on that fifth'
        + ' (' + e.name + (e.higherIsBetter ? ', higher is better' : ', lower is better') + ').'
      : 'In sample only: too few validation rows for a held-out estimate; the weights were fitted and scored on the same rows.'),
    el('h2', {style: 'margin-top:14px'}, 'Weights'),
    el('table', {id: 'weights'}, el('thead', {}, el('tr', {}, ['run', 'weight', 'own ' + e.name].map((h, i) => el('th', {class: i > 0 ? 'num' : ''}, h)))),
      el('tbody', {}, r.members.map(m => el('tr', {}, el('td', {}, '#' + m.number + (m.name ? ' ' + m.name : '')),
        el('td', {class: 'num'}, m.weight.toFixed(4)), el('td', {class: 'num'}, fmt(m.validation.score.value)))))),
    el('h2', {style: 'margin-top:14px'}, 'Per output'), outputsTable(r.ensemble.outputs),
    el('div', {class: 'toolbar', style: 'margin-top:12px'}, name, el('button', {id: 'save-ensemble', class: 'primary', onclick: async () => {
      try {
        await api.post('/api/ensembles', {...body, name: name.value.trim()});
        await loadSaved();
      } catch (err) { showError(err); }
    }}, 'Save ensemble')));
  parts.result.dataset.ready = 'true';
}

async function loadSaved() {
  const saved = await api.get('/api/studies/' + studyId + '/ensembles');
  fill(parts.saved, el('h2', {}, 'Saved ensembles'), saved.length === 0 ? el('span', {class: 'muted'}, 'none yet') :
    el('table', {id: 'saved'}, el('thead', {}, el('tr', {}, ['name', 'method', 'members (weight)', 'metric', 'best single', ''].map(h => el('th', {}, h)))),
      el('tbody', {}, saved.map(s => el('tr', {'data-name': s.name}, el('td', {}, s.name), el('td', {}, s.method),
        el('td', {}, s.members.map((m, i) => 'run ' + m + ' (' + s.weights[i].toFixed(3) + ')').join(', ')),
        el('td', {class: 'num'}, s.metricName + ' ' + fmt(s.metricValue)), el('td', {class: 'num'}, fmt(s.bestSingleValue)),
        el('td', {}, el('button', {onclick: async () => {
          try { await api.del('/api/studies/' + studyId + '/ensembles/' + encodeURIComponent(s.name)); await loadSaved(); } catch (e) { showError(e); }
        }}, 'delete')))))));
}

async function start() {
  state.study = await api.get('/api/studies/' + studyId);
  header({href: '/study.html?id=' + studyId, text: state.study.name}, {href: '/ensemble.html?study=' + studyId, text: 'ensemble builder'});
  fill(page, el('h1', {}, 'Ensemble builder · ' + state.study.name),
    el('div', {class: 'sub'}, 'Combines the members\u2019 stored validation predictions: weighted mean for regression outputs, ' +
      'weighted probabilities for classification outputs, per output.'),
    parts.candidates, parts.result, parts.saved);
  fill(parts.result, el('h2', {}, 'Ensemble'), el('span', {class: 'muted'}, 'pick members and press a button'));
  await Promise.all([loadCandidates(), loadSaved()]);
  document.body.dataset.loaded = 'true';
}

start().catch(showError);
