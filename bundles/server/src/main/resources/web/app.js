// The lab server's page: the login, the navigation between its views (#/models, #/segment, #/jobs, #/datasets) and
// the server's state in the header.
import { call, login, onSignOut, signIn, signOut } from './api.js';
import { datasetsView } from './datasets.js';
import { jobsView } from './jobs.js';
import { modelView, modelsView } from './models.js';
import { segmentView } from './segment.js';
import { clear, el, message } from './ui.js';

const main = document.getElementById('main');
const loginView = document.getElementById('login');
const appView = document.getElementById('app');
let leave = null;
let serverTimer = null;
/** How often the header's queue counts are asked for again. */
const SERVER_POLL_MS = 5000;

function route() {
  if (!login()) {
    return;
  }
  if (leave) {
    leave();
    leave = null;
  }
  const [path, query] = (location.hash.slice(1) || '/models').split('?');
  const params = new URLSearchParams(query || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const section = parts[0] || 'models';
  document.querySelectorAll('nav.tabs a').forEach(a => a.classList.toggle('active', a.dataset.view === section));
  window.scrollTo(0, 0);
  const views = {
    models: () => (parts[1] ? modelView(main, parts[1]) : modelsView(main)),
    segment: () => segmentView(main, params),
    jobs: () => jobsView(main),
    datasets: () => datasetsView(main),
  };
  const view = views[section];
  if (!view) {
    clear(main, message({ title: 'No such page', detail: `there is no page ${location.hash}` }));
    return;
  }
  Promise.resolve(view()).then(cleanup => {
    if (typeof cleanup === 'function') {
      leave = cleanup;
    }
  });
}

async function showServer() {
  if (!login()) {
    return;
  }
  try {
    const info = await call('info');
    const server = info.server || {};
    const queue = server.queue || {};
    document.getElementById('server-state').textContent = `v${server.version || '?'} · ${queue.running ?? 0} running,`
      + ` ${queue.queued ?? 0} queued`;
  } catch (e) {
    document.getElementById('server-state').textContent = e.title || '';
  }
}

function showApp() {
  const stored = login();
  loginView.hidden = true;
  appView.hidden = false;
  document.getElementById('user-name').textContent = stored.user;
  showServer();
  clearInterval(serverTimer);
  serverTimer = setInterval(showServer, SERVER_POLL_MS);
  route();
}

function showLogin(reason) {
  clearInterval(serverTimer);
  if (leave) {
    leave();
    leave = null;
  }
  clear(main);
  appView.hidden = true;
  loginView.hidden = false;
  const error = document.getElementById('login-error');
  clear(error, reason ? message({ title: reason }, 'info') : null);
  document.getElementById('login-password').value = '';
  document.getElementById('login-user').focus();
}

document.getElementById('login-form').addEventListener('submit', async e => {
  e.preventDefault();
  const button = document.getElementById('login-submit');
  const error = document.getElementById('login-error');
  button.disabled = true;
  clear(error);
  try {
    await signIn(document.getElementById('login-user').value.trim(), document.getElementById('login-password').value);
    showApp();
  } catch (failure) {
    clear(error, message(failure));
  } finally {
    button.disabled = false;
  }
});
document.getElementById('logout').addEventListener('click', () => signOut());
onSignOut(showLogin);
window.addEventListener('hashchange', route);

if (login()) {
  showApp();
} else {
  showLogin(null);
}
