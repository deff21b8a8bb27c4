// The models: the list with their validation scores, and a model's page with its plan, training curve and
// instance recipe.
import { call } from './api.js';
import { LEGEND, drawCurve } from './chart.js';
import { bytes, card, clear, el, message, notice, number } from './ui.js';

function diceCell(dice) {
  if (dice === null || dice === undefined) {
    return el('td', { className: 'num muted', text: 'not validated' });
  }
  const bar = el('span', { className: 'score-bar' }, el('span', { className: 'score-fill' }));
  bar.firstChild.style.width = `${Math.max(0, Math.min(1, dice)) * 100}%`;
  return el('td', { className: 'num' }, el('span', { className: 'score' }, number(dice), bar));
}

export async function modelsView(main) {
  const body = el('div', {}, el('div', { className: 'loading', text: 'Loading the models…' }));
  clear(main, el('header', { className: 'view-head' }, el('h1', { text: 'Models' }),
    el('p', { className: 'lead', text: 'The models trained on this server, with the Dice of their validation.' })),
  card(null, body));
  let models;
  try {
    models = await call('models');
  } catch (e) {
    clear(body, message(e));
    return;
  }
  if (!models.length) {
    clear(body, notice('No trained model yet. Start a training on the Jobs page.'));
    return;
  }
  const rows = models.map(m => el('tr', { className: 'link-row', dataset: { model: m.id },
    onclick: () => { location.hash = `#/models/${encodeURIComponent(m.id)}`; } },
  el('td', {}, el('a', { href: `#/models/${encodeURIComponent(m.id)}`, className: 'model-name', text: m.dataset }),
    el('div', { className: 'muted small', text: `${m.trainer} · ${m.plans}` })),
  el('td', { text: m.configuration }),
  el('td', {}, ...m.folds.map(f => el('span', { className: 'badge', text: `fold ${f.fold}` }))),
  diceCell(m.validation_dice),
  el('td', { text: m.instances ? m.instances.recipe : '–' }),
  el('td', { className: 'num', text: m.instances && m.instances.validation_ap50 !== undefined
    ? number(m.instances.validation_ap50) : '–' }),
  el('td', { className: 'num', text: bytes(m.size_bytes) })));
  clear(body, el('table', { className: 'table', id: 'models-table' },
    el('thead', {}, el('tr', {}, ...['Model', 'Configuration', 'Folds', 'Validation Dice', 'Instance recipe',
      'AP@0.5', 'Size'].map(h => el('th', { text: h })))),
    el('tbody', {}, rows)));
}

