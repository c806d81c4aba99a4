// The web app: one page per hash route, plain DOM, no framework. See gateway/README.md ("Web app").
import { t, lang, setLang, chosen, has } from './i18n.js';
import { api, cookie } from './api.js';

const $ = (selector, root = document) => root.querySelector(selector);
const main = $('#main');
const message = $('#message');
const dialog = $('#confirm');

/** h('button', {class: 'book', onclick: f, 'aria-label': '...'}, 'Book'): an element; false/null children are skipped. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  el.append(...children.flat().filter(c => c !== false && c != null));
  return el;
}

/** el.append without the false/null that conditional children leave. */
const put = (el, ...children) => el.append(...children.flat().filter(c => c !== false && c != null));

/** t() with nodes for some placeholders: tn('waitlisted', {v: 'Pfizer', n: h('span', ...)}). */
function tn(key, values) {
  const marked = {};
  for (const name of Object.keys(values)) marked[name] = `\u0000${name}\u0000`;
  return t(key, marked).split('\u0000').map((part, i) => (i % 2 ? values[part] : part));
}

let session = { authenticated: false, roles: [] };
let settings = null;
let cleanups = [];
const hasRole = role => session.roles?.includes(role);
const vaccineName = (vaccines, id) => vaccines.find(v => v.id === id)?.name ?? `#${id}`;
const idempotencyKey = () => crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
const dateTime = iso => (iso ? new Intl.DateTimeFormat(lang(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '');

// --- messages -------------------------------------------------------------------------------------------------------

function say(text) {
  message.className = '';
  delete message.dataset.problemType;
  message.textContent = text;
}

function showProblem(problem) {
  if (!problem?.kind) {
    console.error(problem);
    problem = { kind: 'internal-error' };
  }
  message.className = '';
  message.dataset.problemType = problem.kind;
  message.textContent = has(`p.${problem.kind}`) ? t(`p.${problem.kind}`) : t('p.unsupported', { s: problem.status || problem.kind });
  const violations = problem.body?.violations;
  if (violations?.length) message.append(h('ul', {}, violations.map(v => h('li', {}, `${v.field}: ${v.message}`))));
}

function onBusy(seconds, problem) {
  message.className = 'busy';
  message.dataset.problemType = problem.kind;
  message.textContent = t('busy', { s: seconds });
}

/** Runs an action of a button: disabled meanwhile, problems shown in #message. */
async function act(button, action) {
  if (button) button.disabled = true;
  try {
    await action();
    if (message.classList.contains('busy')) say(''); // a 503 retried and then answered
  } catch (problem) {
    showProblem(problem);
  } finally {
    if (button) button.disabled = false;
  }
}

// --- building blocks ------------------------------------------------------------------------------------------------

/** Repeats fn every ms while the page is shown and the tab visible. */
function every(ms, fn) {
  const timer = setInterval(() => document.hidden || fn().catch(() => {}), ms);
  cleanups.push(() => clearInterval(timer));
}

/**
 * Keyed rows: existing rows are kept (so focus and typed input survive a refresh), replaced only when their data
 * changed (or updated in place by update), new ones added, gone ones removed, all in the items' order.
 */
function sync(tbody, items, key, build, update) {
  const old = new Map([...tbody.rows].map(row => [row.dataset.key, row]));
  items.forEach((item, i) => {
    const id = String(key(item));
    const signature = JSON.stringify(item);
    let row = old.get(id);
    if (row && row.dataset.signature !== signature) {
      if (update) update(row, item);
      else { const fresh = build(item); row.replaceWith(fresh); row = fresh; }
    }
    if (!row) row = build(item);
    row.dataset.key = id;
    row.dataset.signature = signature;
    old.delete(id);
    if (tbody.rows[i] !== row) tbody.insertBefore(row, tbody.rows[i] ?? null);
  });
  old.forEach(row => row.remove());
  tbody.closest('section')?.querySelector(`[data-empty-for="${tbody.parentElement.id}"]`)?.toggleAttribute('hidden', items.length > 0);
}

function table(id, caption, headings) {
  return h('table', { id },
    h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headings.map(([text, cls]) => h('th', { scope: 'col', class: cls }, text)))),
    h('tbody'));
}

