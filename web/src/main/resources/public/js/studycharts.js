// The study page's charts: optimisation history (log scale, outlier clipping, pruned trials), intermediate values of
// all trials, EDF, worker timeline, importance with intervals, parallel coordinates, slice and contour. Scales come
// from the stored search space (space.js); colours mean the same everywhere (charts.js valueColours); every point
// that stands for a trial opens its run when clicked.
import {chart, onClick, palette, valueColours, fmtNum} from './charts.js';
import {el, fill, time} from './dom.js';
import {distOf, axisFor, onAxis, isCategorical, isLog, categories, objectiveLabel, objectiveName} from './space.js';

const STATE_COLOUR = {COMPLETE: '#2f6fde', PRUNED: '#e8590c', RUNNING: '#2b8a3e', FAILED: '#b42318', WAITING: '#98a2b3'};
const openRun = (d) => { if (d && d.run) location.href = '/run.html?id=' + d.run; };

/** y-axis options shared by the history and intermediate-values charts: log scale, or clipped to the bulk. */
function valueAxis(study, values, opts) {
  const axis = {name: objectiveLabel(study), nameTextStyle: {align: 'left', color: '#475467'}, scale: true};
  const positive = values.length > 0 && values.every(v => v > 0);
  if (opts.log && positive) return {...axis, type: 'log'};
  axis.type = 'value';
  if (opts.clip && values.length >= 5) {
    const s = values.slice().sort((a, b) => a - b);
    const q = (p) => s[Math.min(s.length - 1, Math.floor(p * (s.length - 1)))];
    const iqr = q(0.75) - q(0.25);
    axis.min = Math.max(s[0], q(0.25) - 3 * iqr);
    axis.max = Math.min(s[s.length - 1], q(0.75) + 3 * iqr);
  }
  return axis;
}

const lastOf = (t) => t.intermediate.length ? t.intermediate[t.intermediate.length - 1] : null;

export function history(node, study, hist, trials, opts) {
  const pruned = trials.trials.filter(t => t.state === 'PRUNED' && lastOf(t));
  const values = hist.trials.map(t => t.value).concat(pruned.map(t => lastOf(t)[1]));
  chart(node, {
    legend: {data: ['COMPLETE', 'PRUNED (last value)', 'best so far'], top: 0},
    grid: {left: 64, right: 24, top: 46, bottom: 42},
    xAxis: {type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 26, minInterval: 1},
    yAxis: valueAxis(study, values, opts),
    tooltip: {formatter: (p) => p.data && p.data.run ? 'trial ' + p.data.value[0] + ' · ' + fmtNum(p.data.value[1])
      + ' · click to open' : ''},
    series: [
      {name: 'COMPLETE', type: 'scatter', symbolSize: 7, itemStyle: {color: STATE_COLOUR.COMPLETE}, cursor: 'pointer',
        data: hist.trials.map(t => ({value: [t.number, t.value], run: t.id}))},
      {name: 'PRUNED (last value)', type: 'scatter', symbol: 'triangle', symbolSize: 8, cursor: 'pointer',
        itemStyle: {color: STATE_COLOUR.PRUNED}, data: pruned.map(t => ({value: [t.number, lastOf(t)[1]], run: t.id}))},
      {name: 'best so far', type: 'line', step: 'end', showSymbol: false, silent: true, color: '#1d2330',
        data: hist.trials.map(t => [t.number, t.best])}],
  });
  onClick(node, openRun);
  node.dataset.points = String(hist.trials.length);
  node.dataset.pruned = String(pruned.length);
}

