// ECharts from its WebJar (no CDN, no build step). Tooltips render as rich text on the canvas, never as HTML,
// so run names and parameter values cannot inject markup.
import * as echarts from '/webjars/echarts/5.5.0/echarts.esm.min.js';

const charts = new Map();

export function chart(node, option) {
  let c = charts.get(node);
  if (!c) {
    c = echarts.init(node, null, {renderer: 'canvas'});
    charts.set(node, c);
    node.echarts = c; // for tests: convertToPixel finds where a trial's point is drawn
    new ResizeObserver(() => c.resize()).observe(node);
  }
  const base = {animation: false, tooltip: {renderMode: 'richText', trigger: 'item', confine: true}};
  c.setOption({...base, ...option, tooltip: {...base.tooltip, ...(option.tooltip || {})}}, true);
  node.dataset.ready = 'true';
  return c;
}

export const palette = ['#2f6fde', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#a61e4d', '#5c940d',
  '#364fc7', '#d9480f'];

/** Calls fn(dataItem) when a point of the chart on this node is clicked (replacing an earlier handler). */
export function onClick(node, fn) {
  const c = charts.get(node);
  if (!c) return;
  c.off('click');
  c.on('click', (p) => fn(p.data, p));
}

/** Colours from better to worse, the same in every chart: dark blue is good, orange is bad. */
export const BETTER_TO_WORSE = ['#1c3f94', '#2f6fde', '#9cc3ff', '#ffd43b', '#e8590c'];

/**
 * A continuous colour bar for objective values with numbers at both ends, ordered so that the better end has the
 * same colour whatever the direction.
 */
export function valueColours(values, direction, dimension, extra = {}) {
  const finite = values.filter(Number.isFinite);
  const min = finite.length ? Math.min(...finite) : 0, max = finite.length ? Math.max(...finite) : 1;
  const maximise = direction === 'MAXIMIZE';
  const colours = maximise ? BETTER_TO_WORSE.slice().reverse() : BETTER_TO_WORSE;
  return {type: 'continuous', dimension, min, max: max > min ? max : min + 1e-9, calculable: false,
    inRange: {color: colours}, orient: 'vertical', right: 4, top: 'middle', itemHeight: 140, itemWidth: 12,
    text: [fmtNum(max) + (maximise ? ' better' : ' worse'), fmtNum(min) + (maximise ? ' worse' : ' better')],
    textGap: 6, precision: 4, formatter: (v) => fmtNum(v), ...extra};
}

export function fmtNum(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}
