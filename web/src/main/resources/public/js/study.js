// One study: paged trial table (sort and filter by any parameter or metric, columns to choose, all of it kept in the
// URL), optimisation history, intermediate values of all trials, EDF, worker timeline, importance, parallel
// coordinates, slice/contour; live while trials run (the study is polled every 3 s; while trials run, only the
// running trials are read again and their curves, metrics and durations redrawn at each poll).
import {api, query} from './api.js';
import {el, fill, time, header, showError, stateBadge, param, numberList} from './dom.js';
import * as charts from './studycharts.js';
import {objectiveLabel} from './space.js';
import {paretoChart, hypervolumeChart} from './pareto.js';

const id = param('id');
const LIMIT = 50;
const POLL_MS = 3000;
const view = readView();
let study = null;
let lastCounts = '';
let points = null;
let importanceOrder = [];
let front = null;
const multi = () => study.directions && study.directions.length > 1;

const page = document.getElementById('page');
const chartNode = (name) => el('div', {class: 'chart', id: name + '-chart'});
const parts = {
  head: el('div'), table: el('div', {class: 'card'}), history: chartNode('history'), intermediate: chartNode('intermediate'),
  edf: chartNode('edf'), timeline: chartNode('timeline'), parallel: chartNode('parallel'), importance: chartNode('importance'),
  importanceNote: el('div', {id: 'importance-note'}), slice: chartNode('slice'), sliceControls: el('div', {class: 'toolbar'}),
  valueControls: el('div', {class: 'toolbar'}), tableControls: el('div'), tableNote: el('div'),
  tableRows: el('div', {class: 'scroll'}), tablePager: el('div', {class: 'toolbar'}),
  pareto: chartNode('pareto'), hypervolume: chartNode('hypervolume'),
};

// ---- state in the URL ----

/** The page's state from the URL: ?id=1&sort=value&desc=1&f=metric:val_loss:0:0.5&state=COMPLETE&hide=…&log=1 */
function readView() {
  const q = new URLSearchParams(location.search);
  return {sort: q.get('sort') || 'number', desc: q.get('desc') === '1', states: q.get('state') || '',
    offset: Number(q.get('offset')) || 0, selected: new Set(), hidden: new Set((q.get('hide') || '').split(',').filter(Boolean)),
    filters: q.getAll('f').map(f => { const [kind, ...rest] = f.split(':'); const max = rest.pop(), min = rest.pop();
      return {kind, name: rest.join(':'), min, max}; }),
    log: q.get('log') === '1', clip: q.get('clip') === '1', sx: q.get('sx'), sy: q.get('sy'), custom: q.has('hide')};
}

function saveView() {
  const q = new URLSearchParams({id});
  if (view.sort !== 'number') q.set('sort', view.sort);
  if (view.desc) q.set('desc', '1');
  if (view.states) q.set('state', view.states);
  if (view.offset) q.set('offset', view.offset);
  view.filters.forEach(f => q.append('f', [f.kind, f.name, f.min, f.max].join(':')));
  if (view.custom) q.set('hide', [...view.hidden].join(','));
  if (view.log) q.set('log', '1');
  if (view.clip) q.set('clip', '1');
  if (view.sx) q.set('sx', view.sx);
  if (view.sy !== null && view.sy !== undefined) q.set('sy', view.sy);
  history.replaceState(null, '', location.pathname + '?' + q.toString());
}

function layout() {
  const card = (title, ...body) => el('div', {class: 'card'}, el('h2', {}, title), ...body);
  // with several objectives the single-value charts show the first one: their titles say which
  const of = multi() ? el('span', {class: 'muted small of-objective'}, ' · ' + objectiveLabel(study)) : '';
  const titled = (title) => multi() ? [title, of.cloneNode(true)] : title;
  const pareto = el('div', {class: 'card' + (multi() && study.directions.length > 2 ? ' wide' : '')}, el('h2', {}, 'Pareto front'), parts.pareto);
  const mo = multi() ? [pareto, card('Hypervolume over trials', parts.hypervolume)] : [];
  fill(page, parts.head, parts.table, parts.valueControls, el('div', {class: 'grid'}, ...mo,
    card(titled('Optimisation history'), parts.history),
    card(titled('Intermediate values of all trials'), parts.intermediate),
    card(titled('Parameter importance'), parts.importanceNote, parts.importance),
    card(titled('Empirical distribution (EDF)'), parts.edf),
    card(titled('Parallel coordinates'), parts.parallel),
    card(titled('Slice / contour'), parts.sliceControls, parts.slice),
    card('Timeline of trials per worker', parts.timeline)));
}

