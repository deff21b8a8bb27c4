// Jobs: the queue with live progress (the running jobs' Server-Sent Events), cancel, the log; and a training of a
// dataset started with a time budget (nnunet:auto: the budget planner, training, instance tuning) or with a plan.
import { call, follow } from './api.js';
import { card, clear, dateTime, duration, el, message, notice, number } from './ui.js';

const ENDED = ['FINISHED', 'FAILED', 'CANCELLED'];
/** Streams followed at once: a browser opens only six connections to a server, and the page needs some. */
const MAX_STREAMS = 3;
const POLL_MS = 3000;

let jobs = new Map();
let list = null;
let streams = new Map();
let timer = null;

function stateLabel(state) {
  return { QUEUED: 'queued', RUNNING: 'running', FINISHED: 'done', FAILED: 'failed', CANCELLED: 'cancelled' }[state]
    || state.toLowerCase();
}

/** Seconds left: from the epochs' pace while a training runs, else from the pace of the progress so far. */
function timeLeft(job) {
  const epoch = job.epoch;
  if (epoch && epoch.epochs > 0 && job.epochSeconds.length) {
    const mean = job.epochSeconds.reduce((a, b) => a + b, 0) / job.epochSeconds.length;
    return mean * Math.max(0, epoch.epochs - epoch.epoch - 1);
  }
  const started = job.info.started && Date.parse(job.info.started);
  const p = job.info.progress;
  return started && p > 0 && p < 1 ? ((Date.now() - started) / 1000) * (1 - p) / p : NaN;
}

function numbers(job) {
  const info = job.info;
  if (ENDED.includes(info.state)) {
    if (info.state === 'FAILED') {
      return info.error || info.message || 'failed';
    }
    const took = info.started && info.finished ? ` in ${duration((Date.parse(info.finished)
      - Date.parse(info.started)) / 1000)}` : '';
    return info.state === 'FINISHED' ? `done${took}` : `cancelled${took}`;
  }
  if (info.state === 'QUEUED') {
    return 'waiting for its turn';
  }
  const parts = [];
  const epoch = job.epoch;
  if (epoch) {
    parts.push(`epoch ${epoch.epoch + 1} of ${epoch.epochs}`, `train loss ${number(epoch.train_loss)}`,
      `val loss ${number(epoch.val_loss)}`);
    const dice = (epoch.pseudo_dice || []).filter(d => d !== null);
    if (dice.length) {
      parts.push(`pseudo Dice ${dice.map(d => number(d)).join(' / ')}`);
    }
    if (epoch.ema_pseudo_dice !== null && epoch.ema_pseudo_dice !== undefined) {
      parts.push(`EMA ${number(epoch.ema_pseudo_dice)}`);
    }
  } else if (info.message) {
    parts.push(info.message);
  }
  const left = timeLeft(job);
  if (Number.isFinite(left)) {
    parts.push(`${duration(left)} left`);
  }
  return parts.join(' · ');
}

function update(job) {
  const info = job.info;
  const node = job.node;
  node.dataset.state = info.state;
  const ended = ENDED.includes(info.state);
  const percent = info.state === 'FINISHED' ? 100 : Math.round(Math.max(0, Math.min(1, info.progress || 0)) * 100);
  const bar = node.querySelector('.progress');
  bar.setAttribute('aria-valuenow', String(percent));
  bar.dataset.state = info.state;
  bar.querySelector('.fill').style.width = `${percent}%`;
  bar.querySelector('.percent').textContent = info.state === 'FINISHED' ? 'done' : `${percent} %`;
  const pill = node.querySelector('.pill');
  pill.textContent = stateLabel(info.state);
  pill.className = `pill ${info.state.toLowerCase()}`;
  node.querySelector('.job-numbers').textContent = numbers(job);
  node.querySelector('.cancel').hidden = ended;
}

async function showLog(job, force = false) {
  const pre = job.node.querySelector('.log');
  if (pre.hidden && !force) {
    return;
  }
  try {
    const text = await call(`jobs/${job.info.id}/log`, { accept: 'text/plain', as: 'text' });
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.textContent = text || '(no lines yet)';
    if (atEnd) {
      pre.scrollTop = pre.scrollHeight;
    }
  } catch (e) {
    pre.textContent = e.message;
  }
}

