// Segment images: PNG or TIFF images dropped on the page (16-bit too) are shown contrast-stretched by the server,
// predicted with the chosen model, and their cells drawn over them from the GeoJSON; a table of the cells (sortable,
// as CSV), the 16-bit instance mask and the GeoJSON download.
import { ApiError, call, parseJson } from './api.js';
import { card, clear, dropZone, el, message, notice, number, saveAs } from './ui.js';

const TYPES = { png: 'image/png', tif: 'image/tiff', tiff: 'image/tiff' };
const COLUMNS = [['id', 'Cell'], ['area', 'Area (px)'], ['mean_intensity', 'Mean intensity']];

/** What the page holds over view changes: the images dropped so far and the choices made. */
const state = { images: [], selected: null, model: null, mirroring: true, contours: true, opacity: 0.9,
  sort: { key: 'id', ascending: true }, cell: null, working: false, next: 1 };
let view = null;

function typeOf(file) {
  if (Object.values(TYPES).includes(file.type)) {
    return file.type;
  }
  const ending = file.name.split('.').pop().toLowerCase();
  return TYPES[ending] || null;
}

function baseName(name) {
  return name.replace(/\.(png|tiff?)$/i, '').replace(/_0000$/, '');
}

function predictPath(image) {
  return `models/${encodeURIComponent(image.model)}/predict?instances=auto&mirroring=${image.mirroring}`;
}

function add(files) {
  for (const file of files) {
    const image = { id: state.next++, file, name: file.name, type: typeOf(file), status: 'Waiting', error: null };
    if (!image.type) {
      image.error = new ApiError(415, 'Wrong format', `${file.name} is not a PNG or TIFF image`);
    }
    state.images.push(image);
    if (state.selected === null) {
      state.selected = image.id;
    }
  }
  render();
  work();
}

/** One image after the other, so that the server's prediction threads are not all taken by this page. */
async function work() {
  if (state.working) {
    return;
  }
  state.working = true;
  try {
    let image;
    while ((image = state.images.find(i => !i.error && !i.done && !i.running))) {
      await segment(image);
    }
  } finally {
    state.working = false;
  }
}

async function segment(image) {
  image.running = true;
  image.model = state.model;
  image.mirroring = state.mirroring;
  try {
    if (!image.model) {
      throw new ApiError(0, 'No model to segment with', 'train one on the Jobs page first');
    }
    if (!image.preview) {
      image.status = 'Reading the image…';
      changed(image);
      const response = await call('images/preview', { body: image.file, type: image.type, accept: 'image/png',
        as: 'response' });
      const shape = (response.headers.get('X-Image-Shape') || '').split(',').map(Number);
      image.preview = { url: URL.createObjectURL(await response.blob()), shape,
        sampleType: response.headers.get('X-Image-Sample-Type') };
    }
    image.status = 'Finding the cells…';
    changed(image);
    const geoJson = await call(predictPath(image), { body: image.file, type: image.type,
      accept: 'application/geo+json', as: 'text' });
    image.geoJson = geoJson;
    image.cells = parseJson(geoJson).features;
    image.status = 'Preparing the mask…';
    changed(image);
    const mask = await call(predictPath(image), { body: image.file, type: image.type, accept: image.type,
      as: 'response' });
    const blob = await mask.blob();
    image.mask = { url: URL.createObjectURL(blob), count: Number(mask.headers.get('X-Cell-Count')) };
    image.done = true;
    image.status = `${image.cells.length} cells`;
  } catch (e) {
    image.error = e;
  } finally {
    image.running = false;
    changed(image);
  }
}

function again(image) {
  image.error = null;
  image.done = false;
  image.cells = null;
  image.mask = null;
  image.status = 'Waiting';
  render();
  work();
}

function ringPath(rings) {
  return rings.map(ring => 'M' + ring.map(([x, y]) => `${x} ${y}`).join('L') + 'Z').join('');
}

function cellPath(feature) {
  const g = feature.geometry;
  return g.type === 'Polygon' ? ringPath(g.coordinates) : g.coordinates.map(ringPath).join('');
}

function selectCell(id) {
  state.cell = state.cell === id ? null : id;
  if (!view) {
    return;
  }
  view.querySelectorAll('#overlay path').forEach(p => p.classList.toggle('selected', Number(p.dataset.cell)
    === state.cell));
  view.querySelectorAll('#cells-table tbody tr').forEach(row => {
    const on = Number(row.dataset.cell) === state.cell;
    row.classList.toggle('selected', on);
    if (on) {
      row.scrollIntoView({ block: 'nearest' });
    }
  });
}

