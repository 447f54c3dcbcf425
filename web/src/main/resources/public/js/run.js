// One run: params, per-epoch curves (train and validation together), model summary, provenance, artifacts,
// editable note and tags.
import {api} from './api.js';
import {el, fill, fmt, time, duration, header, showError, stateBadge, param, numberList} from './dom.js';
import {chart, palette} from './charts.js';

const id = param('id');
const page = document.getElementById('page');

/** Groups metric names into curves: 'loss' with 'val_loss', 'age_mae' with 'val_age_mae', ... */
export function curveGroups(names) {
  const groups = new Map();
  for (const n of names) {
    const base = n.startsWith('val_') ? n.slice(4) : n;
    if (!groups.has(base)) groups.set(base, []);
    groups.get(base).push(n);
  }
  for (const g of groups.values()) g.sort((a, b) => a.startsWith('val_') - b.startsWith('val_'));
  return groups;
}

function kv(entries) {
  return el('dl', {class: 'kv'}, entries.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}

/** The stored distribution of a parameter ({} when it was fixed by hand). */
function distribution(run, k) {
  try { return JSON.parse((run.paramTypes[k] || {}).distribution || '{}'); } catch (e) { return {}; }
}

/** What a parameter is in the search space: 'float (log) 1e-05..0.1', 'categorical [32, 16, 48]', ... */
function typeText(d, stored) {
  if (d.type === 'categorical') return 'categorical ' + JSON.stringify(d.choices || []);
  if (d.type === 'float' || d.type === 'int') return d.type + (d.log ? ' (log)' : '') + (d.low !== undefined ? ' ' + d.low + '..' + d.high : '');
  return d.type || (stored ? stored.toLowerCase() : '');
}

/** One row per parameter; a simplex (stored as one list) as one row per named component. */
function paramsCard(run) {
  const rows = Object.entries(run.params).flatMap(([k, v]) => {
    const d = distribution(run, k);
    const list = d.type === 'simplex' ? numberList(v) : null;
    if (list) {
      const names = Array.isArray(d.components) ? d.components : list.map((_, i) => String(i));
      return list.map((x, i) => el('tr', {'data-param': k + '.' + names[i]}, el('td', {}, k + '.' + names[i]),
        el('td', {class: 'num'}, fmt(x)), el('td', {class: 'muted'}, 'simplex component (the ' + names.length
          + ' sum to ' + (d.total || 1) + ')')));
    }
    return [el('tr', {'data-param': k}, el('td', {}, k), el('td', {class: typeof v === 'number' ? 'num' : 'wrap'}, fmt(v)),
      el('td', {class: 'muted'}, typeText(d, run.paramTypes[k] && run.paramTypes[k].type)))];
  });
  return el('div', {class: 'card'}, el('h2', {}, 'Parameters'),
    el('table', {id: 'params'}, el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'value'), el('th', {}, 'search space'))),
      el('tbody', {}, rows)));
}

function notesCard(run) {
  const note = el('textarea', {id: 'note', rows: 4, style: 'width:100%'});
  note.value = run.note || '';
  const status = el('span', {class: 'muted', id: 'note-status'});
  const tags = el('div', {id: 'tags'});
  const drawTags = (t) => fill(tags, Object.entries(t).map(([k, v]) => el('span', {class: 'chip tag'}, k + ' = ' + v)), ' ');
  drawTags(run.tags);
  const key = el('input', {id: 'tag-key', placeholder: 'key (e.g. name)', size: 14});
  const value = el('input', {id: 'tag-value', placeholder: 'value', size: 24});
  return el('div', {class: 'card'}, el('h2', {}, 'Note and tags'), note,
    el('div', {class: 'toolbar'}, el('button', {id: 'save-note', class: 'primary', onclick: async () => {
      try {
        await api.put('/api/runs/' + id + '/note', {note: note.value});
        fill(status, 'saved');
      } catch (e) { showError(e); }
    }}, 'Save note'), status),
    tags, el('div', {class: 'toolbar'}, key, value, el('button', {id: 'add-tag', onclick: async () => {
      try {
        await api.put('/api/runs/' + id + '/tags/' + encodeURIComponent(key.value.trim()), {value: value.value});
        const fresh = await api.get('/api/runs/' + id);
        drawTags(fresh.tags);
        if (key.value.trim() === 'name') fill(document.getElementById('run-name'), fresh.name || '');
        key.value = ''; value.value = '';
      } catch (e) { showError(e); }
    }}, 'Set tag')));
}