function renderHead() {
  header({href: '/study.html?id=' + study.id, text: study.name});
  const running = (study.counts && study.counts.RUNNING) || 0;
  const counts = Object.entries(study.counts || {}).filter(([, n]) => n > 0)
    .map(([st, n]) => el('span', {}, stateBadge(st), ' ', String(n), '  '));
  fill(parts.head, el('h1', {id: 'study-name'}, study.name),
    el('div', {class: 'sub'}, study.sampler + ' sampler · ', multi() ? [el('b', {id: 'objective'}, objectivesText()),
      ' · seed ' + study.seed + ' · created ' + time(study.createdAt) + ' · front ' + (front ? front.front.length
        + ' trials, hypervolume ' + fmtCell(front.hypervolume) : '-') + ' · ']
      : [el('b', {id: 'objective'}, objectiveLabel(study)),
      ' · seed ' + study.seed + ' · created ' + time(study.createdAt) + ' · best ', el('b', {id: 'best-value'},
        fmtCell(study.bestValue)), ' · '], counts,
      running > 0 ? el('span', {class: 'live', id: 'live'}, '● live: ' + running + ' running') : ''),
    el('div', {class: 'toolbar'},
      el('a', {href: '/ensemble.html?study=' + study.id}, 'Ensemble builder'), ' ',
      el('button', {id: 'compare-selected', onclick: compareSelected}, 'Compare selected'),
      el('button', {id: 'ensemble-selected', onclick: ensembleSelected}, 'Ensemble of selected'),
      multi() ? el('button', {id: 'ensemble-front', onclick: ensembleFront}, 'Ensemble of the front') : ''));
}

function ensembleFront() {
  if (!front || front.front.length < 1) return showError('the study has no Pareto front yet');
  location.href = '/ensemble.html?study=' + study.id + '&runs=' + front.front.join(',');
}

function objectivesText() {
  return study.directions.map((d, k) => (d === 'MAXIMIZE' ? 'max ' : 'min ') + ((study.objectives || [])[k] || 'objective ' + k))
    .join(', ');
}

function compareSelected() {
  const ids = [...view.selected];
  if (ids.length < 2 || ids.length > 10) return showError('select 2 to 10 runs to compare');
  location.href = '/compare.html?runs=' + ids.join(',');
}

function ensembleSelected() {
  const ids = [...view.selected];
  if (ids.length < 1) return showError('select the runs for the ensemble');
  location.href = '/ensemble.html?study=' + study.id + '&runs=' + ids.join(',');
}

// ---- the trial table ----

const fmtCell = (v) => v === null || v === undefined ? '' : typeof v === 'number' ? String(Number(v.toPrecision(4))) : String(v);

/** One number format for a whole column: integers as such, else a fixed number of decimals or exponents for all. */
function columnFormat(values) {
  const nums = values.filter(v => typeof v === 'number' && Number.isFinite(v));
  if (nums.length === 0 || nums.every(Number.isInteger)) return fmtCell;
  const big = Math.max(...nums.map(Math.abs));
  const small = Math.min(...nums.filter(v => v !== 0).map(Math.abs));
  if (big >= 1e5 || big < 1e-3 || big / small >= 100) return (v) => typeof v === 'number' ? v.toExponential(3) : fmtCell(v);
  const decimals = Math.min(8, Math.max(0, 3 - Math.floor(Math.log10(small))));
  return (v) => typeof v === 'number' ? v.toFixed(decimals) : fmtCell(v);
}

/** Durations in one unit for the whole column (the longest one's): '0.9 min' next to '1.4 min', never '57.2 s'. */
function durationFormat(values) {
  const max = Math.max(0, ...values.filter(Number.isFinite));
  const [unit, ms] = max < 60000 ? ['s', 1000] : max < 3600000 ? ['min', 60000] : ['h', 3600000];
  return (v) => Number.isFinite(v) ? (v / ms).toFixed(1) + ' ' + unit : '';
}

/** Simplex parameters (one JSON list) as one column per named component, from the study's distributions. */
function components(name) {
  return Object.entries(study.distributions || {}).filter(([, d]) => d.type === 'simplex' && d.of === name)
    .map(([n, d], i) => ({n, d, i}));
}

