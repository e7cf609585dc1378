import { createHash } from 'node:crypto';

/**
 * The dashboard: one self-contained page (no CDN, no external file) served at `GET /`. It reads
 * `/stream?encoding=json` (and polls `/state` while the stream is down), and posts `/kill` with
 * a token the operator types; the token lives only in the form field and the one request.
 *
 * Recent decisions: on load and at every (re)connect of the stream the page fetches
 * `/decisions` (what the stream passed before it joined) and merges it with what the stream
 * brings, by `seq`, so it shows what happened before it opened and loses nothing across a
 * reconnect. Each shows its wall-clock time when the state's `clock` is the system clock
 * (`epochMs + at`), else its engine ms (a replay's, a scenario's), and the strategy it came from
 * (`strategy`, else the `lane` it arrived on, else a dash).
 *
 * Every value from the server is inserted with `textContent` (never as HTML). The page's script
 * and style are allowed by their hashes in the Content-Security-Policy: nothing else runs.
 */

const STYLE = `
:root { color-scheme: dark; --bg:#10141a; --panel:#18202a; --line:#2a3544; --text:#e6edf3; --dim:#8b98a8;
  --ok:#3fb950; --warn:#d29922; --bad:#f85149; --accent:#58a6ff; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui, sans-serif; background:var(--bg); color:var(--text); }
header { display:flex; gap:16px; align-items:center; padding:12px 20px; border-bottom:1px solid var(--line); flex-wrap:wrap; }
header h1 { font-size:18px; margin:0 12px 0 0; }
.pill { padding:2px 10px; border-radius:999px; border:1px solid var(--line); color:var(--dim); }
.pill.ok { color:var(--ok); border-color:var(--ok); } .pill.bad { color:var(--bad); border-color:var(--bad); }
.pill.warn { color:var(--warn); border-color:var(--warn); }
main { display:grid; grid-template-columns: 2fr 1fr; gap:16px; padding:16px 20px; }
section { background:var(--panel); border:1px solid var(--line); border-radius:8px; padding:12px 14px; }
section.wide { grid-column: 1 / -1; }
h2 { font-size:13px; text-transform:uppercase; letter-spacing:.06em; color:var(--dim); margin:0 0 8px; }
table { width:100%; border-collapse:collapse; font-variant-numeric: tabular-nums; }
th, td { text-align:left; padding:5px 8px; border-bottom:1px solid var(--line); vertical-align:middle; }
th { color:var(--dim); font-weight:500; font-size:12px; }
td.num { text-align:right; }
.state { font-weight:600; } .state.ACTIVE { color:var(--ok); } .state.REDUCING { color:var(--warn); } .state.HALTED { color:var(--bad); }
.why { color:var(--dim); font-size:12px; }
.bar { position:relative; height:14px; min-width:180px; background:#0c1117; border:1px solid var(--line); border-radius:3px; }
.bar .zero { position:absolute; top:-2px; bottom:-2px; width:1px; background:var(--dim); }
.bar .worst { position:absolute; top:3px; bottom:3px; background:rgba(88,166,255,.25); }
.bar .est { position:absolute; top:1px; bottom:1px; min-width:3px; background:var(--accent); }
.bar.over .est { background:var(--bad); }
#kill-button { background:var(--bad); color:#fff; border:0; border-radius:6px; padding:8px 16px; font-weight:700; cursor:pointer; margin-left:auto; }
dialog { background:var(--panel); color:var(--text); border:1px solid var(--line); border-radius:8px; min-width:320px; }
dialog label { display:block; margin:8px 0 4px; color:var(--dim); }
dialog input, dialog select { width:100%; padding:6px; background:#0c1117; color:var(--text); border:1px solid var(--line); border-radius:4px; }
dialog .buttons { display:flex; gap:8px; justify-content:flex-end; margin-top:12px; }
dialog button { padding:6px 14px; border-radius:4px; border:1px solid var(--line); background:#0c1117; color:var(--text); cursor:pointer; }
dialog button.danger { background:var(--bad); border-color:var(--bad); color:#fff; font-weight:700; }
#kill-result { margin-left:8px; }
.deny { color:var(--bad); } .approve { color:var(--ok); }
.muted { color:var(--dim); }
h2.spaced { margin-top:16px; }
`;

