// 2..10 runs: curves overlaid, parameter diff table with differences highlighted, last metrics.
import {api} from './api.js';
import {el, fill, fmt, header, showError, param} from './dom.js';
import {chart, palette} from './charts.js';

const ids = (param('runs') || '').split(',').filter(Boolean);
const page = document.getElementById('page');

function label(r) {
  return '#' + r.number + (r.name ? ' ' + r.name : '') + ' (run ' + r.id + ')';
}

async function render() {
  header({href: '/compare.html?runs=' + ids.join(','), text: 'compare'});
  const cmp = await api.get('/api/compare?runs=' + encodeURIComponent(ids.join(',')));
  const head = el('tr', {}, el('th', {}, ''), cmp.runs.map(r => el('th', {class: 'name', title: label(r)}, el('a', {href: '/run.html?id=' + r.id}, label(r)))));
  const paramRows = cmp.params.map(p => el('tr', {class: p.differs ? 'differs' : '', 'data-param': p.name},
    el('td', {}, p.name), p.values.map(v => el('td', {class: typeof v === 'number' ? 'num' : 'wrap'}, v === null ? '—' : fmt(v)))));
  const metricRows = cmp.metrics.map(m => el('tr', {}, el('td', {}, m.name), m.values.map(v => el('td', {class: 'num'}, fmt(v)))));
  const valueRow = el('tr', {}, el('td', {}, el('b', {}, 'objective')), cmp.runs.map(r => el('td', {class: 'num'}, el('b', {}, fmt(r.value)))));
  const select = el('select', {id: 'curve-metric'}, cmp.metrics.map(m => el('option', {value: m.name}, m.name)));
  const preferred = cmp.metrics.find(m => m.name.startsWith('val_')) || cmp.metrics[0];
  if (preferred) select.value = preferred.name;
  const node = el('div', {class: 'chart', id: 'compare-chart', style: 'height:360px'});
  fill(page, el('h1', {}, 'Compare ' + cmp.runs.length + ' runs'),
    el('div', {class: 'card'}, el('h2', {}, 'Curves'), el('div', {class: 'toolbar'}, 'metric ', select), node),
    el('div', {class: 'grid'},
      el('div', {class: 'card'}, el('h2', {}, 'Parameters (differences highlighted)'),
        el('div', {class: 'scroll'}, el('table', {id: 'param-diff'}, el('thead', {}, head), el('tbody', {}, paramRows)))),
      el('div', {class: 'card'}, el('h2', {}, 'Last metrics'),
        el('div', {class: 'scroll'}, el('table', {id: 'metric-table'}, el('thead', {}, head.cloneNode(true)),
          el('tbody', {}, valueRow, metricRows))))));
  const histories = await Promise.all(cmp.runs.map(r => api.get('/api/runs/' + r.id + '/metrics')));
  const draw = () => chart(node, {legend: {data: cmp.runs.map(label), type: 'scroll'}, grid: {left: 60, right: 20, top: 40, bottom: 35},
    tooltip: {trigger: 'axis'}, xAxis: {type: 'value', name: 'epoch', minInterval: 1}, yAxis: {type: 'value', scale: true},
    series: cmp.runs.map((r, i) => ({name: label(r), type: 'line', color: palette[i % palette.length],
      data: histories[i].metrics[select.value] || []}))});
  select.onchange = draw;
  draw();
  document.body.dataset.loaded = 'true';
}

render().catch(showError);
