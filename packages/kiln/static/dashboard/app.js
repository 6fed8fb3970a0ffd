// The dashboard page: plain browser JavaScript over the read-only JSON API, with Vega-Lite plots
// (vega, vega-lite and vega-embed are loaded before it as globals, from the server, never a CDN).
/* global vega, vegaEmbed */
'use strict';

const POLL_MS = Number(new URLSearchParams(location.search).get('poll')) || 2000;
const STATES = ['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING'];
const COLUMNS = [
  ['number', '#'],
  ['state', 'state'],
  ['value', 'value'],
  ['duration', 'seconds'],
  ['start', 'started'],
];

/** What the page shows now; the plots' Vega views are kept so polling updates their data in place. */
const page = {
  studyId: null,
  query: { offset: 0, limit: 50, sort: 'number', order: 'asc', state: [], param: '', min: '', max: '', equals: '' },
  etags: new Map(),
  facts: null,
  views: new Map(),
  layouts: new Map(),
  timer: null,
};
// Read by the end-to-end test: the live views and the number of updates applied.
window.kilnDashboard = { views: page.views, updates: 0, polls: 0 };

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/** GET `url` as JSON; null when the server says it has not changed since the last answer (ETag). */
async function getJson(url) {
  const headers = page.etags.has(url) ? { 'If-None-Match': page.etags.get(url) } : {};
  const response = await fetch(url, { cache: 'no-store', headers });
  if (response.status === 304) return null;
  if (!response.ok) throw new Error(`${url}: ${response.status} ${(await response.json()).error}`);
  const etag = response.headers.get('ETag');
  if (etag) page.etags.set(url, etag);
  return response.json();
}

function setStatus(text) {
  document.getElementById('status').textContent = text;
}

function formatValue(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toPrecision(5);
  return String(value);
}

async function showStudies() {
  stopPolling();
  page.studyId = null;
  const studies = await getJson('/api/studies').catch((error) => setStatus(error.message));
  if (!studies) return;
  const rows = studies.map((study) =>
    element(
      'tr',
      {},
      element('td', {}, element('a', { href: `#/studies/${study.studyId}`, text: study.studyName })),
      element('td', { text: study.direction }),
      element('td', { text: String(study.nTrials) }),
      element('td', { text: formatValue(study.bestValue) }),
      element('td', { text: study.datetimeStart ? new Date(study.datetimeStart).toLocaleString() : '' }),
    ),
  );
  const header = element(
    'tr',
    {},
    ...['study', 'direction', 'trials', 'best value', 'started'].map((t) => element('th', { text: t })),
  );
  document
    .getElementById('main')
    .replaceChildren(
      element('h1', { text: 'Studies' }),
      element('table', { id: 'studies' }, element('thead', {}, header), element('tbody', {}, ...rows)),
    );
  setStatus(`${studies.length} studies`);
}

function trialsUrl() {
  const q = page.query;
  const search = new URLSearchParams({ offset: q.offset, limit: q.limit, sort: q.sort, order: q.order });
  if (q.state.length > 0) search.set('state', q.state.join(','));
  if (q.param) {
    search.set('param', q.param);
    for (const key of ['min', 'max', 'equals']) if (q[key] !== '') search.set(key, q[key]);
  }
  return `/api/studies/${page.studyId}/trials?${search}`;
}

function showStudy(studyId) {
  stopPolling();
  page.studyId = studyId;
  page.facts = null;
  page.etags.clear();
  for (const view of page.views.values()) view.finalize();
  page.views.clear();
  page.layouts.clear();
  document
    .getElementById('main')
    .replaceChildren(
      element('h1', { id: 'study-title', text: `Study ${studyId}` }),
      element('p', { id: 'study-facts', class: 'note' }),
      element('div', { id: 'filters', class: 'filters' }),
      element('div', { class: 'table-wrap' }, element('table', { id: 'trials' })),
      element('div', { id: 'pager', class: 'pager' }),
      element('div', { id: 'plots', class: 'plots' }),
    );
  poll();
}

function stopPolling() {
  clearTimeout(page.timer);
  page.timer = null;
}

/** Refreshes what changed (the server answers 304 otherwise), then polls again. */
async function poll() {
  const studyId = page.studyId;
  try {
    // The facts first: they name the charts.
    await refreshFacts();
    await Promise.all([refreshTrials(), refreshCharts()]);
    window.kilnDashboard.polls++;
    setStatus(`updated ${new Date().toLocaleTimeString()}`);
  } catch (error) {
    setStatus(error.message);
  }
  if (page.studyId === studyId) page.timer = setTimeout(poll, POLL_MS);
}

async function refreshFacts() {
  const facts = await getJson(`/api/studies/${page.studyId}`);
  if (!facts) return;
  const paramsChanged = JSON.stringify(facts.params) !== JSON.stringify(page.facts?.params);
  page.facts = facts;
  document.getElementById('study-title').textContent = `Study ${facts.name} (${facts.direction})`;
  const counts = STATES.map((state) => `${facts.states[state]} ${state}`).join(', ');
  document.getElementById('study-facts').textContent = `${facts.trials} trials: ${counts}`;
  if (paramsChanged) renderFilters();
}