/** One line per trial over the steps it reported (the values a pruner sees); pruned trials end in a triangle. */
export function intermediate(node, study, trials, opts) {
  const withSteps = trials.trials.filter(t => t.intermediate.length > 0);
  const values = withSteps.flatMap(t => t.intermediate.map(p => p[1]));
  const series = withSteps.map(t => ({name: t.state, type: 'line', cursor: 'pointer', symbolSize: 7,
    showSymbol: t.state !== 'COMPLETE', symbol: t.state === 'PRUNED' ? 'triangle' : 'circle',
    lineStyle: {width: t.state === 'RUNNING' ? 2 : 1, opacity: t.state === 'PRUNED' ? 0.8 : 0.55},
    itemStyle: {color: STATE_COLOUR[t.state] || '#98a2b3'},
    data: t.intermediate.map((p, i) => ({value: p, run: t.id, number: t.number,
      symbol: t.state === 'PRUNED' && i === t.intermediate.length - 1 ? 'triangle' : 'none'}))}));
  chart(node, {
    legend: {data: ['COMPLETE', 'PRUNED', 'RUNNING'], top: 0},
    grid: {left: 64, right: 24, top: 46, bottom: 42},
    xAxis: {type: 'value', name: 'step', nameLocation: 'middle', nameGap: 26, minInterval: 1},
    yAxis: valueAxis(study, values, opts),
    tooltip: {formatter: (p) => 'trial ' + p.data.number + ' · step ' + p.data.value[0] + ' · ' + fmtNum(p.data.value[1])},
    series: series.length ? series : [{type: 'line', data: []}],
    title: series.length ? {show: false} : {text: 'no intermediate values reported',
      subtext: 'k-fold trials and trials run without a pruning callback report none', left: 'center', top: 'middle',
      textStyle: {fontSize: 13, fontWeight: 'normal', color: '#667085'}},
  });
  onClick(node, openRun);
  node.dataset.lines = String(series.length);
  node.dataset.pruned = String(withSteps.filter(t => t.state === 'PRUNED').length);
  node.dataset.runningSteps = String(withSteps.filter(t => t.state === 'RUNNING')
    .reduce((n, t) => n + t.intermediate.length, 0));
}

/** Empirical distribution function of the COMPLETE trials' values (the server's, from every trial). */
export function edf(node, study, hist) {
  const vals = hist.trials.map(t => t.value).sort((a, b) => a - b);
  const data = hist.edf || vals.map((v, i) => [v, (i + 1) / vals.length]);
  chart(node, {
    grid: {left: 64, right: 24, top: 30, bottom: 42},
    xAxis: {type: 'value', scale: true, name: objectiveName(study), nameLocation: 'middle', nameGap: 26},
    yAxis: {type: 'value', min: 0, max: 1, name: 'fraction of trials ≤ x', nameTextStyle: {align: 'left'}},
    series: [{type: 'line', step: 'end', showSymbol: false, color: palette[0],
      data}],
  });
}

/** One bar per trial from its start to its finish (now while running), one row per worker. */
export function timeline(node, trials) {
  const ts = trials.trials.filter(t => t.startedAt);
  const workers = [...new Set(ts.map(t => t.worker || '(this process)'))].sort();
  const data = ts.map(t => ({value: [workers.indexOf(t.worker || '(this process)'), t.startedAt,
    t.finishedAt || trials.now, t.number], run: t.id, itemStyle: {color: STATE_COLOUR[t.state] || '#98a2b3'}, state: t.state}));
  const states = [...new Set(ts.map(t => t.state))];
  chart(node, {
    grid: {left: 130, right: 24, top: 40, bottom: 42},
    legend: {top: 0, data: states, selectedMode: false},
    xAxis: {type: 'time', name: 'time', nameLocation: 'middle', nameGap: 26,
      axisLabel: {hideOverlap: true}}, // short studies: labels every few seconds would collide
    yAxis: {type: 'category', data: workers, name: 'worker', nameTextStyle: {align: 'right'}},
    tooltip: {formatter: (p) => 'trial ' + p.data.value[3] + ' · ' + p.data.state + ' · ' + time(p.data.value[1])},
    series: [{type: 'custom', cursor: 'pointer', encode: {x: [1, 2], y: 0}, data,
      renderItem: (params, api) => {
        const a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2), api.value(0)]);
        const h = Math.min(40, api.size([0, 1])[1] * 0.6); // one worker: a band, not a wall
        return {type: 'rect', shape: {x: a[0], y: a[1] - h / 2, width: Math.max(2, b[0] - a[0]), height: h},
          style: {fill: api.visual('color'), stroke: '#fff', lineWidth: 0.5}};
      }},
    // empty series only to name the colours in the legend
    ...states.map(st => ({type: 'scatter', name: st, data: [], itemStyle: {color: STATE_COLOUR[st] || '#98a2b3'}}))],
  });
  onClick(node, openRun);
  node.dataset.workers = String(workers.length);
}