function provenanceCard(run) {
  const p = run.provenance;
  if (!p) return el('div', {class: 'card'}, el('h2', {}, 'Provenance'), el('span', {class: 'muted'}, 'none (waiting trial)'));
  return el('div', {class: 'card', id: 'provenance'}, el('h2', {}, 'Provenance'), kv([
    ['experiment sha256', p.experimentSha256], ['data sha256', p.dataSha256], ['seeds', JSON.stringify(p.seeds)],
    ['code', p.codeVersion + (p.codeDirty ? ' (dirty)' : '')], ['java', p.java], ['os', p.os], ['nd4j', p.nd4j],
    ['threads', JSON.stringify(p.threads)], ['host', p.host], ...classNameRows(p.resolvedConfig),
    ['resolved config', p.resolvedConfig]]),
    el('details', {}, el('summary', {}, 'experiment file'), el('pre', {}, p.experimentText)));
}

/** 'class names' rows (target: names by class id) from the class_names of a run's resolved configuration. */
function classNameRows(resolvedConfig) {
  let names = {};
  try { names = JSON.parse(resolvedConfig || '{}').class_names || {}; } catch (e) { names = {}; }
  return Object.entries(names).map(([target, list]) => ['class names (' + target + ')', list.map((n, i) => i + ' ' + n).join(', ')]);
}

function artifactsCard(run) {
  const rows = run.artifacts.map(a => el('tr', {},
    el('td', {}, a.missing
      ? el('span', {class: 'bad', title: 'the object was deleted from the artifact store'},
          a.name + ' — MISSING (expected sha256 ' + a.sha256 + ')')
      : el('a', {href: '/api/runs/' + run.id + '/artifacts/' + a.id}, a.name)), el('td', {}, a.kind),
    el('td', {}, a.mediaType), el('td', {class: 'num'}, a.sizeBytes.toLocaleString('en')), el('td', {}, time(a.createdAt))));
  return el('div', {class: 'card'}, el('h2', {}, 'Artifacts'), el('div', {class: 'scroll'}, el('table', {id: 'artifacts'},
    el('thead', {}, el('tr', {}, ['name', 'kind', 'type', 'bytes', 'stored'].map(h => el('th', {}, h)))), el('tbody', {}, rows))));
}

async function summaryCard(run) {
  const card = el('div', {class: 'card'}, el('h2', {}, 'Model summary'));
  const a = run.artifacts.find(x => x.name === 'summary.txt' && !x.missing);
  card.appendChild(a ? el('pre', {id: 'summary'}, await api.text('/api/runs/' + run.id + '/artifacts/' + a.id))
    : el('span', {class: 'muted'}, 'no summary.txt artifact'));
  return card;
}

/** The step whose value of the objective metric is the run's value (the epoch that gave it), else null. */
function valueStep(points, value) {
  if (!points || value === null || value === undefined || points.length === 0) return null;
  let best = points[0];
  for (const p of points) if (Math.abs(p[1] - value) < Math.abs(best[1] - value)) best = p;
  return Math.abs(best[1] - value) <= 1e-9 * Math.max(1, Math.abs(value)) ? best : null;
}