const empty = id => h('p', { class: 'muted', 'data-empty-for': id, hidden: true }, t('none'));

/** The confirmation dialog: resolves true for "yes"; Esc or "no" is false. Focus returns to the opener. */
function confirmDialog(title, text, opener) {
  $('#confirm-title').textContent = title;
  $('#confirm-text').textContent = text;
  $('#confirm-yes').textContent = t('confirm.yes');
  $('#confirm-no').textContent = t('confirm.no');
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise(resolve => dialog.addEventListener('close', () => {
    (opener?.isConnected ? opener : $('h1', main))?.focus();
    resolve(dialog.returnValue === 'yes');
  }, { once: true }));
}
$('#confirm-yes').addEventListener('click', () => dialog.close('yes'));
$('#confirm-no').addEventListener('click', () => dialog.close('no'));

/** A booking row, the same on My Page and at the booking desk. */
function bookingRow(booking, name, onCancel) {
  const id = booking.bookingId ?? booking.id;
  const waiting = booking.status === 'WAITING';
  const cancellable = waiting || booking.status === 'BOOKED';
  const row = h('tr', { 'data-booking-id': id, 'data-status': booking.status },
    h('td', { class: 'vaccine' }, name),
    h('td', { class: 'status' }, h('span', { class: 'badge' }, t(`status.${booking.status}`))),
    h('td', { class: 'num' }, waiting && booking.waitlistPosition != null
      ? h('span', { class: 'waitlist-position' }, String(booking.waitlistPosition)) : ''),
    h('td', {}, dateTime(booking.updatedAt)),
    h('td', {}, cancellable && h('button', {
      type: 'button', class: 'cancel', 'aria-label': t('cancelX', { v: name }),
      onclick: async event => {
        const button = event.currentTarget;
        if (await confirmDialog(t('confirm.title'), t('confirm.text', { v: name }), button)) {
          await act(button, async () => {
            await api('POST', `/bookings/${encodeURIComponent(id)}/cancel`, undefined, { onBusy });
            say(t('cancelled'));
            await onCancel();
          });
        }
      },
    }, t('cancel'))));
  return row;
}

const bookingHeadings = () => [[t('vaccine')], [t('status')], [t('placeInLine'), 'num'], [t('updated')], [t('action')]];

/** The outcome of a booking, in #booking-result: BOOKED, or WAITING with the place in line and how the line works. */
function showBooking(result, booking, name, forCustomer) {
  result.dataset.status = booking.status;
  const values = { v: name, c: forCustomer };
  if (booking.status === 'WAITING') {
    values.n = h('span', { class: 'waitlist-position' }, String(booking.waitlistPosition ?? '?'));
    result.replaceChildren(h('p', {}, tn(forCustomer ? 'waitlistedFor' : 'waitlisted', values)), h('p', {}, t('waitlistHow')));
  } else {
    result.replaceChildren(h('p', {}, t(forCustomer ? 'bookedFor' : 'booked', values)));
  }
  message.textContent = '';
  delete message.dataset.problemType;
}

// --- pages ----------------------------------------------------------------------------------------------------------