const SCRIPT = `
'use strict';
const $ = (id) => document.getElementById(id);
const fmt = (v) => (v === null || v === undefined ? '–' : String(v));
const us = (ns) => (ns === null || ns === undefined ? '–' : (ns / 1000).toFixed(ns < 10000 ? 2 : 1) + ' µs');
const RECENT = 25;
let lastState = null;
let clock = null;
let decisions = [];
let missedNote = '';
let ws = null;
let pollTimer = null;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function positionText(i) {
  if (i.estPosMin === null || i.estPosMax === null) return 'no snapshot';
  return i.estPosMin === i.estPosMax ? String(i.estPosMin) : '[' + i.estPosMin + ', ' + i.estPosMax + ']';
}

function bar(i) {
  const b = el('div', 'bar');
  const lo = -i.maxShort, hi = i.maxLong, span = Math.max(hi - lo, 1);
  const x = (v) => Math.min(100, Math.max(0, ((v - lo) / span) * 100));
  const zero = el('div', 'zero'); zero.style.left = x(0) + '%'; b.appendChild(zero);
  if (i.estPosMin !== null && i.estPosMax !== null) {
    const worst = el('div', 'worst');
    const wlo = i.estPosMin - i.openSell, whi = i.estPosMax + i.openBuy;
    worst.style.left = x(wlo) + '%'; worst.style.width = Math.max(0, x(whi) - x(wlo)) + '%'; b.appendChild(worst);
    const est = el('div', 'est');
    est.style.left = x(i.estPosMin) + '%'; est.style.width = Math.max(0, x(i.estPosMax) - x(i.estPosMin)) + '%'; b.appendChild(est);
    if (whi > hi || wlo < lo) b.classList.add('over');
  }
  b.title = 'limits [' + lo + ', ' + hi + '], worst case with open orders [' + (i.estPosMin - i.openSell) + ', ' + (i.estPosMax + i.openBuy) + ']';
  return b;
}

function whyText(i) {
  const w = i.why, parts = [];
  if (w.globalKillMode !== 'resume') parts.push('global kill: ' + w.globalKillMode);
  if (w.killMode !== 'resume') parts.push('kill: ' + w.killMode);
  if (w.flipFlopHalted) parts.push('flip-flop halt');
  if (w.health) parts.push(w.health);
  if (w.lossLimit) parts.push(w.lossLimit);
  if (!i.feed.up) parts.push('feed down');
  return parts.join(', ');
}

function wallClock() {
  return clock && clock.kind === 'system' && typeof clock.epochMs === 'number' ? clock.epochMs : null;
}

function pad(n, w) { return String(n).padStart(w, '0'); }

/** Local wall-clock time (HH:MM:SS.mmm) of engine ms at, or null when the engine clock is not the wall clock. */
function wallTime(at) {
  const epoch = wallClock();
  if (epoch === null) return null;
  const d = new Date(epoch + at);
  return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2) + '.' + pad(d.getMilliseconds(), 3);
}

function renderState(s, latency) {
  lastState = s;
  const before = JSON.stringify(clock);
  clock = s.clock || null;
  if (JSON.stringify(clock) !== before) drawDecisions();
  const wall = wallTime(s.time);
  $('engine-time').textContent = wall === null ? 'engine time ' + s.time + ' ms' : wall + ' (engine ' + s.time + ' ms)';
  const g = $('global-kill');
  g.textContent = 'global: ' + s.globalKillMode;
  g.className = 'pill ' + (s.globalKillMode === 'halt' ? 'bad' : s.globalKillMode === 'reduce' ? 'warn' : 'ok');
  const body = $('instruments');
  body.replaceChildren();
  const sel = $('kill-symbol');
  const chosen = sel.value;
  sel.replaceChildren(el('option', '', 'every instrument'));
  sel.firstChild.value = '';
  for (const i of s.instruments) {
    const tr = el('tr');
    tr.dataset.symbol = i.symbol;
    tr.appendChild(el('td', '', i.symbol));
    const st = el('td'); st.appendChild(el('div', 'state ' + i.tradingState, i.tradingState)); st.appendChild(el('div', 'why', whyText(i))); tr.appendChild(st);
    tr.appendChild(el('td', 'num pos', positionText(i)));
    const bc = el('td'); bc.appendChild(bar(i)); tr.appendChild(bc);
    tr.appendChild(el('td', 'num', '-' + i.maxShort + ' / +' + i.maxLong));
    tr.appendChild(el('td', 'num open', '+' + i.openBuy + ' / -' + i.openSell));
    tr.appendChild(el('td', 'num unconfirmed', i.unconfirmedCount + ' fills / ' + i.unconfirmedQty + ' lots'));
    tr.appendChild(el('td', 'num', fmt(i.snapPos) + (i.snapSeq === null ? '' : ' @' + i.snapSeq)));
    tr.appendChild(el('td', i.feed.up ? 'approve' : 'deny', i.feed.up ? (i.feed.awaitingSnapshot ? 'up, awaiting snapshot' : 'up') : 'down'));
    body.appendChild(tr);
    const o = el('option', '', i.symbol); o.value = i.symbol; sel.appendChild(o);
  }
  sel.value = chosen;
  renderFirm(s.firm);
  renderAccounts(s.accounts);
  const reasons = $('reasons');
  reasons.replaceChildren();
  const rows = Object.entries(s.decisionsByReason).filter(([k, v]) => k !== 'APPROVED' && v > 0).sort((a, b) => b[1] - a[1]);
  const approved = el('tr'); approved.appendChild(el('td', 'approve', 'APPROVED')); approved.appendChild(el('td', 'num', fmt(s.decisionsByReason.APPROVED))); reasons.appendChild(approved);
  for (const [k, v] of rows) { const tr = el('tr'); tr.dataset.reason = k; tr.appendChild(el('td', 'deny', k)); tr.appendChild(el('td', 'num', String(v))); reasons.appendChild(tr); }
  if (rows.length === 0) { const tr = el('tr'); tr.appendChild(el('td', 'muted', 'no denials')); tr.appendChild(el('td')); reasons.appendChild(tr); }
  if (latency !== undefined) {
    $('lat-count').textContent = latency ? String(latency.count) : '0';
    $('lat-p50').textContent = us(latency && latency.p50Ns);
    $('lat-p99').textContent = us(latency && latency.p99Ns);
    $('lat-p999').textContent = us(latency && latency.p999Ns);
    $('lat-max').textContent = us(latency && latency.maxNs);
  }
}

function renderFirm(f) {
  const sec = $('firm');
  if (!f) { sec.hidden = true; return; }
  sec.hidden = false;
  const body = $('firm-instruments');
  body.replaceChildren();
  for (const i of f.instruments) {
    const tr = el('tr');
    tr.dataset.symbol = i.symbol;
    tr.dataset.account = i.account || '';
    tr.appendChild(el('td', 'account', i.account || ''));
    tr.appendChild(el('td', '', i.symbol));
    tr.appendChild(el('td', 'num pos', i.posMin === i.posMax ? String(i.posMin) : '[' + i.posMin + ', ' + i.posMax + ']'));
    const over = (i.firmLong !== null && i.worstLong > i.firmLong) || (i.firmShort !== null && i.worstShort > i.firmShort);
    tr.appendChild(el('td', 'num worst' + (over ? ' deny' : ''), '+' + i.worstLong + ' / -' + i.worstShort));
    tr.appendChild(el('td', 'num limit', i.firmLong === null ? '–' : '-' + i.firmShort + ' / +' + i.firmLong));
    tr.appendChild(el('td', 'num open', '+' + i.openBuy + ' / -' + i.openSell));
    tr.appendChild(el('td', 'num hosts', String(i.hosts)));
    body.appendChild(tr);
  }
  $('firm-hosts').textContent = f.hosts.map((h) => h.host + ' ' + h.ageMs + ' ms ago').join(', ');
}

function renderAccounts(list) {
  const sec = $('accounts');
  if (!list) { sec.hidden = true; return; }
  sec.hidden = false;
  const body = $('account-rows');
  body.replaceChildren();
  for (const a of list) {
    const tr = el('tr');
    tr.dataset.account = a.name;
    tr.appendChild(el('td', '', a.name));
    const over = (x, cap) => x === null || (cap !== null && x > cap);
    tr.appendChild(el('td', 'num gross' + (over(a.grossNotional, a.maxGrossNotional) ? ' deny' : ''), fmt(a.grossNotional) + ' / ' + fmt(a.maxGrossNotional)));
    tr.appendChild(el('td', 'num net' + (over(a.netNotional, a.maxNetNotional) ? ' deny' : ''), fmt(a.netNotional) + ' / ' + fmt(a.maxNetNotional)));
    tr.appendChild(el('td', 'num pnl', a.pnl.toFixed(2) + ' (drawdown ' + a.drawdown.toFixed(2) + ')'));
    tr.appendChild(el('td', a.breach ? 'deny' : 'approve', a.breach ? a.breach + (a.halts ? ' (halt)' : ' (reduce)') : 'within limits'));
    body.appendChild(tr);
  }
}

/** Merges decisions (from /decisions or the stream) into the shown ones by seq: no duplicates, oldest first. */
function renderDecisions(list, missed) {
  const bySeq = new Map(decisions.map((d) => [d.seq, d]));
  for (const d of list) bySeq.set(d.seq, d);
  decisions = [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-RECENT);
  if (missed > 0) missedNote = missed + ' decisions not shown (too many at once)';
  drawDecisions();
}

/** Where a decision came from: its strategy, else its lane, else unknown. */
function originCell(d) {
  if (d.strategy) return el('td', 'strategy', d.strategy);
  if (d.lane) { const td = el('td', 'strategy muted', d.lane); td.title = 'lane (no strategy name)'; return td; }
  return el('td', 'strategy muted', '–');
}

function drawDecisions() {
  $('decisions-time').textContent = wallClock() === null ? 'engine ms' : 'time';
  const body = $('decisions');
  body.replaceChildren();
  for (const d of decisions.slice().reverse()) {
    const tr = el('tr');
    tr.dataset.seq = String(d.seq);
    const wall = wallTime(d.at);
    const at = el('td', 'num at', wall === null ? String(d.at) : wall);
    at.title = wall === null ? 'engine ms' : new Date(wallClock() + d.at).toISOString() + ' (engine ' + d.at + ' ms)';
    tr.appendChild(at);
    tr.appendChild(originCell(d));
    const what = d.kind === 'order' ? d.side + ' ' + d.qty + ' ' + d.symbol + ' @ ' + d.price + ' (' + d.orderId + ')'
      : d.kind === 'cancel' ? 'cancel ' + d.orderId : 'kill ' + d.mode + ' ' + (d.symbol || 'all');
    tr.appendChild(el('td', '', what));
    tr.appendChild(el('td', d.decision, d.decision === 'approve' ? 'approve' : d.reason));
    body.appendChild(tr);
  }
  $('missed').textContent = missedNote;
}

/** The decisions from before the page (or its stream) joined. */
async function backfill() {
  try {
    const r = await fetch('/decisions?limit=' + RECENT, { cache: 'no-store' });
    if (r.ok) { const j = await r.json(); renderDecisions(j.decisions, 0); }
  } catch (e) { /* the stream brings what follows */ }
}

function setConn(text, cls) { const c = $('conn'); c.textContent = text; c.className = 'pill ' + cls; }

async function poll() {
  try {
    const r = await fetch('/state', { cache: 'no-store' });
    if (r.ok) { const s = await r.json(); renderState(s, s.latency); }
    await backfill();
  } catch (e) { setConn('server unreachable', 'bad'); }
}

function connect() {
  const proto = location.protocol === 'https:' ? 'wss://' : 'ws://';
  ws = new WebSocket(proto + location.host + '/stream?encoding=json');
  ws.onopen = () => { setConn('live', 'ok'); if (pollTimer) { clearInterval(pollTimer); pollTimer = null; } void backfill(); };
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (m.type === 'state') renderState(m.state, m.latency);
    else if (m.type === 'decisions') renderDecisions(m.decisions, m.missed);
  };
  ws.onclose = (ev) => {
    setConn(ev.code === 4008 ? 'dropped (too slow), reconnecting' : 'stream down, polling', 'warn');
    if (!pollTimer) pollTimer = setInterval(poll, 2000);
    setTimeout(connect, 2000);
  };
}

$('kill-button').addEventListener('click', () => {
  $('kill-result').textContent = '';
  $('kill-token').value = '';
  $('kill-dialog').showModal();
  $('kill-token').focus();
});
$('kill-cancel').addEventListener('click', () => $('kill-dialog').close());
$('kill-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const token = $('kill-token').value;
  const body = { mode: $('kill-mode').value };
  if ($('kill-symbol').value) body.symbol = $('kill-symbol').value;
  $('kill-token').value = '';
  $('kill-dialog').close();
  const out = $('kill-result');
  out.textContent = 'sending…';
  try {
    const r = await fetch('/kill', { method: 'POST', headers: { 'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const j = await r.json().catch(() => ({}));
    out.textContent = r.ok ? body.mode + ' ' + (body.symbol || 'all') + ': accepted' : 'refused: ' + ((j.error && j.error.code) || r.status);
    out.className = r.ok ? 'pill ok' : 'pill bad';
  } catch (e) { out.textContent = 'failed: ' + e.message; out.className = 'pill bad'; }
});

poll();
connect();
`;