function jobNode(job) {
  const info = job.info;
  const spec = info.spec || {};
  const request = spec.request || {};
  const what = request.dataset || (request.datasets || []).join(', ') || request.input || '';
  const logButton = el('button', { type: 'button', className: 'button secondary small', text: 'Log',
    onclick: () => {
      const pre = job.node.querySelector('.log');
      pre.hidden = !pre.hidden;
      logButton.setAttribute('aria-expanded', String(!pre.hidden));
      showLog(job);
    } });
  const cancel = el('button', { type: 'button', className: 'button danger small cancel', text: 'Cancel',
    onclick: async () => {
      cancel.disabled = true;
      try {
        job.info = await call(`jobs/${info.id}`, { method: 'DELETE' });
        update(job);
      } catch (e) {
        job.node.querySelector('.job-error').replaceChildren(message(e));
      } finally {
        cancel.disabled = false;
      }
    } });
  return el('li', { className: 'job', dataset: { job: info.id } },
    el('div', { className: 'job-head' },
      el('span', { className: 'pill' }),
      el('strong', { className: 'job-what', text: info.description || `${spec.type} ${what}` }),
      el('span', { className: 'muted small', text: `${info.owner || 'system'} · ${dateTime(info.submitted)}` }),
      el('span', { className: 'job-actions' }, logButton, cancel)),
    el('div', { className: 'progress', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
      'aria-label': `progress of job ${info.id}` },
    el('div', { className: 'fill' }), el('span', { className: 'percent' })),
    el('div', { className: 'job-numbers small' }),
    el('div', { className: 'job-error' }),
    el('pre', { className: 'log', hidden: true }));
}

function onEvent(job, name, data) {
  if (name === 'state' || ENDED.includes(name)) {
    job.info = data;
  } else {
    job.info = { ...job.info, state: data.state || job.info.state,
      progress: data.progress ?? job.info.progress, message: data.message ?? job.info.message };
    if (name === 'EPOCH') {
      job.epoch = data;
      if (Number.isFinite(data.epoch_seconds)) {
        job.epochSeconds.push(data.epoch_seconds);
      }
    }
    if (name === 'MESSAGE' || name === 'EPOCH') {
      throttledLog(job);
    }
  }
  update(job);
}

function throttledLog(job) {
  if (!job.logPending) {
    job.logPending = setTimeout(() => {
      job.logPending = null;
      showLog(job);
    }, 1000);
  }
}

function followJob(job) {
  if (streams.has(job.info.id) || streams.size >= MAX_STREAMS) {
    return;
  }
  const controller = new AbortController();
  streams.set(job.info.id, controller);
  follow(`jobs/${job.info.id}/events`, (name, data) => onEvent(job, name, data), controller.signal)
    .catch(() => {})
    .finally(() => {
      streams.delete(job.info.id);
      showLog(job);
    });
}

async function refresh() {
  if (!list) {
    return;
  }
  let infos;
  try {
    infos = await call('jobs');
  } catch (e) {
    clear(list, message(e));
    jobs = new Map();
    return;
  }
  if (!infos.length) {
    clear(list, notice('No job yet.'));
    jobs = new Map();
    return;
  }
  if (!list.querySelector('li.job')) {
    clear(list);
  }
  for (const info of infos) {
    let job = jobs.get(info.id);
    if (!job) {
      job = { info, epoch: null, epochSeconds: [] };
      job.node = jobNode(job);
      jobs.set(info.id, job);
      list.prepend(job.node);
    } else if (!streams.has(info.id)) {
      job.info = info;
    }
    update(job);
    if (info.state === 'RUNNING') {
      followJob(job);
    }
  }
}

function field(label, control, hint) {
  return el('label', { className: 'field' }, el('span', { text: label }), control,
    hint ? el('small', { className: 'muted', text: hint }) : null);
}