function csv(image) {
  const lines = [COLUMNS.map(([key]) => key).join(',')];
  for (const cell of sorted(image.cells)) {
    lines.push([cell.id, cell.properties.area, cell.properties.mean_intensity].join(','));
  }
  return new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
}

function sorted(cells) {
  const { key, ascending } = state.sort;
  const value = cell => (key === 'id' ? cell.id : cell.properties[key]);
  return [...cells].sort((a, b) => (value(a) - value(b)) * (ascending ? 1 : -1));
}

function cellsTable(image) {
  const head = el('tr', {}, COLUMNS.map(([key, title]) => {
    const active = state.sort.key === key;
    return el('th', { 'aria-sort': active ? (state.sort.ascending ? 'ascending' : 'descending') : 'none' },
      el('button', { type: 'button', className: 'sort', dataset: { key },
        onclick: () => {
          state.sort = { key, ascending: active ? !state.sort.ascending : true };
          render();
        } }, title, el('span', { className: 'arrow', text: active ? (state.sort.ascending ? ' ▲' : ' ▼') : '' })));
  }));
  const rows = sorted(image.cells).map(cell => el('tr', { dataset: { cell: cell.id },
    className: cell.id === state.cell ? 'selected' : null, onclick: () => selectCell(cell.id) },
  el('td', { className: 'num', text: cell.id }), el('td', { className: 'num', text: cell.properties.area }),
  el('td', { className: 'num', text: number(cell.properties.mean_intensity, 1) })));
  return el('div', { className: 'table-scroll' },
    el('table', { className: 'table compact', id: 'cells-table' }, el('thead', {}, head), el('tbody', {}, rows)));
}

function viewer(image) {
  if (!image) {
    return card(null, notice('Drop PNG or TIFF images on the left to see their cells here.'));
  }
  const head = el('div', { className: 'viewer-head' },
    el('h2', { id: 'image-name', text: image.name }),
    image.preview ? el('span', { className: 'muted small', text: describe(image.preview) }) : null);
  if (!image.preview) {
    return card(null, head, image.error ? message(image.error)
      : el('div', { className: 'loading', text: image.status }));
  }
  const [, height, width] = image.preview.shape;
  const picture = el('img', { id: 'preview-image', src: image.preview.url, alt: `${image.name}, contrast-stretched` });
  const overlay = el('svg', { id: 'overlay', viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none',
    'aria-label': 'cell contours' });
  overlay.style.opacity = String(state.opacity);
  overlay.style.display = state.contours ? '' : 'none';
  for (const cell of image.cells || []) {
    overlay.append(el('path', { d: cellPath(cell), dataset: { cell: cell.id },
      className: cell.id === state.cell ? 'selected' : null, onclick: () => selectCell(cell.id) }));
  }
  const stage = el('div', { className: 'stage', id: 'stage' }, picture, overlay);
  const tools = el('div', { className: 'toolbar' },
    el('label', { className: 'check' }, el('input', { type: 'checkbox', id: 'show-contours', checked: state.contours,
      onchange: e => {
        state.contours = e.target.checked;
        overlay.style.display = state.contours ? '' : 'none';
      } }), 'Contours'),
    el('label', { className: 'range' }, 'Opacity', el('input', { type: 'range', id: 'contour-opacity', min: '0',
      max: '1', step: '0.05', value: String(state.opacity),
      oninput: e => {
        state.opacity = Number(e.target.value);
        overlay.style.opacity = String(state.opacity);
      } })));
  const side = [];
  if (image.cells) {
    const count = el('p', { className: 'count' }, el('span', { id: 'cell-count', text: String(image.cells.length) }),
      image.cells.length === 1 ? ' cell' : ' cells');
    const base = baseName(image.name);
    const maskName = `${base}_instances.${image.type === 'image/png' ? 'png' : 'tif'}`;
    const downloads = el('div', { className: 'downloads' },
      image.mask ? el('a', { className: 'button', id: 'download-mask', href: image.mask.url, download: maskName },
        `Instance mask (${image.type === 'image/png' ? 'PNG' : 'TIFF'}, 16-bit)`)
        : el('span', { className: 'button disabled', id: 'download-mask', 'aria-disabled': 'true' },
          'Instance mask: preparing…'),
      el('button', { type: 'button', className: 'button secondary', id: 'download-geojson',
        onclick: () => saveAs(new Blob([image.geoJson], { type: 'application/geo+json' }), `${base}_cells.geojson`) },
      'GeoJSON'),
      el('button', { type: 'button', className: 'button secondary', id: 'download-csv',
        onclick: () => saveAs(csv(image), `${base}_cells.csv`) }, 'Cells (CSV)'));
    const model = models.find(m => m.id === image.model);
    side.push(count, el('p', { className: 'muted small', text: model ? `with ${model.dataset} · ${model.plans} · `
      + `${model.configuration}` : image.model }), downloads,
      cellsTable(image));
  } else if (image.error) {
    side.push(message(image.error), el('button', { type: 'button', className: 'button', onclick: () => again(image) },
      'Try again'));
  } else {
    side.push(el('div', { className: 'loading', text: image.status }));
  }
  return card(null, head, el('div', { className: 'result' }, el('div', { className: 'picture' }, tools, stage),
    el('div', { className: 'cells' }, side)));
}