const BODY = `
<header>
  <h1>riskgate</h1>
  <span id="conn" class="pill">connecting</span>
  <span id="global-kill" class="pill">global: –</span>
  <span id="engine-time" class="muted"></span>
  <span id="kill-result"></span>
  <button id="kill-button" type="button">KILL SWITCH</button>
</header>
<main>
  <section class="wide">
    <h2>Positions against limits</h2>
    <table>
      <thead><tr><th>instrument</th><th>trading state</th><th>position (estimate)</th><th>worst case vs limits</th><th>limits</th><th>open buy / sell</th><th>unconfirmed</th><th>snapshot</th><th>feed</th></tr></thead>
      <tbody id="instruments"></tbody>
    </table>
  </section>
  <section class="wide" id="firm" hidden>
    <h2>Firm exposure (every host, from the firm-wide exposure stream)</h2>
    <table>
      <thead><tr><th>account</th><th>instrument</th><th>firm position</th><th>worst long / short</th><th>firm limits</th><th>open buy / sell</th><th>hosts</th></tr></thead>
      <tbody id="firm-instruments"></tbody>
    </table>
    <div class="why">last reports: <span id="firm-hosts"></span></div>
  </section>
  <section class="wide" id="accounts" hidden>
    <h2>Accounts (notional at the mark, worst case; PnL gross of fees)</h2>
    <table>
      <thead><tr><th>account</th><th>gross / limit</th><th>net / limit</th><th>PnL</th><th>loss limits</th></tr></thead>
      <tbody id="account-rows"></tbody>
    </table>
  </section>
  <section>
    <h2>Recent decisions</h2>
    <div id="missed" class="muted"></div>
    <table><thead><tr><th id="decisions-time">engine ms</th><th>strategy</th><th>request</th><th>decision</th></tr></thead><tbody id="decisions"></tbody></table>
  </section>
  <section>
    <h2>Decisions by reason</h2>
    <table><tbody id="reasons"></tbody></table>
    <h2 class="spaced">Decision latency</h2>
    <table><tbody>
      <tr><td>count</td><td class="num" id="lat-count">–</td></tr>
      <tr><td>p50</td><td class="num" id="lat-p50">–</td></tr>
      <tr><td>p99</td><td class="num" id="lat-p99">–</td></tr>
      <tr><td>p99.9</td><td class="num" id="lat-p999">–</td></tr>
      <tr><td>max</td><td class="num" id="lat-max">–</td></tr>
    </tbody></table>
  </section>
</main>
<dialog id="kill-dialog">
  <form id="kill-form">
    <h2>Kill switch</h2>
    <label for="kill-mode">action</label>
    <select id="kill-mode"><option value="halt">halt: deny every new order, cancel all</option><option value="reduce">reduce: risk-reducing orders only</option><option value="resume">resume</option></select>
    <label for="kill-symbol">instrument</label>
    <select id="kill-symbol"><option value="">every instrument</option></select>
    <label for="kill-token">control token</label>
    <input id="kill-token" type="password" autocomplete="off" required>
    <div class="buttons"><button type="button" id="kill-cancel">cancel</button><button type="submit" id="kill-confirm" class="danger">send</button></div>
  </form>
</dialog>
`;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/** The page's Content-Security-Policy: its own script and style (by hash), same-origin fetch and WebSocket. */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src 'sha256-${sha256(SCRIPT)}'`,
  `style-src 'sha256-${sha256(STYLE)}'`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The dashboard HTML. */
export function dashboardHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>riskgate control</title>
<style>${STYLE}</style>
</head><body>${BODY}<script>${SCRIPT}</script></body></html>`;
}