function startCard() {
  const datasetSelect = el('select', { id: 'train-dataset' });
  const budget = el('input', { type: 'radio', name: 'train-mode', id: 'train-mode-budget', value: 'budget',
    checked: true });
  const plan = el('input', { type: 'radio', name: 'train-mode', id: 'train-mode-plan', value: 'plan' });
  const minutes = el('input', { type: 'number', id: 'train-minutes', min: '1', step: '1', value: '60' });
  const plansName = el('input', { type: 'text', id: 'train-plans', value: 'nnUNetPlans', spellcheck: 'false' });
  const configuration = el('select', { id: 'train-configuration' },
    ['2d', '3d_fullres', '3d_lowres', '3d_cascade_fullres'].map(c => el('option', { value: c, text: c })));
  const fold = el('select', { id: 'train-fold' }, ['0', '1', '2', '3', '4', 'all'].map(f => el('option', { value: f,
    text: f === 'all' ? 'all (no validation)' : `fold ${f}` })));
  const epochs = el('input', { type: 'number', id: 'train-epochs', min: '1', step: '1', placeholder: 'the plan\'s' });
  const result = el('div', { id: 'train-result', 'aria-live': 'polite' });
  let datasets = [];

  const prepare = el('button', { type: 'button', className: 'button secondary', id: 'train-preprocess',
    text: 'Plan and preprocess', hidden: true,
    onclick: () => submit('plan-and-preprocess', { datasets: [datasetSelect.value],
      configurations: [configuration.value] }, `Planning of ${datasetSelect.value}`) });
  const budgetFields = el('div', { className: 'mode-fields', id: 'budget-fields' },
    field('Budget (minutes)', minutes, 'planning, preprocessing, training and instance tuning together'));
  const planFields = el('div', { className: 'mode-fields', id: 'plan-fields', hidden: true },
    el('div', { className: 'row' }, field('Plans', plansName), field('Configuration', configuration),
      field('Epochs', epochs)),
    el('p', { className: 'muted small', id: 'plan-note' }));
  const showMode = () => {
    budgetFields.hidden = !budget.checked;
    planFields.hidden = !plan.checked;
    prepare.hidden = !plan.checked;
    const chosen = datasets.find(d => d.name === datasetSelect.value);
    planFields.querySelector('#plan-note').textContent = chosen && !chosen.preprocessed
      ? `${chosen.name} is not planned and preprocessed yet: plan and preprocess it first.` : '';
  };
  budget.addEventListener('change', showMode);
  plan.addEventListener('change', showMode);
  datasetSelect.addEventListener('change', showMode);

  const submit = async (type, request, what) => {
    clear(result, el('div', { className: 'loading', text: 'Submitting…' }));
    try {
      const job = await call('jobs', { body: JSON.stringify({ type, version: 1, request }),
        type: 'application/json' });
      result.dataset.job = job.id;
      clear(result, el('div', { className: 'message ok', role: 'status' },
        el('strong', { text: `${what} queued` }), el('span', { className: 'detail', text: `job ${job.id}` })));
      refresh();
    } catch (e) {
      clear(result, message(e));
    }
  };
  const start = el('button', { type: 'submit', className: 'button', id: 'train-start', text: 'Start training' });
  const form = el('form', { className: 'form', id: 'train-form',
    onsubmit: e => {
      e.preventDefault();
      if (!datasetSelect.value) {
        clear(result, message({ title: 'No dataset', detail: 'upload one on the Datasets page first' }));
        return;
      }
      if (budget.checked) {
        const value = Number(minutes.value);
        if (!(value > 0)) {
          clear(result, message({ title: 'Budget missing', detail: 'give the minutes the training may take' }));
          return;
        }
        submit('auto', { dataset: datasetSelect.value, budget_minutes: value, fold: fold.value === 'all' ? '0'
          : fold.value }, `Training of ${datasetSelect.value} within ${value} min`);
      } else {
        const request = { dataset: datasetSelect.value, configuration: configuration.value, fold: fold.value,
          plans: plansName.value.trim() || 'nnUNetPlans' };
        if (epochs.value) {
          request.epochs = Number(epochs.value);
        }
        submit('train', request, `Training of ${datasetSelect.value}`);
      }
    } },
  el('div', { className: 'row' }, field('Dataset', datasetSelect), field('Fold', fold)),
  el('fieldset', { className: 'modes' }, el('legend', { text: 'How long' }),
    el('label', { className: 'check' }, budget, 'With a time budget: the budget planner plans for it'),
    el('label', { className: 'check' }, plan, 'With nnU-Net\'s plan (or another plans file)')),
  budgetFields, planFields,
  el('div', { className: 'actions' }, start, prepare), result);

  call('datasets').then(found => {
    datasets = found;
    clear(datasetSelect, found.map(d => el('option', { value: d.name,
      text: `${d.name}${d.preprocessed ? '' : ' (not preprocessed)'}` })));
    showMode();
  }).catch(e => clear(result, message(e)));
  return card('Start a training', form);
}

export function jobsView(main) {
  list = el('ul', { className: 'jobs', id: 'jobs-list' }, el('li', { className: 'loading', text: 'Loading…' }));
  jobs = new Map();
  clear(main, el('header', { className: 'view-head' }, el('h1', { text: 'Jobs' }),
    el('p', { className: 'lead', text: 'Trainings, plannings and predictions, one after the other in the queue.' })),
  el('div', { className: 'grid jobs-grid' }, startCard(), card('Queue', list)));
  refresh();
  timer = setInterval(refresh, POLL_MS);
  return () => {
    clearInterval(timer);
    streams.forEach(controller => controller.abort());
    streams = new Map();
    list = null;
  };
}
