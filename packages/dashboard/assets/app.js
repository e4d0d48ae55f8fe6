// ApiKeyRouter dashboard: renders GET api/state and re-reads it when the router streams an event (api/events).
// Plain DOM (textContent only, never innerHTML with data), no dependencies, no build step.

const state = {
  data: null,
  openHistory: new Set(),
  selected: null,
  refreshTimer: null,
  lastStates: new Map(),
};

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    // CSSOM, not the style attribute: the page's CSP allows no inline styles.
    else if (name === 'width') node.style.width = value;
    else if (name === 'text') node.textContent = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

// Router time in UTC: the time of day for today, the date too for other days.
function time(ms) {
  const iso = new Date(ms).toISOString();
  const today = state.data && new Date(state.data.now).toISOString().slice(0, 10) === iso.slice(0, 10);
  return today ? `${iso.slice(11, 19)}Z` : `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;
}

function money(value) {
  const n = Number(value);
  if (!Number.isFinite(n)) return value;
  return `$${n !== 0 && Math.abs(n) < 0.01 ? n.toPrecision(2) : n.toFixed(2)}`;
}

function bar(usage) {
  if (!usage) return el('span', { class: 'bar-text', text: 'no limit known' });
  const pct = (v) => Math.max(0, Math.min(100, (v / Math.max(usage.limit, 1)) * 100));
  const used = pct(usage.used);
  const reserved = pct(usage.used + usage.reserved);
  const label = `${usage.used} used, ${usage.reserved} reserved of ${usage.limit} (${usage.source})`;
  return el(
    'div',
    {},
    el(
      'div',
      { class: 'bar', role: 'img', 'aria-label': label },
      el('span', { class: 'reserved', width: `${reserved}%` }),
      el('span', { width: `${used}%` }),
    ),
    el('span', { class: 'bar-text', text: `${usage.used + usage.reserved} / ${usage.limit}` }),
  );
}

function renderKeys(keys, now) {
  const body = document.querySelector('#key-table tbody');
  const rows = [];
  const announcements = [];
  for (const key of keys) {
    const previous = state.lastStates.get(key.id);
    if (previous && previous !== key.state) announcements.push(`${key.label} is now ${key.state}`);
    state.lastStates.set(key.id, key.state);
    const open = state.openHistory.has(key.id);
    const since = `since ${time(key.since)}${key.until ? `, until ${time(key.until)}` : ''}`;
    rows.push(
      el(
        'tr',
        { 'data-key-id': key.id, 'data-state': key.state },
        el(
          'td',
          {},
          el('div', { class: 'key-label', text: key.label }),
          el('div', { class: 'key-id', text: key.id }),
        ),
        el(
          'td',
          {},
          key.providerId,
          key.models ? el('div', { class: 'small', text: key.models.join(', ') }) : null,
        ),
        el(
          'td',
          {},
          el('span', { class: `state state-${key.state}`, text: key.state }),
          el('div', { class: 'reason', text: `${since} — ${key.reason}` }),
        ),
        el('td', {}, bar(key.rpm)),
        el('td', {}, bar(key.tpm)),
        el('td', { class: 'num', text: String(key.inFlight) }),
        el('td', { class: 'num', text: money(key.spend24h) }),
        el(
          'td',
          {},
          el('button', {
            type: 'button',
            class: 'history-toggle',
            'aria-expanded': open ? 'true' : 'false',
            'aria-controls': `history-${key.id}`,
            text: `History (${key.timeline.length})`,
            onclick: () => {
              if (state.openHistory.has(key.id)) state.openHistory.delete(key.id);
              else state.openHistory.add(key.id);
              render();
              document.querySelector(`tr[data-key-id="${CSS.escape(key.id)}"] .history-toggle`)?.focus();
            },
          }),
        ),
      ),
    );
    if (open) {
      const items = key.timeline.length
        ? key.timeline.map((t) =>
            el('li', {
              text: `${time(t.at)} ${t.from} → ${t.to} (${t.trigger}): ${t.reason}${t.until ? `, until ${time(t.until)}` : ''}`,
            }),
          )
        : [el('li', { text: 'No state changes yet.' })];
      rows.push(
        el(
          'tr',
          { id: `history-${key.id}` },
          el('td', { colspan: 8 }, el('ol', { class: 'timeline' }, items)),
        ),
      );
    }
  }
  body.replaceChildren(...rows);
  if (announcements.length) document.getElementById('key-updates').textContent = announcements.join('. ');
  document.getElementById('clock').textContent =
    `Router time ${new Date(now).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

// Cumulative spend on a time axis from options.from to options.to; a budget adds its limit (dashed) and the
// forecast from now to the reset (dotted).
function chart(points, options) {
  const width = 300;
  const height = 70;
  const values = points.map((p) => Number(p.cumulative));
  const max = Math.max(options.limit || 0, options.forecast || 0, ...values, 1e-9);
  const span = Math.max(options.to - options.from, 1);
  const x = (t) => Math.max(0, Math.min(width, ((t - options.from) / span) * width));
  const y = (v) => height - 4 - (v / max) * (height - 8);
  const node = svg('svg', {
    class: 'chart',
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'none',
    role: 'img',
    'aria-label': options.label,
  });
  if (options.limit) {
    node.append(
      svg('line', { class: 'limit', x1: 0, x2: width, y1: y(options.limit), y2: y(options.limit) }),
    );
  }
  // Each point is an hour's total: draw it at the hour's end (or now, for the current hour).
  const coords = [`${x(options.from)},${y(0)}`];
  points.forEach((_point, i) => {
    const next = points[i + 1];
    coords.push(`${x(next ? next.at : options.now)},${y(values[i])}`);
  });
  node.append(svg('polyline', { class: 'line', points: coords.join(' ') }));
  if (options.forecast !== undefined && values.length) {
    const last = values[values.length - 1];
    node.append(
      svg('polyline', {
        class: 'forecast',
        points: `${x(options.now)},${y(last)} ${x(options.to)},${y(options.forecast)}`,
      }),
    );
  }
  return node;
}

function renderBudgets(budgets) {
  const list = document.getElementById('budget-list');
  if (!budgets.length) {
    list.replaceChildren(el('p', { class: 'muted', text: 'No budgets.' }));
    return;
  }
  list.replaceChildren(
    ...budgets.map((b) => {
      const facts = [
        `${money(b.spent)} of ${money(b.limit)} spent`,
        Number(b.reserved) > 0 ? `${money(b.reserved)} held` : null,
        `${money(b.remaining)} left`,
      ].filter(Boolean);
      const forecast = b.forecast !== undefined ? `forecast at reset ${money(b.forecast)}` : 'no reset';
      const label = `Burn-down of ${b.name}: ${facts.join(', ')}; ${forecast}`;
      return el(
        'article',
        { class: 'card budget', 'data-budget-id': b.id },
        el('h3', { text: b.name }),
        el('p', {
          class: 'small',
          text: `${b.scope} · ${b.enforcementMode}${b.resetAt ? ` · resets ${time(b.resetAt)}` : ''}`,
        }),
        el('p', { text: `${facts.join(' · ')}` }),
        chart(b.burn, {
          from: b.windowStart ?? b.burn[0]?.at ?? state.data.now,
          to: b.resetAt ?? state.data.now,
          now: state.data.now,
          limit: Number(b.limit),
          forecast: b.forecast !== undefined ? Number(b.forecast) : undefined,
          label,
        }),
        el('p', { class: Number(b.forecast) > Number(b.limit) ? 'small bad' : 'small', text: forecast }),
      );
    }),
  );
}

function renderSpend(series) {
  document.getElementById('spend-list').replaceChildren(
    ...series.map((s) =>
      el(
        'article',
        { class: 'card' },
        el('h3', { text: `${s.scope} — ${money(s.total)}` }),
        chart(s.points, {
          from: state.data.now - 86_400_000,
          to: state.data.now,
          now: state.data.now,
          label: `Cumulative spend of ${s.scope} over the last 24 hours: ${money(s.total)}`,
        }),
      ),
    ),
  );
}

function renderDecisions(decisions) {
  const list = document.getElementById('decision-list');
  if (!decisions.length) {
    list.replaceChildren(el('li', { class: 'muted', text: 'No requests routed yet.' }));
    return;
  }
  list.replaceChildren(
    ...decisions.map((d) => {
      const outcome = d.outcome
        ? d.outcome.ok
          ? 'served'
          : `failed: ${d.outcome.errorCategory}`
        : 'in flight';
      return el(
        'li',
        {},
        el('button', {
          type: 'button',
          class: 'decision',
          'data-request-id': d.requestId,
          'aria-pressed': state.selected === d.requestId ? 'true' : 'false',
          text: `${time(d.at)} ${d.model} → ${d.chosenKeyId ?? 'no key'} (${outcome})`,
          onclick: () => {
            state.selected = d.requestId;
            render();
          },
        }),
      );
    }),
  );
}

function score(value) {
  return typeof value === 'number' ? value.toFixed(3) : '–';
}

function renderDetail(decisions) {
  const body = document.getElementById('detail-body');
  const decision = decisions.find((d) => d.requestId === state.selected);
  document.getElementById('detail-empty').hidden = Boolean(decision);
  if (!decision) {
    body.replaceChildren();
    return;
  }
  const x = decision.explanation;
  const weights = Object.entries(x.objective.weights)
    .map(([k, v]) => `${k} ${Number(v).toFixed(2)}`)
    .join(', ');
  const facts = el(
    'dl',
    { class: 'facts' },
    el('dt', { text: 'Request' }),
    el('dd', { class: 'small request-id', text: decision.requestId }),
    el('dt', { text: 'Objective' }),
    el('dd', { text: `${x.objective.name} (${weights})` }),
    el('dt', { text: 'Chosen' }),
    el('dd', { text: x.chosenKeyId ?? 'none' }),
    el('dt', { text: 'Runner-up' }),
    el('dd', { text: x.runnerUpKeyId ? `${x.runnerUpKeyId}, margin ${score(x.margin)}` : 'none' }),
    el('dt', { text: 'Outcome' }),
    el('dd', {
      text: decision.outcome
        ? decision.outcome.ok
          ? `served in ${decision.outcome.latencyMs} ms, ${money(decision.outcome.cost ?? '0')}`
          : `failed (${decision.outcome.errorCategory}) after ${decision.outcome.latencyMs} ms`
        : 'in flight',
    }),
  );
  const scorers = [...new Set(x.candidates.flatMap((c) => Object.keys(c.scores || {})))];
  const candidates = el(
    'table',
    { class: 'candidates' },
    el('caption', { class: 'visually-hidden', text: 'Candidates with their scores or exclusion reasons' }),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        el('th', { scope: 'col', text: 'Candidate' }),
        ...scorers.map((s) => el('th', { scope: 'col', text: s })),
        el('th', { scope: 'col', text: 'Total / excluded' }),
      ),
    ),
    el(
      'tbody',
      {},
      x.candidates.map((c) =>
        el(
          'tr',
          { class: c.eligible ? (c.keyId === x.chosenKeyId ? 'ok' : '') : 'excluded' },
          el(
            'td',
            {},
            el('div', { text: `${c.label} · ${c.model}` }),
            el('div', { class: 'key-id', text: c.keyId }),
          ),
          ...scorers.map((s) => el('td', { class: 'num', text: score(c.scores?.[s]) })),
          el('td', { text: c.eligible ? score(c.total) : `${c.exclusion.code}: ${c.exclusion.detail}` }),
        ),
      ),
    ),
  );
  const attempts = x.attempts.length
    ? el(
        'ol',
        { class: 'timeline' },
        x.attempts.map((a) =>
          el('li', {
            class: a.outcome === 'success' ? 'ok' : 'bad',
            text: `${a.keyId} ${a.model}: ${a.outcome}${a.category ? ` (${a.category})` : ''}, ${a.latencyMs} ms`,
          }),
        ),
      )
    : el('p', { class: 'muted', text: 'No provider call yet.' });
  body.replaceChildren(
    el('p', { class: 'summary', text: decision.summary }),
    facts,
    el('h3', { text: `Candidates (${x.candidatesTotal ?? x.candidates.length})` }),
    el('div', { class: 'table-wrap' }, candidates),
    el('h3', { text: 'Attempts' }),
    attempts,
  );
}

