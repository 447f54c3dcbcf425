// The Pareto front of a multi-objective study (GET /api/studies/{id}/front): two objectives as a scatter with the
// front as a step line, three or more as a scatter matrix (one panel per pair); front members are drawn larger and
// dark, infeasible trials hollow. Clicking a point opens its run. A second chart shows the hypervolume over trials.
import {chart, palette, fmtNum} from './charts.js';

const label = (front, k) => front.objectives[k] + (front.directions[k] === 'MAXIMIZE' ? ' (max)' : ' (min)');

function groups(front, i, j) {
  const pick = (t) => ({value: [t.values[i], t.values[j]], run: t.run, number: t.number});
  return {
    front: front.trials.filter(t => t.front).map(pick),
    other: front.trials.filter(t => !t.front && t.feasible).map(pick),
    infeasible: front.trials.filter(t => !t.feasible).map(pick),
  };
}

function series(front, i, j, axis) {
  const g = groups(front, i, j);
  const line = g.front.map(p => p.value).sort((a, b) => a[0] - b[0]);
  const common = {type: 'scatter', xAxisIndex: axis, yAxisIndex: axis};
  const out = [
    {...common, name: 'front', symbolSize: 10, itemStyle: {color: palette[1]}, data: g.front, z: 3},
    {...common, name: 'dominated', symbolSize: 6, itemStyle: {color: '#9aa5b8'}, data: g.other},
    {...common, name: 'infeasible', symbolSize: 6, itemStyle: {color: 'transparent', borderColor: '#c2255c', borderWidth: 1},
      data: g.infeasible},
  ];
  if (front.directions.length === 2) {
    out.push({type: 'line', name: 'front line', step: front.directions[1] === front.directions[0] ? 'end' : 'start',
      showSymbol: false, silent: true, lineStyle: {color: palette[1]}, data: line, xAxisIndex: axis, yAxisIndex: axis});
  }
  return out;
}

/** Draws the front chart into node and wires clicks on points to the run page. */
export function paretoChart(node, front) {
  const k = front.directions.length;
  const pairs = [];
  for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pairs.push([i, j]);
  // a panel needs about 380 px to fit its tick labels and both titles: three across a full-width card, else two
  const cols = Math.max(1, Math.min(pairs.length, Math.floor((node.clientWidth || 760) / 380), 3));
  const rows = Math.ceil(pairs.length / cols);
  if (pairs.length > 1) node.style.height = (rows * 330 + 40) + 'px';
  const top = 40, rowH = 330, pad = {left: 70, right: 20, top: 22, bottom: 62};
  const w = node.clientWidth || 1300, panel = w / cols; // percentages, so that a resize keeps the panels apart
  const grid = pairs.map((p, n) => ({left: ((n % cols) * panel + pad.left) / w * 100 + '%',
    width: (panel - pad.left - pad.right) / w * 100 + '%',
    top: top + Math.floor(n / cols) * rowH + pad.top, height: rowH - pad.top - pad.bottom}));
  if (pairs.length === 1) { grid[0] = {left: 78, right: 24, top: 44, bottom: 52}; }
  const ticks = {hideOverlap: true, formatter: (v) => fmtNum(v), fontSize: 11};
  const xAxis = pairs.map(([i], n) => ({gridIndex: n, type: 'value', scale: true, name: label(front, i),
    nameLocation: 'middle', nameGap: 28, axisLabel: ticks, splitNumber: 4}));
  const yAxis = pairs.map(([, j], n) => ({gridIndex: n, type: 'value', scale: true, name: label(front, j),
    nameLocation: 'middle', nameRotate: 90, nameGap: 52, axisLabel: ticks, splitNumber: 4}));
  const c = chart(node, {grid, xAxis, yAxis, legend: {data: ['front', 'dominated', 'infeasible'], top: 4},
    tooltip: {formatter: (p) => p.data && p.data.number !== undefined
      ? 'trial ' + p.data.number + ' (run ' + p.data.run + ')\n' + p.data.value.map(v => Number(v).toPrecision(4)).join(', ')
      : ''},
    series: pairs.flatMap(([i, j], n) => series(front, i, j, n))});
  c.off('click');
  c.on('click', (p) => { if (p.data && p.data.run) location.href = '/run.html?id=' + p.data.run; });
  node.dataset.points = String(front.trials.length);
  node.dataset.front = String(front.front.length);
  node.dataset.columns = String(cols);
}

/** Hypervolume of the feasible front after each COMPLETE trial (reference: the worst value per objective). */
export function hypervolumeChart(node, front) {
  const numbers = front.trials.map(t => t.number).sort((a, b) => a - b);
  chart(node, {grid: {left: 70, right: 20, top: 30, bottom: 40},
    xAxis: {type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 25, minInterval: 1},
    yAxis: {type: 'value', name: 'hypervolume', scale: true},
    series: [{type: 'line', step: 'end', showSymbol: false, data: front.hypervolumeCurve.map((v, n) => [numbers[n], v])}]});
}
