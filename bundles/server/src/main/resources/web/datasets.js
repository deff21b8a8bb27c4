// Datasets: the raw datasets, and a new one uploaded as a zip, which the server checks before it accepts it: the
// integrity report lists every problem with its file.
import { call } from './api.js';
import { bytes, card, clear, dropZone, el, message, notice } from './ui.js';

function list(holder) {
  clear(holder, el('div', { className: 'loading', text: 'Loading the datasets…' }));
  call('datasets').then(datasets => {
    if (!datasets.length) {
      clear(holder, notice('No dataset yet: upload one below.'));
      return;
    }
    const names = value => (value && typeof value === 'object' ? Object.keys(value).join(', ') : '–');
    clear(holder, el('table', { className: 'table', id: 'datasets-table' },
      el('thead', {}, el('tr', {}, ['Dataset', 'Cases', 'Channels', 'Labels', 'Files', 'Planned']
        .map(h => el('th', { text: h })))),
      el('tbody', {}, datasets.map(d => el('tr', {},
        el('td', {}, el('strong', { text: d.name }), d.error ? el('div', { className: 'image-error', text: d.error })
          : null),
        el('td', { className: 'num', text: d.num_training ?? '–' }),
        el('td', { text: d.channels ? Object.values(d.channels).join(', ') : '–' }),
        el('td', { text: names(d.labels) }),
        el('td', { text: d.file_ending || '–' }),
        el('td', {}, el('span', { className: d.preprocessed ? 'pill finished' : 'pill queued',
          text: d.preprocessed ? 'yes' : 'no' })))))));
  }).catch(e => clear(holder, message(e)));
}

function report(answer, accepted) {
  const problems = answer.problems || [];
  const errors = problems.filter(p => p.severity === 'ERROR').length;
  const head = accepted
    ? el('div', { className: 'message ok', role: 'status' }, el('strong', { text: `${answer.dataset} accepted` }),
      el('span', { className: 'detail', text: `${answer.cases_checked} cases checked, ${problems.length} remarks` }))
    : el('div', { className: 'message error', role: 'alert' },
      el('strong', { text: `${answer.dataset} not accepted` }),
      el('span', { className: 'detail', text: `${errors} error${errors === 1 ? '' : 's'} in ${answer.cases_checked}`
        + ' cases checked: fix them and upload the dataset again' }));
  if (!problems.length) {
    return el('div', { id: 'dataset-report' }, head);
  }
  return el('div', { id: 'dataset-report' }, head, el('table', { className: 'table compact', id: 'problems-table' },
    el('thead', {}, el('tr', {}, ['Severity', 'File', 'Problem'].map(h => el('th', { text: h })))),
    el('tbody', {}, problems.map(p => el('tr', { className: p.severity.toLowerCase() },
      el('td', {}, el('span', { className: `pill ${p.severity === 'ERROR' ? 'failed' : 'queued'}`,
        text: p.severity.toLowerCase() })),
      el('td', { className: 'file', text: p.file || '(the dataset)' }),
      el('td', { text: p.message }))))));
}

async function upload(file, result, holder) {
  if (!/\.zip$/i.test(file.name)) {
    clear(result, message({ title: 'Wrong format', detail: `${file.name} is not a zip of a dataset folder` }));
    return;
  }
  clear(result, el('div', { className: 'loading', text: `Uploading ${file.name} (${bytes(file.size)}) and checking`
    + ' it…' }));
  try {
    const answer = await call('datasets', { body: file, type: 'application/zip' });
    clear(result, report(answer, true));
    list(holder);
  } catch (e) {
    if (e.status === 422 && e.body && e.body.details) {
      clear(result, report(e.body.details, false));
    } else {
      clear(result, message(e));
    }
  }
}

export function datasetsView(main) {
  const holder = el('div');
  const result = el('div', { id: 'upload-result', 'aria-live': 'polite' });
  clear(main, el('header', { className: 'view-head' }, el('h1', { text: 'Datasets' }),
    el('p', { className: 'lead', text: 'Training data in nnU-Net\'s raw layout: imagesTr, labelsTr, dataset.json.' })),
  card('Datasets', holder),
  card('Upload a dataset',
    el('p', { className: 'muted small', text: 'A zip of DatasetXXX_Name/ with imagesTr, labelsTr and dataset.json.'
      + ' The server checks every case before it accepts the dataset.' }),
    dropZone({ id: 'dataset-dropzone', accept: '.zip,application/zip', multiple: false,
      title: 'Drop a dataset zip here', hint: 'or click to choose one',
      onFiles: ([file]) => upload(file, result, holder) }),
    result));
  list(holder);
}