export function importance(node, note, imp) {
  const rows = imp.importances.slice().reverse();
  fill(note, imp.warning ? el('div', {class: 'warn', id: 'importance-warning'}, '⚠ ' + imp.warning) : '',
    el('div', {class: 'muted small'}, imp.method + ' · ' + imp.trials + ' trials'));
  chart(node, {
    grid: {left: 130, right: 40, top: 10, bottom: 36},
    xAxis: {type: 'value', min: 0, max: 1, name: 'importance (bar) and 90% interval', nameLocation: 'middle', nameGap: 24},
    yAxis: {type: 'category', data: rows.map(i => i.param), axisLabel: {width: 120, overflow: 'truncate'}},
    tooltip: {formatter: (p) => { const r = rows[p.dataIndex]; return r.param + ': ' + r.importance.toFixed(2)
      + ' [' + r.low.toFixed(2) + ', ' + r.high.toFixed(2) + '] ' + r.shape; }},
    series: [
      {type: 'bar', itemStyle: {color: palette[0]}, data: rows.map(i => ({value: Number(i.importance.toFixed(4)),
        label: i.importance > 0.15 ? {show: true, position: 'insideRight', color: '#fff', formatter: (p) => p.value.toFixed(2)}
          : {show: true, position: 'right', color: '#1d2330', distance: 8, formatter: (p) => p.value.toFixed(2)}}))},
      {type: 'custom', silent: true, data: rows.map((r, i) => [i, r.low, r.high]), encode: {x: [1, 2], y: 0},
        renderItem: (params, api) => {
          const a = api.coord([api.value(1), api.value(0)]), b = api.coord([api.value(2), api.value(0)]);
          return {type: 'group', children: [
            {type: 'line', shape: {x1: a[0], y1: a[1], x2: b[0], y2: b[1]}, style: {stroke: '#1d2330', lineWidth: 1.5}},
            {type: 'line', shape: {x1: a[0], y1: a[1] - 5, x2: a[0], y2: a[1] + 5}, style: {stroke: '#1d2330'}},
            {type: 'line', shape: {x1: b[0], y1: b[1] - 5, x2: b[0], y2: b[1] + 5}, style: {stroke: '#1d2330'}}]};
        }}],
  });
  node.dataset.order = rows.map(r => r.param).reverse().join(',');
}

export function parallel(node, study, points) {
  const names = points.paramNames;
  const dists = names.map(n => distOf(points, n, points.trials.map(t => t.params[n])));
  const dims = names.map((n, i) => ({dim: i, ...axisFor(n, dists[i], points.trials.map(t => t.params[n]),
    {nameRotate: 20})}));
  dims.push({dim: names.length, name: objectiveName(study), type: 'value', scale: true});
  chart(node, {
    parallelAxis: dims, parallel: {left: 50, right: 150, top: 50, bottom: 30},
    visualMap: valueColours(points.trials.map(t => t.value), points.direction, names.length),
    series: [{type: 'parallel', lineStyle: {width: 1.2, opacity: 0.7},
      data: points.trials.map(t => [...names.map((n, i) => onAxis(dists[i], t.params[n])), t.value])}],
  });
  node.dataset.axes = JSON.stringify(dims.map(d => ({name: d.name, type: d.type, data: d.data || null})));
}