function renderFilters() {
  const q = page.query;
  const apply = () => {
    q.offset = 0;
    refreshTrials().catch((error) => setStatus(error.message));
  };
  const stateBoxes = STATES.map((state) => {
    const box = element('input', { type: 'checkbox', value: state, 'data-state': state });
    box.checked = q.state.includes(state);
    box.addEventListener('change', () => {
      q.state = STATES.filter((s) => document.querySelector(`input[data-state="${s}"]`).checked);
      apply();
    });
    return element('label', {}, box, ` ${state}`);
  });
  const select = element('select', { id: 'param-filter' }, element('option', { value: '', text: 'parameter…' }));
  for (const name of page.facts.params) select.append(element('option', { value: name, text: name }));
  select.value = q.param;
  select.addEventListener('change', () => {
    q.param = select.value;
    apply();
  });
  const input = (key, type, placeholder) => {
    const box = element('input', { type, placeholder, id: `param-${key}`, step: 'any' });
    box.value = q[key];
    box.addEventListener('change', () => {
      q[key] = box.value;
      apply();
    });
    return box;
  };
  document
    .getElementById('filters')
    .replaceChildren(
      element('span', { text: 'states:' }),
      ...stateBoxes,
      select,
      input('min', 'number', 'min'),
      input('max', 'number', 'max'),
      input('equals', 'text', 'equals'),
    );
}

async function refreshTrials() {
  const data = await getJson(trialsUrl());
  if (!data) return;
  const params = page.facts ? page.facts.params : [...new Set(data.trials.flatMap((t) => Object.keys(t.params)))];
  const q = page.query;
  const headerCell = (key, label) => {
    const sorted = q.sort === key ? `sorted-${q.order}` : '';
    return element('th', {
      text: label,
      class: sorted,
      'data-sort': key,
      onclick: () => {
        q.order = q.sort === key && q.order === 'asc' ? 'desc' : 'asc';
        q.sort = key;
        q.offset = 0;
        refreshTrials().catch((error) => setStatus(error.message));
      },
    });
  };
  const header = element(
    'tr',
    {},
    ...COLUMNS.map(([key, label]) => headerCell(key, label)),
    ...params.map((name) => headerCell(`param:${name}`, name)),
  );
  const rows = data.trials.map((trial) =>
    element(
      'tr',
      { 'data-number': String(trial.number) },
      element('td', { text: String(trial.number) }),
      element('td', { text: trial.state, class: `state-${trial.state}` }),
      element('td', { text: formatValue(trial.value) }),
      element('td', { text: trial.start && trial.complete ? ((trial.complete - trial.start) / 1000).toFixed(1) : '' }),
      element('td', { text: trial.start ? new Date(trial.start).toLocaleTimeString() : '' }),
      ...params.map((name) => element('td', { text: formatValue(trial.params[name]) })),
    ),
  );
  document.getElementById('trials').replaceChildren(element('thead', {}, header), element('tbody', {}, ...rows));
  const last = Math.min(data.offset + data.trials.length, data.total);
  const move = (offset) => () => {
    q.offset = Math.max(0, offset);
    refreshTrials().catch((error) => setStatus(error.message));
  };
  const previous = element('button', { id: 'previous', text: '‹ previous', onclick: move(q.offset - q.limit) });
  previous.disabled = q.offset === 0;
  const next = element('button', { id: 'next', text: 'next ›', onclick: move(q.offset + q.limit) });
  next.disabled = last >= data.total;
  document
    .getElementById('pager')
    .replaceChildren(
      previous,
      element('span', { id: 'range', text: `${data.total === 0 ? 0 : data.offset + 1}–${last} of ${data.total}` }),
      next,
    );
}

/** The part of a spec that decides how a chart looks (everything but its data). */
function layoutOf(spec) {
  return JSON.stringify({ ...spec, datasets: Object.keys(spec.datasets || {}) });
}

/** Every chart the study has (its facts name them), each from its own request, all at once. */
async function refreshCharts() {
  const names = page.facts ? page.facts.charts : [];
  const container = document.getElementById('plots');
  for (const name of names) {
    // The figures are made once, in the list's order, whichever answer comes first.
    if (!document.getElementById(`chart-${name}`))
      container.append(element('figure', { id: `chart-${name}`, hidden: '' }, element('figcaption'), element('div')));
  }
  await Promise.all(names.map(refreshChart));
}

async function refreshChart(name) {
  const data = await getJson(`/api/studies/${page.studyId}/charts/${name}`);
  if (!data) return;
  const { chart } = data;
  const figure = document.getElementById(`chart-${name}`);
  const view = page.views.get(name);
  if (!chart) {
    // Nothing to draw yet (say, no parameters sampled): the figure waits, hidden.
    view?.finalize();
    page.views.delete(name);
    page.layouts.delete(name);
    figure.hidden = true;
    return;
  }
  figure.querySelector('figcaption').textContent = chart.title;
  figure.hidden = false;
  if (view && page.layouts.get(name) === layoutOf(chart.spec)) {
    // Same chart, new data: change the datasets in place, so zoom, pan and selections stay as the user left them.
    for (const [dataset, rows] of Object.entries(chart.spec.datasets || {})) {
      view.change(dataset, vega.changeset().remove(vega.truthy).insert(rows));
    }
    await view.runAsync();
    window.kilnDashboard.updates++;
    return;
  }
  view?.finalize();
  const result = await vegaEmbed(figure.querySelector('div'), chart.spec, {
    actions: false,
    renderer: 'svg',
    // Vega's expression interpreter instead of compiled functions: the page's CSP forbids eval.
    ast: true,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
  });
  page.views.set(name, result.view);
  page.layouts.set(name, layoutOf(chart.spec));
}

function route() {
  const match = /^#\/studies\/(\d+)$/.exec(location.hash);
  if (match) showStudy(Number(match[1]));
  else showStudies().catch((error) => setStatus(error.message));
}

window.addEventListener('hashchange', route);
route();