function kfoldNote(run) {
  const text = (run.provenance && run.provenance.experimentText) || '';
  const m = /^[^#\n]*\bfolds"?\s*:\s*(\d+)/m.exec(text);
  return m && Number(m[1]) > 1 ? el('div', {class: 'warn', id: 'kfold-note'}, 'k-fold run (' + m[1] + ' folds)'
    + ': the curves are the last fold\'s; the run\'s value is the mean over the folds; its stored validation predictions'
    + ' (the ensemble builder\'s) cover every fold, each row predicted by the fold that did not train on it') : '';
}

function prunedNote(run, objective) {
  if (run.state !== 'PRUNED') return '';
  const steps = Object.keys(run.intermediate || {}).map(Number).sort((a, b) => a - b);
  const step = steps.length ? steps[steps.length - 1] : null;
  return el('div', {class: 'warn', id: 'pruned-note'}, step === null ? 'pruned before it reported an intermediate value'
    : 'pruned by the study\'s pruner at step ' + step + ': its ' + (objective || 'objective') + ' there, '
      + fmt(run.intermediate[step]) + ', was worse than the pruner\'s threshold for that step');
}

async function curvesCard(run, objective) {
  const card = el('div', {class: 'card', id: 'curves-card'}, el('h2', {}, 'Curves per epoch'), kfoldNote(run), prunedNote(run, objective));
  const data = await api.get('/api/runs/' + run.id + '/metrics');
  const grid = el('div', {class: 'grid', id: 'curves'});
  card.appendChild(grid);
  const charts = [];
  for (const [base, names] of curveGroups(Object.keys(data.metrics))) {
    const node = el('div', {class: 'chart curve', 'data-metric': base});
    const mark = names.includes(objective) && run.state === 'COMPLETE' ? valueStep(data.metrics[objective], run.value) : null;
    grid.appendChild(el('div', {}, el('h2', {}, base, mark ? el('span', {class: 'muted small value-epoch'},
      ' · the run\'s value is ' + objective + ' at epoch ' + mark[0] + ' (pin)') : ''), node));
    if (mark) node.dataset.valueStep = String(mark[0]);
    charts.push([node, {legend: {data: names, top: 0}, grid: {left: 64, right: 40, top: 48, bottom: 44},
      tooltip: {trigger: 'axis'}, xAxis: {type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1},
      yAxis: {type: 'value', scale: true, name: base, nameTextStyle: {align: 'left'}},
      series: names.map((n, i) => ({name: n, type: 'line', showSymbol: data.metrics[n].length < 30,
        data: data.metrics[n], lineStyle: {type: n.startsWith('val_') ? 'dashed' : 'solid'}, color: palette[i],
        markPoint: mark && n === objective ? {symbol: 'pin', symbolSize: 38, data: [{coord: mark, value: 'value'}],
          label: {fontSize: 10}} : undefined,
        markLine: mark && n === objective ? {symbol: 'none', silent: true, data: [{xAxis: mark[0]}], label: {show: false},
          lineStyle: {color: '#98a2b3'}} : undefined}))}]);
  }
  return [card, charts];
}

function subLine(run) {
  return el('div', {class: 'sub', id: 'run-sub'}, stateBadge(run.state), ' value ', el('b', {id: 'run-value'}, fmt(run.value)),
    ' · started ' + time(run.startedAt) + ' · ' + duration(run.durationMs) + ' · ',
    el('a', {href: '/study.html?id=' + run.studyId}, 'study ' + run.studyName),
    run.state === 'RUNNING' ? el('span', {class: 'live', id: 'live'}, ' ● live (refreshed every 3 s)') : '');
}

async function objectiveOf(run) {
  try { return (await api.get('/api/studies/' + run.studyId)).objectiveMetric; } catch (e) { return null; }
}

async function render() {
  const run = await api.get('/api/runs/' + id);
  const objective = await objectiveOf(run);
  header({href: '/study.html?id=' + run.studyId, text: run.studyName}, {href: '/run.html?id=' + run.id, text: 'trial ' + run.number});
  const [curves, charts] = await curvesCard(run, objective);
  fill(page, el('h1', {}, 'Run ' + run.id + ' · trial ' + run.number + ' ', el('span', {id: 'run-name', class: 'muted'}, run.name || '')),
    subLine(run), run.error ? el('pre', {class: 'error'}, run.error) : '',
    curves, el('div', {class: 'grid'}, paramsCard(run), notesCard(run)), await summaryCard(run),
    el('div', {class: 'grid'}, provenanceCard(run), artifactsCard(run)));
  charts.forEach(([node, option]) => chart(node, option));
  document.body.dataset.loaded = 'true';
  if (run.state === 'RUNNING') setTimeout(() => refresh(objective), REFRESH_MS);
}

const REFRESH_MS = 3000;

/** While the run is RUNNING: redraw its state line and curves (the note and tags being edited stay as they are). */
async function refresh(objective) {
  try {
    const run = await api.get('/api/runs/' + id);
    const [curves, charts] = await curvesCard(run, objective);
    document.getElementById('run-sub').replaceWith(subLine(run));
    document.getElementById('curves-card').replaceWith(curves);
    charts.forEach(([node, option]) => chart(node, option));
    document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
    if (run.state === 'RUNNING') setTimeout(() => refresh(objective), REFRESH_MS);
  } catch (e) {
    showError(e);
  }
}

render().catch(showError);