export function slice(node, study, points, px, py) {
  const dx = distOf(points, px, points.trials.map(t => t.params[px]));
  const xs = points.trials.map(t => t.params[px]);
  const xAxis = axisFor(px, dx, xs, {nameLocation: 'middle', nameGap: 30});
  const colours = valueColours(points.trials.map(t => t.value), points.direction, 2);
  if (!py || py === px) {
    chart(node, {grid: {left: 64, right: 130, top: 36, bottom: 48}, xAxis,
      yAxis: {type: 'value', name: objectiveLabel(study), scale: true, nameTextStyle: {align: 'left'}},
      visualMap: colours,
      series: [{type: 'scatter', symbolSize: 8, cursor: 'pointer',
        data: points.trials.map(t => ({value: [onAxis(dx, t.params[px]), t.value, t.value], run: t.id}))}]});
    onClick(node, openRun);
    node.dataset.mode = 'slice';
    node.dataset.xaxis = xAxis.type;
    return;
  }
  const dy = distOf(points, py, points.trials.map(t => t.params[py]));
  const cells = gridKind(dx, xs) === 'cells' || gridKind(dy, points.trials.map(t => t.params[py])) === 'cells';
  (cells ? heatmap : contour)(node, study, points, [px, dx], [py, dy], colours);
  onClick(node, openRun);
}

/** Categorical parameters and ints of at most 12 values get a heatmap by cell, other pairs an interpolated contour. */
function gridKind(d, values) {
  return isCategorical(d) || fewInts(d, values) ? 'cells' : 'continuous';
}

/** An int whose stored range holds at most 12 values (or, without a stored range, that took at most 12). */
function fewInts(d, values) {
  if (d.type !== 'int') return false;
  if (typeof d.low === 'number' && typeof d.high === 'number' && !d.log) return (d.high - d.low) / (d.step || 1) + 1 <= 12;
  return new Set(values.filter(v => v !== undefined)).size <= 12;
}

/** Mean objective per (x, y) cell; numeric parameters of a mixed pair are split into up to 6 quantile ranges. */
function heatmap(node, study, points, [px, dx], [py, dy], colours) {
  const lx = labeller(dx, points.trials.map(t => t.params[px]));
  const ly = labeller(dy, points.trials.map(t => t.params[py]));
  const acc = new Map();
  for (const t of points.trials) {
    if (t.params[px] === undefined || t.params[py] === undefined) continue;
    const k = lx.of(t.params[px]) + '\u0000' + ly.of(t.params[py]);
    const c = acc.get(k) || [0, 0];
    c[0] += t.value; c[1]++;
    acc.set(k, c);
  }
  const data = [...acc].map(([k, [s, n]]) => { const [a, b] = k.split('\u0000'); return [a, b, s / n, n]; });
  chart(node, {grid: {left: 90, right: 130, top: 36, bottom: 56},
    xAxis: {type: 'category', data: lx.labels, name: px, nameLocation: 'middle', nameGap: 34, splitArea: {show: true}},
    yAxis: {type: 'category', data: ly.labels, name: py, nameTextStyle: {align: 'left'}, splitArea: {show: true}},
    visualMap: colours,
    tooltip: {formatter: (p) => p.data[0] + ' × ' + p.data[1] + ': mean ' + fmtNum(p.data[2]) + ' of ' + p.data[3] + ' trials'},
    series: [{type: 'heatmap', data, label: {show: true, formatter: (p) => fmtNum(p.data[2]), fontSize: 10}}]});
  node.dataset.mode = 'heatmap';
}

