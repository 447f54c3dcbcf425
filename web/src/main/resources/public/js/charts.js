// ECharts from its WebJar (no CDN, no build step). Tooltips render as rich text on the canvas, never as HTML,
// so run names and parameter values cannot inject markup.
import * as echarts from '/webjars/echarts/5.5.0/echarts.esm.min.js';

const charts = new Map();

export function chart(node, option) {
  let c = charts.get(node);
  if (!c) {
    c = echarts.init(node, null, {renderer: 'canvas'});
    charts.set(node, c);
    new ResizeObserver(() => c.resize()).observe(node);
  }
  const base = {animation: false, tooltip: {renderMode: 'richText', trigger: 'item', confine: true}};
  c.setOption({...base, ...option, tooltip: {...base.tooltip, ...(option.tooltip || {})}}, true);
  node.dataset.ready = 'true';
  return c;
}

export const palette = ['#2f6fde', '#e8590c', '#2b8a3e', '#c2255c', '#7048e8', '#0b7285', '#a61e4d', '#5c940d',
  '#364fc7', '#d9480f'];
