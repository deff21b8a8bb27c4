// A training curve on a canvas, as nnU-Net's progress.png draws it: the losses on the left axis, the pseudo Dice and
// its moving average on the right one, per epoch.

const COLOURS = { train: '#2563eb', val: '#dc2626', dice: '#16a34a', ema: '#15803d', grid: '#e5e7eb',
  axis: '#6b7280', text: '#374151' };

/** Round steps for an axis from low to high: 1, 2 or 5 times a power of ten. */
function ticks(low, high, count) {
  if (!(high > low)) {
    high = low + 1;
  }
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(m => m * power).find(s => s >= raw);
  const first = Math.floor(low / step) * step;
  const last = Math.ceil(high / step) * step;
  const values = [];
  for (let v = first; v <= last + step / 2; v += step) {
    values.push(Number(v.toFixed(10)));
  }
  return values;
}

function label(value) {
  return Math.abs(value) >= 100 || Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/**
 * Draws the epochs of a fold's progress (from /api/models/{id}/folds/{fold}/progress) on the canvas, scaled for
 * the screen's pixel ratio; the canvas keeps the number of epochs drawn in data-epochs.
 */
export function drawCurve(canvas, epochs) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 720;
  const height = canvas.clientHeight || 320;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  canvas.dataset.epochs = String(epochs.length);
  const box = { left: 56, right: width - 64, top: 16, bottom: height - 40 };
  g.font = '12px system-ui, sans-serif';
  if (!epochs.length) {
    g.fillStyle = COLOURS.axis;
    g.textAlign = 'center';
    g.fillText('No finished epoch yet', width / 2, height / 2);
    return;
  }
  const losses = epochs.flatMap(e => [e.train_loss, e.val_loss]).filter(v => v !== null);
  const lossTicks = ticks(Math.min(...losses), Math.max(...losses), 5);
  const diceTicks = ticks(0, 1, 5);
  const lastEpoch = Math.max(1, epochs.length - 1);
  const epochTicks = ticks(0, lastEpoch, Math.min(8, lastEpoch)).filter(v => v <= lastEpoch && Number.isInteger(v));
  const x = e => box.left + (box.right - box.left) * (e / lastEpoch);
  const scale = (values, v) => box.bottom - (box.bottom - box.top) * (v - values[0])
    / (values[values.length - 1] - values[0]);

  g.strokeStyle = COLOURS.grid;
  g.lineWidth = 1;
  g.fillStyle = COLOURS.text;
  g.textBaseline = 'middle';
  for (const v of lossTicks) {
    const y = scale(lossTicks, v);
    g.beginPath();
    g.moveTo(box.left, y);
    g.lineTo(box.right, y);
    g.stroke();
    g.textAlign = 'right';
    g.fillText(label(v), box.left - 6, y);
  }
  g.textAlign = 'left';
  for (const v of diceTicks) {
    g.fillText(label(v), box.right + 6, scale(diceTicks, v));
  }
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (const e of epochTicks) {
    g.fillText(String(e), x(e), box.bottom + 6);
  }
  g.fillText('epoch', (box.left + box.right) / 2, box.bottom + 22);
  g.save();
  g.translate(14, (box.top + box.bottom) / 2);
  g.rotate(-Math.PI / 2);
  g.fillText('loss', 0, 0);
  g.restore();
  g.save();
  g.translate(width - 12, (box.top + box.bottom) / 2);
  g.rotate(Math.PI / 2);
  g.fillText('pseudo Dice', 0, 0);
  g.restore();
  g.strokeStyle = COLOURS.axis;
  g.strokeRect(box.left, box.top, box.right - box.left, box.bottom - box.top);

  const line = (key, values, colour, dashed) => {
    g.strokeStyle = colour;
    g.fillStyle = colour;
    g.lineWidth = 2;
    g.setLineDash(dashed ? [5, 4] : []);
    g.beginPath();
    let drawing = false;
    for (const e of epochs) {
      const v = e[key];
      if (v === null || v === undefined) {
        drawing = false;
        continue;
      }
      const px = x(e.epoch);
      const py = scale(values, v);
      if (drawing) {
        g.lineTo(px, py);
      } else {
        g.moveTo(px, py);
      }
      drawing = true;
      if (epochs.length < 30) {
        g.fillRect(px - 2, py - 2, 4, 4);
      }
    }
    g.stroke();
    g.setLineDash([]);
  };
  line('train_loss', lossTicks, COLOURS.train, false);
  line('val_loss', lossTicks, COLOURS.val, false);
  line('mean_pseudo_dice', diceTicks, COLOURS.dice, true);
  line('ema_pseudo_dice', diceTicks, COLOURS.ema, false);
}

/** The legend beside the chart, in the chart's colours. */
export const LEGEND = [['train loss', COLOURS.train, false], ['validation loss', COLOURS.val, false],
  ['pseudo Dice', COLOURS.dice, true], ['pseudo Dice (EMA)', COLOURS.ema, false]];
