// One study: paged trial table (sort and filter by any parameter or metric), optimisation history with the best
// so far, parallel coordinates, parameter importance, slice/contour of two parameters; live while trials run.
import {api, query} from './api.js';
import {el, fill, fmt, time, duration, header, showError, stateBadge, param, numberList} from './dom.js';
import {chart, palette} from './charts.js';
import {paretoChart, hypervolumeChart} from './pareto.js';

const id = param('id');
const LIMIT = 50;
const view = {sort: 'number', desc: false, filters: [], states: '', offset: 0, selected: new Set()};
let study = null;
let lastCounts = '';
let front = null;
const multi = () => study.directions && study.directions.length > 1;

const page = document.getElementById('page');
const parts = {
  head: el('div'), table: el('div', {class: 'card'}), history: el('div', {class: 'chart', id: 'history-chart'}),
  parallel: el('div', {class: 'chart', id: 'parallel-chart'}), importance: el('div', {class: 'chart', id: 'importance-chart'}),
  slice: el('div', {class: 'chart', id: 'slice-chart'}), sliceControls: el('div', {class: 'toolbar'}),
  pareto: el('div', {class: 'chart', id: 'pareto-chart'}), hypervolume: el('div', {class: 'chart', id: 'hypervolume-chart'}),
};

function layout() {
  const mo = multi() ? [el('div', {class: 'card'}, el('h2', {}, 'Pareto front'), parts.pareto),
    el('div', {class: 'card'}, el('h2', {}, 'Hypervolume over trials'), parts.hypervolume)] : [];
  fill(page, parts.head, parts.table, el('div', {class: 'grid'}, ...mo,
    el('div', {class: 'card'}, el('h2', {}, 'Optimisation history'), parts.history),
    el('div', {class: 'card'}, el('h2', {}, 'Parameter importance'), parts.importance),
    el('div', {class: 'card'}, el('h2', {}, 'Parallel coordinates'), parts.parallel),
    el('div', {class: 'card'}, el('h2', {}, 'Slice / contour'), parts.sliceControls, parts.slice)));
}