function vaccinesPage(view) {
  const customer = hasRole('customer');
  const vaccines = table('vaccines', t('vaccines.title'),
    [[t('name')], [t('available'), 'num'], customer && [t('action')]].filter(Boolean));
  const result = h('div', { id: 'booking-result', class: 'result', 'aria-live': 'polite' });
  put(view, h('h1', { tabindex: -1 }, t('vaccines.title')), h('p', {}, t('vaccines.intro')),
    !session.authenticated && h('p', { class: 'muted' }, t('vaccines.signinToBook')),
    result, vaccines, empty('vaccines'));
  const book = async (vaccine, button) => act(button, async () => {
    result.replaceChildren();
    delete result.dataset.status;
    const booking = await api('POST', '/bookings', { vaccineId: vaccine.id },
      { onBusy, headers: { 'Idempotency-Key': idempotencyKey() } });
    showBooking(result, booking, vaccine.name);
    await refresh();
  });
  const cells = (row, v) => {
    row.querySelector('.name').textContent = v.name;
    row.querySelector('.available').textContent = v.available;
  };
  const refresh = async () => sync(vaccines.tBodies[0], await api('GET', '/vaccines'), v => v.id, v => {
    const row = h('tr', { 'data-vaccine-id': v.id }, h('td', { class: 'name' }), h('td', { class: 'available num' }),
      customer && h('td', {}, h('button', {
        type: 'button', class: 'book', 'aria-label': t('bookX', { v: v.name }),
        onclick: event => book(v, event.currentTarget),
      }, t('book'))));
    cells(row, v);
    return row;
  }, cells);
  every(5000, refresh);
  return refresh();
}

function myPage(view) {
  const me = session.username;
  const live = h('p', { id: 'live', 'data-state': 'connecting' }, t('live.connecting'));
  const emails = h('input', { type: 'checkbox', id: 'emails', disabled: true });
  const bookings = table('bookings', t('mypage.bookings'), bookingHeadings());
  const notifications = h('ol', { id: 'notifications' });
  put(view, h('h1', { tabindex: -1 }, t('mypage.title')), live,
    h('h2', {}, t('mypage.bookings')), bookings, empty('bookings'),
    h('h2', {}, t('mypage.notifications')), notifications, empty('notifications'),
    h('p', {}, emails, ' ', h('label', { for: 'emails' }, t('emails'))));

  const page = `/mypages/${encodeURIComponent(me)}`;
  const render = data => {
    sync(bookings.tBodies[0], data.bookings ?? [], b => b.bookingId,
      b => bookingRow(b, b.vaccineName ?? `#${b.vaccineId}`, reload));
    const newestFirst = [...(data.notifications ?? [])].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    notifications.replaceChildren(...newestFirst.map(n => h('li', { 'data-kind': n.kind ?? '' },
      has(`kind.${n.kind}`) ? t(`kind.${n.kind}`, { v: n.vaccineName ?? t('aVaccine') }) : n.message,
      h('time', { datetime: n.at }, dateTime(n.at)))));
    view.querySelector('[data-empty-for="notifications"]').hidden = newestFirst.length > 0;
  };
  // A page read that the stream overtook is stale: drawing it would undo the newer page the stream brought.
  let pushed = 0;
  const reload = async () => {
    const before = pushed;
    const data = await api('GET', page);
    if (pushed === before) render(data);
  };

  // Live updates: the page arrives again whenever it may have changed. EventSource reconnects by itself after a
  // network error; after a refused connection (it then gives up) a new one is opened a little later.
  let source;
  let retry;
  const setLive = state => {
    live.dataset.state = state;
    live.textContent = t(`live.${state}`);
  };
  const connect = () => {
    source = new EventSource(`${page}/stream`);
    source.onopen = () => setLive('open');
    source.addEventListener('mypage', event => {
      setLive('open');
      pushed++;
      render(JSON.parse(event.data));
    });
    source.onerror = () => {
      setLive('closed');
      if (source.readyState === EventSource.CLOSED) retry = setTimeout(connect, 3000);
    };
  };
  connect();
  cleanups.push(() => {
    clearTimeout(retry);
    source.close();
  });

  emails.addEventListener('change', () => act(emails, async () => {
    settings = await api('PUT', `${page}/settings`, { emails: emails.checked, language: settings?.language ?? null }, { onBusy });
    emails.checked = settings.emails;
  }));
  loadSettings().then(s => {
    emails.checked = s.emails;
    emails.disabled = false;
  }).catch(showProblem);
  return reload();
}

