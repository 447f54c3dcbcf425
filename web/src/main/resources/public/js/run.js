// One run: params, per-epoch curves (train and validation together), model summary, provenance, artifacts,
// editable note and tags.
import {api} from './api.js';
import {el, fill, fmt, time, duration, header, showError, stateBadge, param} from './dom.js';
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

function paramsCard(run) {
  const rows = Object.entries(run.params).map(([k, v]) => el('tr', {},
    el('td', {}, k), el('td', {class: typeof v === 'number' ? 'num' : 'wrap'}, fmt(v)),
    el('td', {class: 'muted'}, run.paramTypes[k] ? run.paramTypes[k].type : '')));
  return el('div', {class: 'card'}, el('h2', {}, 'Parameters'),
    el('table', {id: 'params'}, el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'value'), el('th', {}, 'type'))),
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
  return el('div', {class: 'card'}, el('h2', {}, 'Artifacts'), el('table', {id: 'artifacts'},
    el('thead', {}, el('tr', {}, ['name', 'kind', 'type', 'bytes', 'stored'].map(h => el('th', {}, h)))), el('tbody', {}, rows)));
}

async function summaryCard(run) {
  const card = el('div', {class: 'card'}, el('h2', {}, 'Model summary'));
  const a = run.artifacts.find(x => x.name === 'summary.txt' && !x.missing);
  card.appendChild(a ? el('pre', {id: 'summary'}, await api.text('/api/runs/' + run.id + '/artifacts/' + a.id))
    : el('span', {class: 'muted'}, 'no summary.txt artifact'));
  return card;
}

async function curvesCard(run) {
  const card = el('div', {class: 'card'}, el('h2', {}, 'Curves per epoch'));
  const data = await api.get('/api/runs/' + run.id + '/metrics');
  const grid = el('div', {class: 'grid', id: 'curves'});
  card.appendChild(grid);
  const charts = [];
  for (const [base, names] of curveGroups(Object.keys(data.metrics))) {
    const node = el('div', {class: 'chart curve', 'data-metric': base});
    grid.appendChild(el('div', {}, el('h2', {}, base), node));
    charts.push([node, {legend: {data: names}, grid: {left: 60, right: 20, top: 30, bottom: 35},
      tooltip: {trigger: 'axis'}, xAxis: {type: 'value', name: 'epoch', minInterval: 1},
      yAxis: {type: 'value', scale: true},
      series: names.map((n, i) => ({name: n, type: 'line', showSymbol: data.metrics[n].length < 30,
        data: data.metrics[n], lineStyle: {type: n.startsWith('val_') ? 'dashed' : 'solid'}, color: palette[i]}))}]);
  }
  return [card, charts];
}

async function render() {
  const run = await api.get('/api/runs/' + id);
  header({href: '/study.html?id=' + run.studyId, text: run.studyName}, {href: '/run.html?id=' + run.id, text: 'trial ' + run.number});
  const [curves, charts] = await curvesCard(run);
  fill(page, el('h1', {}, 'Run ' + run.id + ' · trial ' + run.number + ' ', el('span', {id: 'run-name', class: 'muted'}, run.name || '')),
    el('div', {class: 'sub'}, stateBadge(run.state), ' value ', el('b', {id: 'run-value'}, fmt(run.value)),
      ' · started ' + time(run.startedAt) + ' · ' + duration(run.durationMs) + ' · ',
      el('a', {href: '/study.html?id=' + run.studyId}, 'study ' + run.studyName)),
    run.error ? el('pre', {class: 'error'}, run.error) : '',
    curves, el('div', {class: 'grid'}, paramsCard(run), notesCard(run)), await summaryCard(run),
    el('div', {class: 'grid'}, provenanceCard(run), artifactsCard(run)));
  charts.forEach(([node, option]) => chart(node, option));
  document.body.dataset.loaded = 'true';
}

render().catch(showError);