function renderHead() {
  header({href: '/study.html?id=' + study.id, text: study.name});
  const running = (study.counts && study.counts.RUNNING) || 0;
  const counts = Object.entries(study.counts || {}).filter(([, n]) => n > 0)
    .map(([st, n]) => el('span', {}, stateBadge(st), ' ', String(n), '  '));
  fill(parts.head, el('h1', {id: 'study-name'}, study.name),
    el('div', {class: 'sub'}, study.sampler + ' sampler · ', multi() ? objectivesText() + ' · seed ' + study.seed
      + ' · created ' + time(study.createdAt) + ' · front ' + (front ? front.front.length + ' trials, hypervolume '
        + fmt(front.hypervolume) : '-') + ' · '
      : [study.direction === 'MAXIMIZE' ? 'maximise' : 'minimise',
      ' · seed ' + study.seed + ' · created ' + time(study.createdAt) + ' · best ', el('b', {id: 'best-value'},
        fmt(study.bestValue)), ' · '], counts,
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

function columns() {
  return [
    {key: 'number', label: '#', get: r => r.number},
    {key: null, label: 'name', get: r => r.name, sortable: false},
    {key: 'state', label: 'state', get: r => r.state, sortable: false},
    ...(multi() ? (study.objectives || []).map((n, k) => ({key: k === 0 ? 'value' : null, label: n, get: r => r.values[k],
      sortable: k === 0})) : [{key: 'value', label: 'value', get: r => r.value}]),
    {key: 'started', label: 'started', get: r => time(r.startedAt)},
    {key: null, label: 'duration', get: r => duration(r.durationMs), sortable: false},
    ...study.paramNames.map(n => ({key: 'param:' + n, label: n, get: r => r.params[n], filter: 'param', name: n})),
    ...study.metricNames.map(n => ({key: 'metric:' + n, label: n, get: r => r.metrics[n], filter: 'metric', name: n})),
  ];
}

function filterBar() {
  const field = el('select', {id: 'filter-field'}, columns().filter(c => c.filter)
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
  const chips = view.filters.map((f, i) => el('span', {class: 'chip'},
    (f.min || '−∞') + ' ≤ ' + f.name + ' ≤ ' + (f.max || '∞'),
    el('button', {title: 'remove', onclick: () => { view.filters.splice(i, 1); loadTable(); }}, '×')));
  return el('div', {class: 'toolbar'}, states, field, min, max, add, chips);
}

async function loadTable(justAddedFilter = false) {
  const q = {sort: view.sort, desc: view.desc ? 'true' : '', offset: view.offset, limit: LIMIT, state: view.states,
    param: view.filters.filter(f => f.kind === 'param').map(f => f.name + ':' + f.min + ':' + f.max),
    metric: view.filters.filter(f => f.kind === 'metric').map(f => f.name + ':' + f.min + ':' + f.max)};
  let page;
  try {
    page = await api.get('/api/studies/' + id + '/runs' + query(q));
    showError('');
  } catch (e) {
    if (justAddedFilter) view.filters.pop();
    showError(e);
    return;
  }
  const cols = columns();
  const head = el('tr', {}, el('th', {}, ''), cols.map(c => el('th', {
    class: [c.sortable === false || !c.key ? '' : 'sortable', view.sort === c.key ? 'sorted' : '',
      view.sort === c.key && view.desc ? 'desc' : ''].join(' ').trim(), 'data-key': c.key,
    onclick: c.sortable === false || !c.key ? null : () => {
      view.desc = view.sort === c.key ? !view.desc : false;
      view.sort = c.key;
      loadTable();
    }}, c.label)));
  const onFront = new Set(front ? front.front : []);
  const rows = page.runs.map(r => el('tr', {'data-run': r.id, class: onFront.has(r.id) ? 'front' : ''},
    el('td', {}, el('input', {type: 'checkbox', checked: view.selected.has(r.id), class: 'select-run',
      onchange: (e) => e.target.checked ? view.selected.add(r.id) : view.selected.delete(r.id)})),
    cols.map(c => {
      const v = c.get(r);
      if (c.key === 'number') return el('td', {class: 'num'}, el('a', {href: '/run.html?id=' + r.id}, String(v)));
      if (c.label === 'name' && !c.key) return el('td', {class: 'name run-name', title: v || ''}, v || '');
      if (c.key === 'state') return el('td', {}, stateBadge(v));
      return el('td', {class: typeof v === 'number' ? 'num' : ''}, fmt(v));
    })));
  const last = Math.min(page.offset + page.runs.length, page.total);
  fill(parts.table, el('h2', {}, 'Trials'), filterBar(),
    el('div', {class: 'scroll'}, el('table', {id: 'trials'}, el('thead', {}, head), el('tbody', {}, rows))),
    el('div', {class: 'toolbar'},
      el('button', {id: 'prev', disabled: view.offset === 0, onclick: () => { view.offset = Math.max(0, view.offset - LIMIT); loadTable(); }}, '‹ prev'),
      el('span', {id: 'page-info'}, page.total === 0 ? 'no trials' : (page.offset + 1) + '–' + last + ' of ' + page.total),
      el('button', {id: 'next', disabled: last >= page.total, onclick: () => { view.offset += LIMIT; loadTable(); }}, 'next ›')));
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
  const [history, importance, points] = await Promise.all([
    api.get('/api/studies/' + id + '/history'), api.get('/api/studies/' + id + '/importance'),
    api.get('/api/studies/' + id + '/points?limit=2000')]);
  chart(parts.history, {
    legend: {data: ['trial', 'best so far']}, grid: {left: 60, right: 20, top: 30, bottom: 40},
    xAxis: {type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 25, minInterval: 1},
    yAxis: {type: 'value', name: 'value', scale: true},
    series: [
      {name: 'trial', type: 'scatter', symbolSize: 6, data: history.trials.map(t => [t.number, t.value])},
      {name: 'best so far', type: 'line', step: 'end', showSymbol: false, data: history.trials.map(t => [t.number, t.best])}],
  });
  const imp = importance.importances.slice().reverse();
  chart(parts.importance, {
    grid: {left: 110, right: 30, top: 10, bottom: 30}, xAxis: {type: 'value', max: 1},
    yAxis: {type: 'category', data: imp.map(i => i.param)},
    series: [{type: 'bar', data: imp.map(i => Number(i.importance.toFixed(4))), itemStyle: {color: palette[0]},
      label: {show: true, position: 'right', formatter: (p) => p.value.toFixed(2)}}],
  });
  const expanded = expandVectors(points);
  parallel(expanded);
  sliceControls(expanded);
}

/** Splits parameters stored as lists of numbers (simplex weights) into one axis per component: w[0], w[1], ... */
function expandVectors(points) {
  const names = [];
  for (const n of points.paramNames) {
    const lists = points.trials.map(t => numberList(t.params[n]));
    const width = Math.max(0, ...lists.map(l => (l ? l.length : 0)));
    if (width === 0) { names.push(n); continue; }
    for (let i = 0; i < width; i++) names.push(n + '[' + i + ']');
  }
  const trials = points.trials.map(t => {
    const params = {};
    for (const [k, v] of Object.entries(t.params)) {
      const l = numberList(v);
      if (l) l.forEach((x, i) => { params[k + '[' + i + ']'] = x; });
      else params[k] = v;
    }
    return {...t, params};
  });
  return {...points, paramNames: names, trials};
}

/** A value axis (logarithmic when the values are positive and span more than two decades) or a category axis. */
function axisFor(name, values) {
  const numeric = values.every(v => v === undefined || v === null || typeof v === 'number');
  if (numeric) {
    const nums = values.filter(v => typeof v === 'number');
    const lo = Math.min(...nums), hi = Math.max(...nums);
    if (nums.length > 0 && lo > 0 && hi / lo > 100) return {name, type: 'log', scale: true};
    return {name, type: 'value', scale: true};
  }
  return {name, type: 'category', data: [...new Set(values.map(v => String(v)))].sort()};
}

function parallel(points) {
  const names = points.paramNames;
  const dims = names.map((n, i) => ({dim: i, ...axisFor(n, points.trials.map(t => t.params[n]))}));
  dims.push({dim: names.length, name: 'value', type: 'value', scale: true});
  const vals = points.trials.map(t => t.value);
  chart(parts.parallel, {
    parallelAxis: dims, parallel: {left: 40, right: 90, top: 30, bottom: 30},
    visualMap: {type: 'continuous', dimension: names.length, min: Math.min(...vals), max: Math.max(...vals),
      inRange: {color: points.direction === 'MAXIMIZE' ? ['#d0d7e6', '#2f6fde'] : ['#2f6fde', '#d0d7e6']},
      orient: 'vertical', right: 0, top: 'middle', itemHeight: 120, calculable: false},
    series: [{type: 'parallel', lineStyle: {width: 1, opacity: 0.6},
      data: points.trials.map(t => [...names.map(n => t.params[n] === undefined ? null
        : typeof t.params[n] === 'number' ? t.params[n] : String(t.params[n])), t.value])}],
  });
}

function sliceControls(points) {
  const names = points.paramNames;
  const prevX = document.getElementById('slice-x');
  const prevY = document.getElementById('slice-y');
  const x = el('select', {id: 'slice-x'}, names.map(n => el('option', {value: n}, n)));
  const y = el('select', {id: 'slice-y'}, el('option', {value: ''}, '(objective: slice)'),
    names.map(n => el('option', {value: n}, n)));
  const numeric = names.filter(n => points.trials.every(t => t.params[n] === undefined || typeof t.params[n] === 'number'));
  x.value = prevX ? prevX.value : numeric[0] || names[0] || '';
  y.value = prevY ? prevY.value : numeric.find(n => n !== x.value) || names.find(n => n !== x.value) || '';
  const draw = () => slice(points, x.value, y.value);
  x.onchange = draw;
  y.onchange = draw;
  fill(parts.sliceControls, 'x ', x, ' y ', y);
  draw();
}

function slice(points, px, py) {
  const xs = points.trials.map(t => t.params[px]);
  const xAxis = axisFor(px, xs);
  const vals = points.trials.map(t => t.value);
  const visual = {type: 'continuous', min: Math.min(...vals), max: Math.max(...vals), dimension: 2, right: 0, top: 'middle',
    inRange: {color: ['#2f6fde', '#7fb1ff', '#ffd43b', '#e8590c']}, calculable: false, itemHeight: 140};
  if (!py || py === px) {
    chart(parts.slice, {grid: {left: 60, right: 30, top: 20, bottom: 45},
      xAxis: {...xAxis, nameLocation: 'middle', nameGap: 28}, yAxis: {type: 'value', name: 'value', scale: true},
      series: [{type: 'scatter', symbolSize: 7, data: points.trials.map(t => [cat(t.params[px]), t.value])}]});
    return;
  }
  const yAxis = axisFor(py, points.trials.map(t => t.params[py]));
  const series = [{type: 'scatter', symbolSize: 8, itemStyle: {borderColor: '#333', borderWidth: 0.5},
    data: points.trials.map(t => [cat(t.params[px]), cat(t.params[py]), t.value])}];
  if (xAxis.type !== 'category' && yAxis.type !== 'category') series.unshift(contour(points, px, py, xAxis.type === 'log', yAxis.type === 'log'));
  chart(parts.slice, {grid: {left: 60, right: 70, top: 20, bottom: 45}, visualMap: visual,
    xAxis: {...xAxis, nameLocation: 'middle', nameGap: 28}, yAxis, series});
}

const cat = (v) => typeof v === 'number' || v === null || v === undefined ? v : String(v);

/** Mean objective in a 12 x 12 grid of the two parameters (in axis space), drawn under the trials as filled cells. */
function contour(points, px, py, logX, logY) {
  const B = 12;
  const tx = logX ? Math.log10 : (v) => v, ty = logY ? Math.log10 : (v) => v;
  const ix = logX ? (v) => Math.pow(10, v) : (v) => v, iy = logY ? (v) => Math.pow(10, v) : (v) => v;
  const ts = points.trials.filter(t => typeof t.params[px] === 'number' && typeof t.params[py] === 'number');
  const xs = ts.map(t => tx(t.params[px])), ys = ts.map(t => ty(t.params[py]));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const cells = new Map();
  const bin = (v, lo, hi) => hi > lo ? Math.min(B - 1, Math.floor((v - lo) / (hi - lo) * B)) : 0;
  ts.forEach((t, n) => {
    const k = bin(xs[n], x0, x1) + ',' + bin(ys[n], y0, y1);
    const c = cells.get(k) || [0, 0];
    c[0] += t.value; c[1]++;
    cells.set(k, c);
  });
  const w = (x1 - x0) / B || 1, h = (y1 - y0) / B || 1;
  const data = [...cells].map(([k, [sum, n]]) => {
    const [i, j] = k.split(',').map(Number);
    return [ix(x0 + i * w), iy(y0 + j * h), sum / n, ix(x0 + (i + 1) * w), iy(y0 + (j + 1) * h)];
  });
  return {type: 'custom', silent: true, z: 1, data, encode: {x: [0, 3], y: [1, 4]},
    renderItem: (params, api) => {
      const p0 = api.coord([api.value(0), api.value(4)]);
      const p1 = api.coord([api.value(3), api.value(1)]);
      return {type: 'rect', shape: {x: p0[0], y: p0[1], width: p1[0] - p0[0], height: p1[1] - p0[1]},
        style: {fill: api.visual('color'), opacity: 0.45}};
    }};
}

// ---- live updates ----

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
  setInterval(poll, 3000);
}

start().catch(showError);