async function saveLanguage(emails) {
  settings = await api('PUT', `/mypages/${encodeURIComponent(session.username)}/settings`,
    { emails, language: lang() }, { onBusy });
}

async function loadSettings() {
  settings ??= await api('GET', `/mypages/${encodeURIComponent(session.username)}/settings`);
  return settings;
}

let agentCustomer = '';

function agentPage(view) {
  const customer = h('input', { id: 'agent-customer', name: 'customer', autocomplete: 'off', value: agentCustomer });
  const select = h('select', { id: 'agent-vaccine', name: 'vaccine' });
  const result = h('div', { id: 'booking-result', class: 'result', 'aria-live': 'polite' });
  const heading = h('h2', {}, agentCustomer ? t('agent.bookings', { c: agentCustomer }) : t('mypage.bookings'));
  const bookings = table('agent-bookings', t('mypage.bookings'), bookingHeadings());
  let vaccines = [];
  const lookup = async () => {
    agentCustomer = customer.value.trim();
    if (!agentCustomer) throw { kind: 'customer-required' };
    heading.textContent = t('agent.bookings', { c: agentCustomer });
    const list = await api('GET', `/bookings?customerId=${encodeURIComponent(agentCustomer)}`);
    sync(bookings.tBodies[0], list, b => b.id, b => bookingRow(b, vaccineName(vaccines, b.vaccineId), lookup));
  };
  const lookupButton = h('button', { id: 'agent-lookup', type: 'submit' }, t('lookup'));
  const bookButton = h('button', { id: 'agent-book', type: 'submit' }, t('book'));
  put(view, h('h1', { tabindex: -1 }, t('agent.title')), h('p', {}, t('agent.intro')),
    h('form', { class: 'row', novalidate: true, onsubmit: e => { e.preventDefault(); act(lookupButton, lookup); } },
      h('label', { for: 'agent-customer' }, t('agent.customer'), customer), lookupButton),
    h('form', { class: 'row', novalidate: true, onsubmit: e => {
      e.preventDefault();
      act(bookButton, async () => {
        result.replaceChildren();
        delete result.dataset.status;
        const id = Number(select.value);
        if (!customer.value.trim()) throw { kind: 'customer-required' };
        const booking = await api('POST', '/bookings', { customerId: customer.value.trim(), vaccineId: id },
          { onBusy, headers: { 'Idempotency-Key': idempotencyKey() } });
        showBooking(result, booking, vaccineName(vaccines, id), booking.customerId);
        await lookup();
      });
    } }, h('label', { for: 'agent-vaccine' }, t('agent.vaccine'), select), bookButton),
    result, heading, bookings, empty('agent-bookings'));
  return (async () => {
    vaccines = await api('GET', '/vaccines');
    select.replaceChildren(...vaccines.map(v => h('option', { value: v.id }, `${v.name} (${t('available')}: ${v.available})`)));
    if (agentCustomer) await lookup();
  })();
}