function columns() {
  const objective = study.objectiveMetric;
  const params = study.paramNames.flatMap(n => {
    const comps = components(n);
    if (comps.length === 0) return [{key: 'param:' + n, kind: 'param', label: n, get: r => r.params[n], filter: 'param', name: n}];
    return comps.map(c => ({key: 'param:' + c.n, kind: 'param', label: c.n, name: c.n, filter: 'param',
      get: r => { const l = numberList(r.params[n]); return l ? l[c.i] : undefined; }}));
  });
  const metrics = study.metricNames.map(n => ({key: 'metric:' + n, kind: 'metric', label: n, get: r => r.metrics[n],
    filter: 'metric', name: n, pinned: n === objective}));
  metrics.sort((a, b) => b.pinned - a.pinned);
  return [
    {key: 'number', label: '#', get: r => r.number, pinned: true},
    {key: null, label: 'name', get: r => r.name, sortable: false, pinned: true},
    {key: 'state', label: 'state', get: r => r.state, sortable: false, pinned: true},
    ...(multi() ? (study.objectives || []).map((n, k) => ({key: k === 0 ? 'value' : null, label: n,
      title: (study.directions[k] === 'MAXIMIZE' ? 'max ' : 'min ') + n, get: r => (r.values || [])[k],
      sortable: k === 0, pinned: true}))
      : [{key: 'value', label: 'value', title: objectiveLabel(study), get: r => r.value, pinned: true}]),
    ...metrics.filter(m => m.pinned),
    {key: 'started', label: 'started', get: r => time(r.startedAt), pinned: true},
    {key: null, label: 'duration', get: r => r.durationMs, format: durationFormat, sortable: false, pinned: true},
    ...params, ...metrics.filter(m => !m.pinned),
  ];
}

/** Which columns show: all but those hidden by the chooser (by default, beyond 14 the metrics but the objective). */
function visible(cols) {
  if (!view.custom) {
    const extra = cols.filter(c => !c.pinned);
    view.hidden = new Set(extra.length > 14 ? extra.filter(c => c.kind === 'metric').map(c => c.key) : []);
  }
  return cols.filter(c => c.pinned || !view.hidden.has(c.key));
}

function columnChooser(cols) {
  const boxes = cols.filter(c => !c.pinned).map(c => el('label', {class: 'chip'}, el('input', {type: 'checkbox',
    'data-col': c.key, checked: !view.hidden.has(c.key), onchange: (e) => {
      view.custom = true;
      if (e.target.checked) view.hidden.delete(c.key); else view.hidden.add(c.key);
      loadTable();
    }}), ' ' + c.kind + ': ' + c.label));
  return el('details', {id: 'column-chooser'}, el('summary', {}, 'columns (' + view.hidden.size + ' hidden; the objective is pinned)'),
    el('div', {class: 'toolbar'}, boxes));
}

function filterBar(cols) {
  const field = el('select', {id: 'filter-field'}, cols.filter(c => c.filter)
    .map(c => el('option', {value: c.filter + ':' + c.name}, c.filter + ' ' + c.name)));
  const min = el('input', {id: 'filter-min', placeholder: 'min', size: 8});
  const max = el('input', {id: 'filter-max', placeholder: 'max', size: 8});
  const states = el('select', {id: 'filter-state', onchange: () => { view.states = states.value; view.offset = 0; loadTable(); }},
    ['', 'COMPLETE', 'RUNNING', 'PRUNED', 'FAILED', 'WAITING'].map(s => el('option', {value: s}, s || 'all states')));
  states.value = view.states;
  const add = el('button', {id: 'filter-add', onclick: () => {
    const [kind, ...rest] = field.value.split(':');
    view.filters.push({kind, name: rest.join(':'), min: min.value.trim(), max: max.value.trim()});
    view.offset = 0;
    loadTable(true);
  }}, 'Add filter');
  const chips = view.filters.map((f, i) => el('span', {class: 'chip filter'},
    (f.min || '−∞') + ' ≤ ' + f.kind + ':' + f.name + ' ≤ ' + (f.max || '∞'),
    el('button', {title: 'remove', onclick: () => { view.filters.splice(i, 1); loadTable(); }}, '×')));
  return el('div', {class: 'toolbar'}, states, field, min, max, add, chips);
}