function labeller(d, values) {
  if (isCategorical(d) || fewInts(d, values)) {
    const labels = isCategorical(d) ? categories(d, values)
      : [...new Set(values.filter(v => v !== undefined))].sort((a, b) => a - b).map(String);
    return {labels, of: (v) => String(v)};
  }
  const tr = isLog(d) ? Math.log10 : (v) => v, inv = isLog(d) ? (v) => Math.pow(10, v) : (v) => v;
  const nums = values.filter(v => typeof v === 'number').map(tr);
  const lo = Math.min(...nums), hi = Math.max(...nums), B = 6;
  const edges = [...Array(B + 1).keys()].map(i => lo + (hi - lo) * i / B);
  const labels = edges.slice(0, B).map((e, i) => fmtNum(inv(e)) + '–' + fmtNum(inv(edges[i + 1])));
  return {labels, of: (v) => labels[Math.min(B - 1, Math.floor((tr(v) - lo) / ((hi - lo) || 1) * B))]};
}

/**
 * A filled contour of the objective over two continuous parameters: inverse-distance-weighted interpolation of the
 * trials on a 40 × 40 grid in axis space (log10 for log axes, each axis scaled to [0, 1]), drawn under the trials.
 */
function contour(node, study, points, [px, dx], [py, dy], colours) {
  const ts = points.trials.filter(t => typeof t.params[px] === 'number' && typeof t.params[py] === 'number');
  const tx = isLog(dx) ? Math.log10 : (v) => v, ty = isLog(dy) ? Math.log10 : (v) => v;
  const ix = isLog(dx) ? (v) => Math.pow(10, v) : (v) => v, iy = isLog(dy) ? (v) => Math.pow(10, v) : (v) => v;
  const xAxis = axisFor(px, dx, ts.map(t => t.params[px]), {nameLocation: 'middle', nameGap: 30});
  const yAxis = axisFor(py, dy, ts.map(t => t.params[py]), {nameTextStyle: {align: 'left'}});
  const xs = ts.map(t => tx(t.params[px])), ys = ts.map(t => ty(t.params[py]));
  const bound = (axis, vals, f) => [axis.min !== undefined ? f(axis.min) : Math.min(...vals),
    axis.max !== undefined ? f(axis.max) : Math.max(...vals)];
  const [x0, x1] = bound(xAxis, xs, tx), [y0, y1] = bound(yAxis, ys, ty);
  const G = 40, w = (x1 - x0) / G || 1, h = (y1 - y0) / G || 1;
  const grid = [];
  for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) {
    const cx = x0 + (i + 0.5) * w, cy = y0 + (j + 0.5) * h;
    let num = 0, den = 0;
    ts.forEach((t, n) => {
      const d2 = ((cx - xs[n]) / ((x1 - x0) || 1)) ** 2 + ((cy - ys[n]) / ((y1 - y0) || 1)) ** 2 + 1e-9;
      const wt = 1 / (d2 * d2);
      num += wt * t.value; den += wt;
    });
    grid.push([ix(x0 + i * w), iy(y0 + j * h), num / den, ix(x0 + (i + 1) * w), iy(y0 + (j + 1) * h)]);
  }
  chart(node, {grid: {left: 70, right: 130, top: 36, bottom: 48}, xAxis, yAxis, visualMap: colours,
    series: [
      {type: 'custom', silent: true, z: 1, data: grid, encode: {x: [0, 3], y: [1, 4]},
        renderItem: (params, api) => {
          const p0 = api.coord([api.value(0), api.value(4)]), p1 = api.coord([api.value(3), api.value(1)]);
          return {type: 'rect', shape: {x: p0[0], y: p0[1], width: p1[0] - p0[0] + 0.5, height: p1[1] - p0[1] + 0.5},
            style: {fill: api.visual('color'), opacity: 0.75}};
        }},
      {type: 'scatter', z: 3, symbolSize: 8, cursor: 'pointer', itemStyle: {borderColor: '#fff', borderWidth: 1},
        data: ts.map(t => ({value: [t.params[px], t.params[py], t.value], run: t.id}))}]});
  node.dataset.mode = 'contour';
  node.dataset.xaxis = xAxis.type;
  node.dataset.yaxis = yAxis.type;
}