function adminPage(view) {
  const name = h('input', { id: 'new-vaccine-name', name: 'name', maxlength: 100, autocomplete: 'off' });
  const stockInput = h('input', { id: 'new-vaccine-stock', name: 'stock', type: 'number', min: 0, max: 1000000, value: '0' });
  const registerButton = h('button', { id: 'register-vaccine', type: 'submit' }, t('register'));
  const stock = table('stock', t('admin.table'), [[t('name')], [t('stock'), 'num'], [t('reserved'), 'num'],
    [t('available'), 'num'], [t('waiting'), 'num'], [t('addStock')]]);
  const file = h('input', { id: 'shipment-file', type: 'file', accept: '.csv,text/csv' });
  const uploadButton = h('button', { id: 'upload-shipment', type: 'submit' }, t('upload'));
  const report = h('div', { id: 'import-report', class: 'result', 'aria-live': 'polite' });

  const refresh = async () => {
    const [vaccines, waitlists] = await Promise.all([api('GET', '/vaccines'),
      api('GET', '/bookings/waitlists').catch(() => null)]);
    const waiting = id => (waitlists ? waitlists.find(w => w.vaccineId === id)?.waiting ?? 0 : '–');
    const cells = (row, v) => {
      for (const field of ['name', 'stock', 'reserved', 'available']) row.querySelector(`.${field}`).textContent = v[field];
      row.querySelector('.waiting').textContent = v.waiting;
    };
    sync(stock.tBodies[0], vaccines.map(v => ({ ...v, waiting: waiting(v.id) })), v => v.id, v => {
      const qty = h('input', { class: 'add-stock-qty', type: 'number', min: 1, max: 1000000, value: '1', 'aria-label': t('qtyFor', { v: v.name }) });
      const add = h('button', { type: 'button', class: 'add-stock', 'aria-label': `${t('addStock')}: ${v.name}`,
        onclick: () => act(add, async () => {
          const updated = await api('POST', `/vaccines/${v.id}/stock`, { quantity: qty.value === '' ? null : Number(qty.value) }, { onBusy });
          say(t('stockAdded', { q: qty.value, v: updated.name }));
          await refresh();
        }) }, t('addStock'));
      const row = h('tr', { 'data-vaccine-id': v.id }, h('td', { class: 'name' }), h('td', { class: 'stock num' }),
        h('td', { class: 'reserved num' }), h('td', { class: 'available num' }), h('td', { class: 'waiting num' }),
        h('td', {}, h('span', { class: 'row' }, qty, add)));
      cells(row, v);
      return row;
    }, (row, v) => cells(row, v));
  };

  put(view, h('h1', { tabindex: -1 }, t('admin.title')),
    h('h2', {}, t('admin.register')),
    h('form', { class: 'row', novalidate: true, onsubmit: e => {
      e.preventDefault();
      act(registerButton, async () => {
        const created = await api('POST', '/vaccines',
          { name: name.value.trim(), stock: stockInput.value === '' ? null : Number(stockInput.value) }, { onBusy });
        say(t('registered', { v: created.name }));
        name.value = '';
        await refresh();
      });
    } }, h('label', { for: 'new-vaccine-name' }, t('admin.name'), name),
      h('label', { for: 'new-vaccine-stock' }, t('admin.initialStock'), stockInput), registerButton),
    h('h2', {}, t('admin.table')), stock, empty('stock'),
    h('h2', {}, t('admin.import')),
    h('form', { class: 'row', novalidate: true, onsubmit: e => {
      e.preventDefault();
      act(uploadButton, async () => {
        if (!file.files.length) {
          say(t('admin.chooseFile'));
          return;
        }
        const answer = await api('POST', '/vaccines/imports', file.files[0], { onBusy });
        report.replaceChildren(
          h('p', {}, `${t('applied')}: `, h('span', { class: 'applied' }, String(answer.applied)),
            ` · ${t('duplicates')}: `, h('span', { class: 'duplicates' }, String(answer.duplicates))),
          answer.rejected.length > 0 && h('p', {}, t('rejected')),
          h('ol', { id: 'import-rejected' }, answer.rejected.map(r =>
            h('li', { 'data-line': r.line }, t('lineReason', { l: r.line, r: r.reason })))));
        await refresh();
      });
    } }, h('label', { for: 'shipment-file' }, t('admin.file'), file), uploadButton),
    report);
  every(5000, refresh);
  return refresh();
}

