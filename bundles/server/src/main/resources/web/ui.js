// Small helpers of the page's views: elements, numbers and times as a person reads them, messages, drop zones.

/** An element: attributes (on* are listeners, class, dataset), then children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const svg = ['svg', 'path', 'g'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key === 'text') {
      node.textContent = value;
    } else {
      node.setAttribute(key === 'className' ? 'class' : key, value === true ? '' : value);
    }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return node;
}

export function clear(node, ...children) {
  node.replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
  return node;
}

export function number(value, digits = 3) {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : Number(value).toFixed(digits);
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** A duration as "1 h 05 min", "3 min 20 s" or "12 s". */
export function duration(totalSeconds) {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) {
    return '–';
  }
  const s = Math.round(totalSeconds);
  if (s >= 3600) {
    return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  }
  if (s >= 60) {
    return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  }
  return `${s} s`;
}

export function dateTime(iso) {
  if (!iso) {
    return '–';
  }
  const date = new Date(iso);
  return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** A message box: an ApiError's title and the server's words, or any other error's message. */
export function message(error, kind = 'error') {
  const title = error.title || error.message || String(error);
  const box = el('div', { className: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    el('strong', { text: title }));
  if (error.detail) {
    box.append(el('span', { className: 'detail', text: error.detail }));
  }
  return box;
}

export function notice(text) {
  return el('div', { className: 'message info', role: 'status' }, el('span', { text }));
}

/** Hands a blob to the browser as a download of that name. */
export function saveAs(blob, name) {
  const link = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/**
 * A zone to drop files on or click to choose them: the hidden file input takes a choice, the zone takes a drop;
 * both hand the files to onFiles.
 */
export function dropZone({ id, accept, multiple, title, hint, onFiles }) {
  const input = el('input', { type: 'file', id: `${id}-input`, accept, multiple, className: 'visually-hidden',
    onchange: () => {
      if (input.files.length) {
        onFiles([...input.files]);
      }
      input.value = '';
    } });
  const zone = el('label', { className: 'dropzone', id, for: `${id}-input`, tabindex: '0' },
    el('span', { className: 'drop-icon', 'aria-hidden': 'true', text: '⇪' }),
    el('strong', { text: title }), el('span', { className: 'hint', text: hint }), input);
  zone.addEventListener('keydown', e => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      input.click();
    }
  });
  for (const type of ['dragenter', 'dragover']) {
    zone.addEventListener(type, e => {
      e.preventDefault();
      zone.classList.add('over');
    });
  }
  for (const type of ['dragleave', 'drop']) {
    zone.addEventListener(type, () => zone.classList.remove('over'));
  }
  zone.addEventListener('drop', e => {
    e.preventDefault();
    const files = [...e.dataTransfer.files];
    if (files.length) {
      onFiles(multiple ? files : files.slice(0, 1));
    }
  });
  return zone;
}

/** A card: a titled section of a view. */
export function card(title, ...children) {
  return el('section', { className: 'card' }, title ? el('h2', { text: title }) : null, ...children);
}