function render() {
  const data = state.data;
  if (!data) return;
  renderKeys(data.keys, data.now);
  renderBudgets(data.budgets);
  renderSpend(data.spend);
  renderDecisions(data.decisions);
  renderDetail(data.decisions);
}

async function refresh() {
  state.refreshTimer = null;
  try {
    const response = await fetch('api/state', {
      headers: { accept: 'application/json' },
      credentials: 'same-origin',
    });
    if (!response.ok) throw new Error(`state ${response.status}`);
    state.data = await response.json();
    render();
  } catch (error) {
    setConnection(`State unavailable (${error.message})`, 'down');
  }
}

// Bursts of events (hundreds per second under load) become at most a few state reads per second.
function scheduleRefresh() {
  if (state.refreshTimer === null) state.refreshTimer = setTimeout(refresh, 250);
}

function setConnection(text, kind) {
  const node = document.getElementById('connection');
  node.textContent = text;
  node.className = `connection ${kind}`;
}

function connect() {
  const source = new EventSource('api/events');
  source.onopen = () => {
    setConnection('Live', 'live');
    scheduleRefresh();
  };
  source.onerror = () => setConnection('Reconnecting…', 'down');
  for (const name of [
    'keyStateChanged',
    'decision',
    'attempt',
    'requestCompleted',
    'fallback',
    'quotaWarning',
    'budgetThreshold',
  ]) {
    source.addEventListener(name, scheduleRefresh);
  }
}

refresh();
connect();