/** Sorted by value over all states, the server puts COMPLETE trials first: a pruned trial's value is not final. */
function tableQuery() {
  return {sort: view.sort, desc: view.desc ? 'true' : '', offset: view.offset, limit: LIMIT, state: view.states,
    param: view.filters.filter(f => f.kind === 'param').map(f => f.name + ':' + f.min + ':' + f.max),
    metric: view.filters.filter(f => f.kind === 'metric').map(f => f.name + ':' + f.min + ':' + f.max)};
}

function sortBy(key) {
  const best = study.direction === 'MAXIMIZE';
  if (view.sort === key) view.desc = !view.desc;
  else view.desc = key === 'value' ? best : false; // the first click on value puts the best first
  view.sort = key;
  view.offset = 0;
  loadTable();
}

/**
 * Reads and draws the table page. {@code rowsOnly} (the live redraw while trials run) keeps the filter bar and the
 * column chooser as they are, so that what the user is typing there survives the poll.
 */
async function loadTable(justAddedFilter = false, rowsOnly = false) {
  let res;
  try {
    res = await api.get('/api/studies/' + id + '/runs' + query(tableQuery()));
    showError('');
  } catch (e) {
    if (justAddedFilter) view.filters.pop();
    showError(e);
    return;
  }
  saveView();
  const all = columns();
  const cols = visible(all);
  const formats = cols.map(c => (c.format || columnFormat)(res.runs.map(c.get)));
  const head = el('tr', {}, el('th', {}, ''), cols.map(c => el('th', {
    class: [c.sortable === false || !c.key ? '' : 'sortable', view.sort === c.key ? 'sorted' : '',
      view.sort === c.key && view.desc ? 'desc' : '', c.pinned && c.kind ? 'pinned' : ''].join(' ').trim(),
    'data-key': c.key, title: c.title || (c.kind ? c.kind + ':' + c.label : null),
    onclick: c.sortable === false || !c.key ? null : () => sortBy(c.key)},
  c.kind ? el('span', {class: 'colkind ' + c.kind}, c.kind) : '', c.kind ? ' ' : '', c.label)));
  const onFront = new Set(front ? front.front : []);
  const rows = res.runs.map(r => el('tr', {'data-run': r.id, class: onFront.has(r.id) ? 'front' : ''},
    el('td', {}, el('input', {type: 'checkbox', checked: view.selected.has(r.id), class: 'select-run',
      onchange: (e) => e.target.checked ? view.selected.add(r.id) : view.selected.delete(r.id)})),
    cols.map((c, i) => {
      const v = c.get(r);
      if (c.key === 'number') return el('td', {class: 'num'}, el('a', {href: '/run.html?id=' + r.id}, String(v)));
      if (c.label === 'name' && !c.key) return el('td', {class: 'name run-name', title: v || ''}, v || '');
      if (c.key === 'state') return el('td', {}, stateBadge(v));
      return el('td', {class: typeof v === 'number' ? 'num' : ''}, formats[i](v));
    })));
  const last = Math.min(res.offset + res.runs.length, res.total);
  const note = view.sort === 'value' && !view.states ? el('div', {class: 'muted', id: 'value-sort-note'},
    'sorted by value, ' + (view.desc === (study.direction === 'MAXIMIZE') ? 'best' : 'worst')
    + ' first: COMPLETE trials first, then pruned, failed and running ones (a pruned trial\'s value is where it stopped)') : '';
  if (!rowsOnly || !parts.tableControls.isConnected) {
    fill(parts.tableControls, filterBar(all), columnChooser(all));
  }
  if (!parts.tableControls.isConnected) {
    fill(parts.table, el('h2', {}, 'Trials'), parts.tableControls, parts.tableNote, parts.tableRows, parts.tablePager);
  }
  fill(parts.tableNote, note);
  fill(parts.tableRows, el('table', {id: 'trials'}, el('thead', {}, head), el('tbody', {}, rows)));
  fill(parts.tablePager,
    el('button', {id: 'prev', disabled: view.offset === 0, onclick: () => { view.offset = Math.max(0, view.offset - LIMIT); loadTable(); }}, '‹ prev'),
    el('span', {id: 'page-info'}, res.total === 0 ? 'no trials' : (res.offset + 1) + '–' + last + ' of ' + res.total),
    el('button', {id: 'next', disabled: last >= res.total, onclick: () => { view.offset += LIMIT; loadTable(); }}, 'next ›'));
  parts.table.dataset.ready = 'true';
}