function describe(preview) {
  const [depth, height, width] = preview.shape;
  const bits = { UINT8: '8-bit', UINT16: '16-bit', FLOAT32: '32-bit float' }[preview.sampleType] || '';
  return `${width} × ${height}${depth > 1 ? ` × ${depth}` : ''} · ${bits} · shown stretched to its 0.5–99.5 %`;
}

function imageList() {
  if (!state.images.length) {
    return null;
  }
  return el('ul', { className: 'image-list', id: 'image-list' }, state.images.map(image => {
    const kind = image.error ? 'error' : image.done ? 'done' : 'working';
    return el('li', { className: image.id === state.selected ? 'image-item selected' : 'image-item',
      dataset: { state: kind }, onclick: () => {
        state.selected = image.id;
        state.cell = null;
        render();
      } },
    el('span', { className: `dot ${kind}`, 'aria-hidden': 'true' }),
    el('span', { className: 'image-name', text: image.name }),
    el('span', { className: 'image-status', text: image.error ? image.error.title : image.status }),
    image.error && image.error.detail ? el('span', { className: 'image-error', text: image.error.detail }) : null);
  }));
}

let models = [];
let listHolder = null;
let viewerHolder = null;

/** The list and the viewer of the selected image, each drawn anew; the choices above them stay as they are. */
function render() {
  if (!view) {
    return;
  }
  const list = imageList();
  clear(listHolder, list);
  clear(viewerHolder, viewer(state.images.find(i => i.id === state.selected)));
}

/** An image's progress: its line in the list, and the viewer only when it shows that image. */
function changed(image) {
  if (!view) {
    return;
  }
  if (image.id === state.selected) {
    render();
  } else {
    clear(listHolder, imageList());
  }
}

function layout() {
  const select = el('select', { id: 'segment-model', onchange: e => {
    state.model = e.target.value;
    state.images.filter(i => i.done || (i.error && i.preview)).forEach(again);
  } }, models.map(m => el('option', { value: m.id, selected: m.id === state.model,
    text: `${m.dataset} · ${m.configuration} · ${m.plans}` })));
  listHolder = el('div');
  viewerHolder = el('div');
  const options = card('Images',
    el('label', { className: 'field' }, el('span', { text: 'Model' }), models.length ? select
      : el('span', { className: 'muted', text: 'no trained model yet' })),
    el('label', { className: 'check' }, el('input', { type: 'checkbox', id: 'segment-mirroring',
      checked: state.mirroring, onchange: e => {
        state.mirroring = e.target.checked;
      } }), 'Test-time mirroring (slower, a little better)'),
    dropZone({ id: 'segment-dropzone', accept: '.png,.tif,.tiff,image/png,image/tiff', multiple: true,
      title: 'Drop images here', hint: 'PNG or TIFF, 8 or 16 bit, one or several; or click to choose', onFiles: add }),
    listHolder);
  clear(view, el('div', { className: 'segment' }, el('div', { className: 'segment-side' }, options),
    el('div', { className: 'segment-main' }, viewerHolder)));
  render();
}

export async function segmentView(main, params) {
  view = null;
  const holder = el('div', {}, el('div', { className: 'loading', text: 'Loading the models…' }));
  clear(main, el('header', { className: 'view-head' }, el('h1', { text: 'Segment images' }),
    el('p', { className: 'lead', text: 'Drop microscope images to find their cells with a trained model.' })), holder);
  try {
    models = await call('models');
  } catch (e) {
    clear(holder, message(e));
    return () => {};
  }
  const wanted = params.get('model');
  if (wanted && models.some(m => m.id === wanted)) {
    state.model = wanted;
  } else if (!models.some(m => m.id === state.model)) {
    state.model = models.length ? models[0].id : null;
  }
  view = holder;
  layout();
  return () => {
    view = null;
  };
}
