// The training panel: data, epochs and batch size, Train and Stop, a progress bar, live learning
// curves and the test accuracy at the end. TF.js and the training code load on first use.
import type { IrModel } from '../../../src/ir/types.js';
import { h } from '../dom.js';
import { DATA_LABELS, loadData, type DataName } from '../train/data.js';
import { curvesSvg, emptyCurves, type Curves } from '../train/curves.js';
import type { BackendChoice, Training } from '../train/run.js';

export interface TrainPanel {
  /** The model training would use now (the page's selected model), or why there is none. */
  setModel(model: IrModel | string): void;
}

const fmt = (v: number | undefined, digits = 4) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));

export function createTrainPanel(panel: HTMLElement): TrainPanel {
  let model: IrModel | string = 'no model';
  let running: Training | undefined;
  let defaultsFor = '';
  const data = h('select', { id: 'train-data' }, ...Object.entries(DATA_LABELS).map(([k, label]) => h('option', { value: k }, label)));
  const epochs = h('input', { id: 'train-epochs', type: 'number', min: 1, max: 100, value: 2 });
  const batch = h('input', { id: 'train-batch', type: 'number', min: 1, max: 4096, value: 32 });
  const backendChoice = h('select', { id: 'train-backend-choice' }, h('option', { value: 'auto' }, 'auto'), h('option', { value: 'webgl' }, 'webgl'), h('option', { value: 'cpu' }, 'cpu'));
  const start = h('button', { type: 'button', id: 'train-start', class: 'primary' }, 'Train');
  const stop = h('button', { type: 'button', id: 'train-stop', disabled: true }, 'Stop');
  const bar = h('progress', { id: 'train-progress', max: 1, value: 0 });
  const status = h('div', { id: 'train-status', role: 'status' });
  const note = h('div', { id: 'train-backend', class: 'note' });
  const curves = h('div', { id: 'train-curves' });
  const result = h('div', { id: 'train-result' });
  const title = h('h2', {});
  panel.replaceChildren(
    title,
    h('div', { class: 'form' },
      h('label', {}, 'Data ', data), h('label', {}, 'Epochs ', epochs), h('label', {}, 'Batch ', batch), h('label', {}, 'Backend ', backendChoice), start, stop),
    bar, status, note, curves, result,
  );

  const setModel = (m: IrModel | string) => {
    model = m;
    if (running) return;
    title.textContent = typeof m === 'string' ? 'Train' : `Train ${m.name}`;
    start.disabled = typeof m === 'string' || !m.train.loss;
    const key = typeof m === 'string' ? m : `${m.name}/${m.train.loss}/${m.train.epochs}/${m.train.batch}/${m.input.shape.join('x')}`;
    if (key === defaultsFor) return;
    defaultsFor = key;
    if (typeof m === 'string') {
      status.textContent = m;
      return;
    }
    status.textContent = m.train.loss ? '' : `${m.name} has no loss: add a train section to train it`;
    epochs.value = String(Math.min(m.train.epochs, 3));
    batch.value = String(m.train.batch);
    data.value = m.input.shape.length === 3 && m.input.shape[0]! >= 32 ? 'shapes' : 'mnist';
  };

  start.addEventListener('click', async () => {
    if (typeof model === 'string' || running) return;
    const ir = model;
    start.disabled = true;
    stop.disabled = false;
    result.textContent = '';
    result.removeAttribute('data-accuracy');
    bar.value = 0;
    status.textContent = 'loading TF.js and the data…';
    try {
      const [{ startTraining, cannotTrain, pickBackend }, dataset] = await Promise.all([import('../train/run.js'), loadData(data.value as DataName, ir.input.shape)]);
      const why = cannotTrain(ir, dataset);
      if (why) throw new Error(why);
      const choice = backendChoice.value as BackendChoice;
      const used = await pickBackend(choice);
      note.textContent = `backend: ${used.name}${used.note ? ` — ${used.note}` : ''}`;
      const n = Math.max(1, Math.min(100, Number(epochs.value) || 1));
      const b = Math.max(1, Math.min(4096, Number(batch.value) || 32));
      const trainCount = dataset.train.count - Math.floor(dataset.train.count * ir.train.validation);
      const c: Curves = emptyCurves(Math.ceil(trainCount / b));
      bar.max = c.batchesPerEpoch * n;
      const redraw = () => (curves.innerHTML = curvesSvg(c, n));
      let lastDraw = 0;
      running = startTraining(ir, dataset, { epochs: n, batch: b, backend: used }, {
        batch(epoch, i, batches, loss, accuracy) {
          c.loss.push(loss);
          c.accuracy.push(accuracy ?? NaN);
          bar.value = epoch * batches + i;
          status.textContent = `epoch ${epoch + 1}/${n}  batch ${i}/${batches}  loss ${fmt(loss)}  accuracy ${fmt(accuracy)}`;
          if (performance.now() - lastDraw > 100) {
            redraw();
            lastDraw = performance.now();
          }
        },
        epoch(epoch, logs) {
          const seen = (epoch + 1) * c.batchesPerEpoch;
          if (logs['valLoss'] !== undefined) c.valLoss.push([seen, logs['valLoss']]);
          if (logs['valAccuracy'] !== undefined) c.valAccuracy.push([seen, logs['valAccuracy']]);
          redraw();
        },
      });
      const r = await running.done;
      redraw();
      const acc = r.test?.['accuracy'];
      status.textContent = `${r.stopped ? 'stopped' : 'finished'} after ${r.epochs} epoch${r.epochs === 1 ? '' : 's'} in ${r.seconds.toFixed(1)} s on ${r.backend.name}`;
      if (r.test) {
        result.textContent = `test accuracy ${fmt(acc)}  test loss ${fmt(r.test['loss'])}  (${r.testCount} samples)`;
        if (acc !== undefined) result.dataset['accuracy'] = String(acc);
      }
    } catch (e) {
      status.textContent = `cannot train: ${(e as Error).message}`;
    } finally {
      running = undefined;
      stop.disabled = true;
      start.disabled = typeof model === 'string' || !model.train.loss;
    }
  });
  stop.addEventListener('click', () => {
    running?.stop();
    status.textContent = 'stopping after this batch…';
  });
  return { setModel };
}