function facts(pairs, id = null) {
  return el('dl', { className: 'facts', id }, ...pairs.filter(([, v]) => v !== null && v !== undefined && v !== '')
    .flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

const times = values => (values || []).join(' × ');

function plansCard(plans, progress) {
  const network = plans.network || {};
  const epochs = plans.num_epochs !== undefined
    ? `${plans.num_epochs} × ${plans.num_iterations_per_epoch ?? 250} iterations`
    : 'nnU-Net\'s default, 1000 × 250 iterations';
  return card('Plan', facts([
    ['Plans', plans.plans_name],
    ['Configuration', plans.configuration],
    ['Planner', plans.experiment_planner],
    ['Patch size', times(plans.patch_size)],
    ['Batch size', plans.batch_size],
    ['Spacing', times(plans.spacing && plans.spacing.map(s => Number(s.toFixed(3))))],
    ['Median image', times(plans.median_image_size && plans.median_image_size.map(Math.round))],
    ['Network', network.class ? network.class.split('.').pop() : null],
    ['Stages', network.n_stages],
    ['Features per stage', network.features_per_stage && network.features_per_stage.join(' · ')],
    ['Normalisation', plans.normalization_schemes && plans.normalization_schemes.join(', ')],
    ['Epochs in the plan', epochs],
    ['Trained', progress ? `${progress.epochs_done} of ${progress.num_epochs} epochs (fold ${progress.fold})` : null],
  ], 'plan-facts'));
}

function recipeCard(model) {
  const instances = model.instances;
  if (!instances) {
    return card('Instance recipe', notice('This model has no instance recipe: it gives semantic masks only.'));
  }
  const parameters = instances.parameters ? Object.entries(instances.parameters) : [];
  return card('Instance recipe', facts([
    ['Recipe', instances.recipe],
    ['Validation AP@0.5', instances.validation_ap50 !== undefined ? number(instances.validation_ap50) : 'not tuned'],
    ...parameters.map(([k, v]) => [k, typeof v === 'number' ? String(Number(v.toFixed(4))) : JSON.stringify(v)]),
  ]));
}

function foldsCard(model) {
  return card('Folds', el('table', { className: 'table' },
    el('thead', {}, el('tr', {}, el('th', { text: 'Fold' }), el('th', { text: 'Checkpoints' }),
      el('th', { text: 'Validation Dice' }))),
    el('tbody', {}, model.folds.map(f => el('tr', {}, el('td', { text: f.fold }),
      el('td', { className: 'small', text: f.checkpoints.join(', ') }), diceCell(f.validation_dice))))));
}

async function curve(model, fold, holder) {
  clear(holder, el('div', { className: 'loading', text: 'Loading the training curve…' }));
  let progress;
  try {
    progress = await call(`models/${encodeURIComponent(model.id)}/folds/${fold}/progress`);
  } catch (e) {
    clear(holder, message(e));
    return null;
  }
  const canvas = el('canvas', { id: 'curve', className: 'curve', role: 'img',
    'aria-label': `Training curve of fold ${fold}: losses and pseudo Dice per epoch` });
  const legend = el('ul', { className: 'legend' }, LEGEND.map(([name, colour, dashed]) => {
    const swatch = el('span', { className: dashed ? 'swatch dashed' : 'swatch' });
    swatch.style.borderColor = colour;
    return el('li', {}, swatch, name);
  }));
  const last = progress.epochs[progress.epochs.length - 1];
  const seconds = progress.epochs.map(e => e.seconds).filter(s => s !== null);
  const summary = el('p', { className: 'muted small' },
    `${progress.epochs_done} of ${progress.num_epochs} epochs (${progress.checkpoint})`,
    last ? ` · last train loss ${number(last.train_loss)} · validation loss ${number(last.val_loss)}` : '',
    progress.best_ema_pseudo_dice !== undefined ? ` · best EMA pseudo Dice ${number(progress.best_ema_pseudo_dice)}`
      : '',
    seconds.length ? ` · ${number(seconds.reduce((a, b) => a + b, 0) / seconds.length, 1)} s per epoch` : '');
  clear(holder, canvas, legend, summary);
  drawCurve(canvas, progress.epochs);
  return progress;
}

export async function modelView(main, id) {
  clear(main, el('div', { className: 'loading', text: 'Loading the model…' }));
  let model;
  try {
    model = await call(`models/${encodeURIComponent(id)}`);
  } catch (e) {
    clear(main, el('p', {}, el('a', { href: '#/models', text: '← Models' })), message(e));
    return;
  }
  const folds = model.folds.map(f => f.fold);
  const holder = el('div', { className: 'curve-holder' });
  const select = el('select', { id: 'curve-fold', 'aria-label': 'Fold',
    onchange: () => curve(model, select.value, holder) },
  folds.map(f => el('option', { value: f, text: `fold ${f}` })));
  const plansHolder = el('div', {}, card('Plan', el('div', { className: 'loading', text: 'Loading the plan…' })));
  clear(main,
    el('p', { className: 'crumbs' }, el('a', { href: '#/models', text: '← Models' })),
    el('header', { className: 'view-head' },
      el('h1', { id: 'model-title', text: model.dataset }),
      el('p', { className: 'lead', text: `${model.trainer} · ${model.plans} · ${model.configuration}` }),
      el('div', { className: 'head-actions' },
        el('span', { className: 'big-score' }, 'Validation Dice ', el('strong', { text: number(model.validation_dice) })),
        el('a', { className: 'button', href: `#/segment?model=${encodeURIComponent(model.id)}`,
          text: 'Segment images with this model' }))),
    el('div', { className: 'grid two' },
      el('div', {}, card('Training curve', el('div', { className: 'card-tools' }, select), holder), foldsCard(model)),
      el('div', {}, plansHolder, recipeCard(model))));
  const progress = await curve(model, folds[0], holder);
  try {
    clear(plansHolder, plansCard(await call(`models/${encodeURIComponent(model.id)}/plans`), progress));
  } catch (e) {
    clear(plansHolder, card('Plan', message(e)));
  }
}
