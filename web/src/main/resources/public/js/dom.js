// DOM helpers. All data goes through textContent (never innerHTML), so user text is always inert.

/** Creates an element: el('td', {class: 'num', title: 'x'}, child, 'text', ...). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'value') e.value = v;
    else if (k === 'checked') e.checked = !!v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

function append(e, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of a node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export const $ = (sel) => document.querySelector(sel);

/** A number for display: 4 significant digits, integers as they are. */
export function fmt(v) {
  if (v === null || v === undefined || v === '') return '';
  const vector = numberList(v);
  if (vector) return '[' + vector.map(fmt).join(', ') + ']';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(Number(v.toPrecision(4)));
}

/** The numbers of a parameter stored as a JSON list of numbers (a simplex, e.g. '[0.2,0.3,0.5]'), else null. */
export function numberList(v) {
  if (typeof v !== 'string' || !/^\[[-+0-9.eE, ]*\]$/.test(v)) return null;
  try {
    const a = JSON.parse(v);
    return Array.isArray(a) && a.length > 0 && a.every(x => typeof x === 'number') ? a : null;
  } catch (e) {
    return null;
  }
}

export function time(ms) {
  return ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) : '';
}

export function duration(ms) {
  if (ms === null || ms === undefined) return '';
  const s = ms / 1000;
  return s < 60 ? s.toFixed(1) + ' s' : s < 3600 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(1) + ' h';
}

export function stateBadge(state) {
  return el('span', {class: 'state ' + state}, state);
}

export function param(name) {
  return new URLSearchParams(location.search).get(name);
}

/** Shows an error in the page's error area. */
export function showError(err) {
  const box = document.getElementById('error');
  if (box) fill(box, String(err && err.message ? err.message : err));
}

/** The common page header. */
export function header(...crumbs) {
  const h = document.querySelector('header.top');
  fill(h, el('a', {class: 'brand', href: '/'}, 'Hyperforge'), ...crumbs.map(c =>
    typeof c === 'string' ? el('span', {}, c) : el('a', {href: c.href}, c.text)));
}
