/**
 * The lab pages' one round trip with their worker: posts `message` and resolves with the
 * worker's next answer (rejects on its error event).
 * @example
 * const row = await askWorker<Record<string, number>>(worker, { image, rep: 0 });
 */
export function askWorker<T>(worker: Worker, message: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data as T);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(message);
  });
}

/**
 * `reps + 1` round trips (`message(r)` for r = 0 … reps), each answer logged as rounded JSON;
 * the answers of reps 1 … reps, rep 0 being a warm-up.
 */
export async function warmedRows<T extends Record<string, unknown>>(worker: Worker, reps: number, message: (rep: number) => unknown): Promise<T[]> {
  const rows: T[] = [];
  for (let r = 0; r <= reps; r++) {
    const row = await askWorker<T>(worker, message(r));
    console.log(JSON.stringify(row, (_k, v) => (typeof v === 'number' ? Math.round(v) : v)));
    if (r > 0) rows.push(row);
  }
  return rows;
}