function worklistPage(view) {
  const worklist = table('worklist', t('worklist.title'), [[t('customer')], [t('vaccine')], [t('action')]]);
  put(view, h('h1', { tabindex: -1 }, t('worklist.title')), h('p', {}, t('worklist.intro')), worklist, empty('worklist'));
  const refresh = async () => {
    const [entries, vaccines] = await Promise.all([api('GET', '/injections?status=READY'), api('GET', '/vaccines')]);
    sync(worklist.tBodies[0], entries, e => e.bookingId, e => {
      const button = h('button', { type: 'button', class: 'complete', 'aria-label': t('completeX', { c: e.customerId }),
        onclick: () => act(button, async () => {
          await api('POST', `/injections/${encodeURIComponent(e.bookingId)}/complete`, undefined, { onBusy });
          say(t('completed', { c: e.customerId }));
          await refresh();
        }) }, t('complete'));
      return h('tr', { 'data-booking-id': e.bookingId }, h('td', { class: 'customer' }, e.customerId),
        h('td', { class: 'vaccine' }, vaccineName(vaccines, e.vaccineId)), h('td', {}, button));
    });
  };
  every(5000, refresh);
  return refresh();
}

// --- routing, session, language -------------------------------------------------------------------------------------

const routes = {
  '/vaccines': [vaccinesPage, null, 'vaccines.title'],
  '/mypage': [myPage, 'customer', 'mypage.title'],
  '/agent': [agentPage, 'booking-agent', 'agent.title'],
  '/admin': [adminPage, 'vaccine-admin', 'admin.title'],
  '/worklist': [worklistPage, 'injection-admin', 'worklist.title'],
};
const home = () => (hasRole('customer') ? '/mypage' : hasRole('booking-agent') ? '/agent'
  : hasRole('vaccine-admin') ? '/admin' : hasRole('injection-admin') ? '/worklist' : '/vaccines');

async function render(focus) {
  cleanups.forEach(cleanup => cleanup());
  cleanups = [];
  const path = location.hash.slice(1);
  if (!routes[path]) {
    location.replace(`#${home()}`);
    return;
  }
  const [page, role, title] = routes[path];
  document.title = `${t(title)} · ${t('brand')}`;
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#${path}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  $('#signin').href = `/login?next=${encodeURIComponent(`/#${path}`)}`;
  const view = h('section');
  main.replaceChildren(view);
  if (role && !hasRole(role)) {
    put(view, h('h1', { tabindex: -1 }, t(title)),
      h('p', {}, t(session.authenticated ? 'guard.role' : 'guard.signin')),
      !session.authenticated && h('a', { class: 'button', href: $('#signin').href }, t('signin')));
  } else {
    try {
      await page(view);
    } catch (problem) {
      if (view.isConnected) showProblem(problem);
    }
  }
  if (focus) $('h1', view)?.focus();
}

function applyLanguage() {
  document.documentElement.lang = lang();
  $('#lang').value = lang();
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
}

$('#lang').addEventListener('change', async event => {
  setLang(event.target.value);
  applyLanguage();
  say('');
  render(false);
  if (hasRole('customer')) {
    await act(null, async () => {
      await saveLanguage((await loadSettings()).emails);
    });
  }
});

$('#signout-form').addEventListener('submit', event => {
  event.target.elements['X-XSRF-TOKEN'].value = decodeURIComponent(cookie('XSRF-TOKEN'));
});

// Focus goes to the new page's heading when the reader navigates, not on the first load.
let started = false;
window.addEventListener('hashchange', () => {
  say('');
  render(started);
});

async function start() {
  // Back from Keycloak's sign-out, quarkus-oidc's ?state=... has done its work: keep the address clean.
  if (location.search) history.replaceState(null, '', location.pathname + location.hash);
  try {
    const answer = await fetch('/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (answer.ok) session = await answer.json();
  } catch { /* the gateway is unreachable: anonymous */ }
  if (session.authenticated) {
    $('#whoami').textContent = session.username;
    $('#whoami-wrap').hidden = false;
    $('#signin').hidden = true;
    $('#signout-form').hidden = false;
    for (const item of document.querySelectorAll('#nav [data-role]')) item.hidden = !hasRole(item.dataset.role);
    if (hasRole('customer') && !chosen()) {
      const language = (await loadSettings().catch(() => ({}))).language;
      if (language) setLang(language, false);
    }
  }
  applyLanguage();
  await render(false);
  started = true;
}

applyLanguage();
start();
