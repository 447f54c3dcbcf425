// The search space as charts use it: one axis per parameter, from the distribution the study stored with it
// (log floats on log axes, categorical choices as categories in their order, ints as ints, simplex components as
// named parameters such as w.age), never guessed from the values drawn so far.

/** The stored distribution of a chart parameter, or one inferred from its values when none was stored. */
export function distOf(study, name, values = []) {
  const d = (study.distributions || {})[name];
  if (d && d.type) return d;
  return values.every(v => v === undefined || v === null || typeof v === 'number') ? {type: 'float'} : {type: 'categorical'};
}

export const isLog = (d) => !!d.log && (d.type === 'float' || d.type === 'int');
export const isCategorical = (d) => d.type === 'categorical';

/** The category labels of a categorical parameter: its choices in their stored order, then any other value seen. */
export function categories(d, values) {
  const out = (d.choices || []).map(String);
  for (const v of values) if (v !== undefined && v !== null && !out.includes(String(v))) out.push(String(v));
  return out;
}

/** An ECharts axis (cartesian or parallel) for one parameter; the name is drawn where it cannot be clipped. */
export function axisFor(name, d, values, extra = {}) {
  const label = d.type === 'simplex' ? d.of + ' · ' + d.component : name;
  const base = {name: label, nameTextStyle: {color: '#475467'}, ...extra};
  if (isCategorical(d)) return {...base, type: 'category', data: categories(d, values)};
  if (isLog(d)) {
    const pos = values.filter(v => typeof v === 'number' && v > 0);
    const lo = d.low > 0 ? d.low : Math.min(...pos), hi = d.high > 0 ? d.high : Math.max(...pos);
    return {...base, type: 'log', min: lowerPow(lo), max: upperPow(hi), logBase: 10};
  }
  const axis = {...base, type: 'value', scale: true};
  if (d.type === 'int') axis.minInterval = 1;
  if (d.type === 'simplex') { axis.min = 0; axis.max = d.high; }
  else if (typeof d.low === 'number' && typeof d.high === 'number') { axis.min = d.low; axis.max = d.high; }
  if (typeof axis.min === 'number' && axis.max > axis.min) readableEnds(axis, d.step);
  return axis;
}

/**
 * An axis drawn over the stored range [min, max] labels both ends, and ECharts puts its other ticks at multiples of
 * its own interval, so an end that is not one (units 16..128 with ticks every 20) drew "128" over "120" and "16" over
 * "20". Where the parameter's step gives ticks that include both ends (16..128 by 16), those are used; otherwise a
 * tick label closer to an end than 7 % of the axis (about a label's height) is left out, so that the range ends stay
 * readable and nothing is drawn over them.
 */
function readableEnds(axis, gridStep) {
  const lo = axis.min, hi = axis.max;
  const grid = gridTicks(lo, hi, gridStep);
  if (grid) axis.interval = grid;
  const near = (hi - lo) * 0.07;
  axis.axisLabel = {...(axis.axisLabel || {}), showMinLabel: true, showMaxLabel: true, formatter: (v) =>
    v !== lo && v !== hi && (v - lo < near || hi - v < near) ? '' : String(Number(v.toPrecision(12)))};
}

/**
 * A multiple of the parameter's own step (units 16..128 by 16) that divides both ends and gives at most 8 steps, so
 * that every tick is a value the search can take and both ends are ticks; 0 when there is none.
 */
function gridTicks(lo, hi, gridStep) {
  if (!(gridStep > 0)) return 0;
  for (let m = 1; (hi - lo) / (gridStep * m) >= 1; m++) {
    const s = gridStep * m;
    if ((hi - lo) / s <= 8 && isMultiple(lo, s) && isMultiple(hi, s)) return s;
  }
  return 0;
}

const isMultiple = (v, s) => Math.abs(v / s - Math.round(v / s)) < 1e-9;

const lowerPow = (v) => Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
const upperPow = (v) => Math.pow(10, Math.ceil(Math.log10(v) - 1e-9));

/** A value as its axis wants it: categories as strings, numbers as numbers. */
export const onAxis = (d, v) => v === undefined || v === null ? null : isCategorical(d) ? String(v) : v;

/** Several objectives: the single-value charts show the first one (a run's value), named as such. */
const several = (study) => Array.isArray(study.directions) && study.directions.length > 1;

/** The metric a run's value is: the objective metric, or the first objective of a multi-objective study. */
export function objectiveName(study) {
  if (several(study)) return (study.objectives || [])[0] || 'objective 1';
  return study.objectiveMetric || 'the objective';
}

/**
 * The word for the objective: 'min of val_loss', 'min of the objective' when the study does not say, and for a
 * multi-objective study 'max of income_accuracy (objective 1 of 3)' (never the bare 'max of the objective').
 */
export function objectiveLabel(study) {
  const dir = several(study) ? study.directions[0] : study.direction;
  return (dir === 'MAXIMIZE' ? 'max' : 'min') + ' of ' + objectiveName(study)
    + (several(study) ? ' (objective 1 of ' + study.directions.length + ')' : '');
}