// ---- charts ----

async function loadFront() {
  if (!multi()) return;
  front = await api.get('/api/studies/' + id + '/front');
  paretoChart(parts.pareto, front);
  hypervolumeChart(parts.hypervolume, front);
}

async function loadCharts() {
  const base = '/api/studies/' + id;
  const [hist, importance, pts, trials] = await Promise.all([api.get(base + '/history'), api.get(base + '/importance'),
    api.get(base + '/points?limit=2000'), api.get(base + '/trials?limit=300')]);
  points = pts;
  importanceOrder = importance.importances.map(i => i.param);
  drawValueCharts(hist, trials);
  charts.edf(parts.edf, study, hist);
  charts.importance(parts.importance, parts.importanceNote, importance);
  charts.parallel(parts.parallel, study, points);
  sliceControls();
}

let lastHistory = null;
let lastTrials = null;

function drawValueCharts(hist, trials) {
  lastHistory = hist || lastHistory;
  lastTrials = trials;
  const toggle = (key, label) => el('label', {}, el('input', {type: 'checkbox', id: 'opt-' + key, checked: view[key],
    onchange: (e) => { view[key] = e.target.checked; saveView(); drawValueCharts(null, lastTrials); }}), ' ' + label);
  fill(parts.valueControls, el('b', {}, objectiveLabel(study) + ':'), toggle('log', 'log scale'),
    toggle('clip', 'clip outliers (beyond 3 IQR)'), el('span', {class: 'muted'}, 'click a point to open its run'));
  charts.history(parts.history, study, lastHistory, trials, view);
  charts.intermediate(parts.intermediate, study, trials, view);
  charts.timeline(parts.timeline, trials);
}

function sliceControls() {
  const names = points.paramNames;
  const prevX = document.getElementById('slice-x');
  const prevY = document.getElementById('slice-y');
  const x = el('select', {id: 'slice-x'}, names.map(n => el('option', {value: n}, n)));
  const y = el('select', {id: 'slice-y'}, el('option', {value: ''}, '(objective: slice)'),
    names.map(n => el('option', {value: n}, n)));
  const ranked = importanceOrder.filter(n => names.includes(n)).concat(names.filter(n => !importanceOrder.includes(n)));
  x.value = prevX ? prevX.value : view.sx && names.includes(view.sx) ? view.sx : ranked[0] || '';
  y.value = prevY ? prevY.value : view.sy !== null && (view.sy === '' || names.includes(view.sy)) ? view.sy
    : ranked.find(n => n !== x.value) || '';
  const draw = () => {
    view.sx = x.value;
    view.sy = y.value;
    charts.slice(parts.slice, study, points, x.value, y.value);
    saveView();
  };
  x.onchange = draw;
  y.onchange = draw;
  fill(parts.sliceControls, 'x ', x, ' y ', y);
  draw();
}

// ---- live updates ----

/** The last trials with the running ones replaced by their fresh copies (their curves and durations grow). */
function mergeRunning(trials, running) {
  if (!trials) return running;
  const fresh = new Map(running.trials.map(t => [t.id, t]));
  return {...trials, now: running.now, trials: trials.trials.map(t => fresh.get(t.id) || t)};
}

async function poll() {
  try {
    const s = await api.get('/api/studies/' + id);
    const counts = JSON.stringify(s.counts);
    if (counts !== lastCounts) {
      study = s;
      lastCounts = counts;
      await loadFront();
      renderHead();
      await Promise.all([loadTable(), loadCharts()]);
    } else if ((s.counts.RUNNING || 0) > 0) {
      study = s;
      const running = await api.get('/api/studies/' + id + '/trials?state=RUNNING&limit=300');
      drawValueCharts(null, mergeRunning(lastTrials, running));
      if (document.querySelector('#trials tbody .state.RUNNING')) await loadTable(false, true);
    }
  } catch (e) {
    showError(e);
  }
}

async function start() {
  study = await api.get('/api/studies/' + id);
  lastCounts = JSON.stringify(study.counts);
  layout();
  await loadFront();
  renderHead();
  await Promise.all([loadTable(), loadCharts()]);
  document.body.dataset.loaded = 'true';
  setInterval(poll, POLL_MS);
}

start().catch(showError);
