import type { TaskStatus } from '../request/types';
import type { Backend } from '../shared/progress';
import type { StoredRequest, TaskInputs } from '../request/job-fields';

export type { StoredRequest, TaskInputs };

export interface StoredOutput {
  seed: number;
  width: number;
  height: number;
  mime: string;
  /** The prompt the model actually used, when the worker reports one (diffusion models). */
  prompt?: string;
}

export interface TaskRecord {
  task_id: string;
  /** Submission order; ties in `created_at` are common within a millisecond. */
  seq: number;
  status: TaskStatus;
  progress: number;
  created_at: string;
  updated_at: string;
  request: StoredRequest;
  outputs: StoredOutput[];
  error?: { code: string; message: string };
  backend?: Backend;
  model?: string;
  model_note?: string;
  fallbacks?: { backend: Backend; message: string }[];
  /** Milliseconds per pipeline stage (decode, load, prepare, model, composite, encode). */
  timings?: Record<string, number>;
}


/** Where tasks live. IndexedDB by default; memory when persistence is off. */
export interface TaskStore {
  create(record: TaskRecord, inputs: TaskInputs): Promise<void>;
  update(record: TaskRecord, outputs?: Blob[]): Promise<void>;
  get(taskId: string): Promise<TaskRecord | undefined>;
  all(): Promise<TaskRecord[]>;
  inputs(taskId: string): Promise<TaskInputs | undefined>;
  outputs(taskId: string): Promise<Blob[] | undefined>;
  delete(taskId: string): Promise<void>;
  close(): void;
}

export class MemoryTaskStore implements TaskStore {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly ins = new Map<string, TaskInputs>();
  private readonly outs = new Map<string, Blob[]>();
  async create(record: TaskRecord, inputs: TaskInputs) {
    this.tasks.set(record.task_id, structuredClone(record));
    this.ins.set(record.task_id, inputs);
  }
  async update(record: TaskRecord, outputs?: Blob[]) {
    this.tasks.set(record.task_id, structuredClone(record));
    if (outputs) this.outs.set(record.task_id, outputs);
  }
  async get(id: string) {
    const r = this.tasks.get(id);
    return r && structuredClone(r);
  }
  async all() {
    return [...this.tasks.values()].map((r) => structuredClone(r));
  }
  async inputs(id: string) {
    return this.ins.get(id);
  }
  async outputs(id: string) {
    return this.outs.get(id);
  }
  async delete(id: string) {
    this.tasks.delete(id);
    this.ins.delete(id);
    this.outs.delete(id);
  }
  close() {}
}

const TASKS = 'tasks';
const INPUTS = 'inputs';
const OUTPUTS = 'outputs';

function req<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = tx.onerror = () => reject(tx.error ?? new DOMException('IndexedDB transaction aborted', 'AbortError'));
  });
}

/**
 * Tasks in IndexedDB: records in `tasks`, input Blobs in `inputs`, output
 * Blobs in `outputs`. A task and its inputs are written in one transaction,
 * so a crash never leaves a task without its images.
 */
export class IdbTaskStore implements TaskStore {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = 'local-inpaint', factory: IDBFactory = indexedDB): Promise<IdbTaskStore> {
    const open = factory.open(name, 1);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(TASKS)) db.createObjectStore(TASKS, { keyPath: 'task_id' });
      if (!db.objectStoreNames.contains(INPUTS)) db.createObjectStore(INPUTS);
      if (!db.objectStoreNames.contains(OUTPUTS)) db.createObjectStore(OUTPUTS);
    };
    const db = await req(open);
    // Another tab upgrading the schema must not be blocked by us.
    db.onversionchange = () => db.close();
    return new IdbTaskStore(db);
  }

  async create(record: TaskRecord, inputs: TaskInputs) {
    const tx = this.db.transaction([TASKS, INPUTS], 'readwrite');
    tx.objectStore(TASKS).put(record);
    tx.objectStore(INPUTS).put(inputs, record.task_id);
    await done(tx);
  }

  async update(record: TaskRecord, outputs?: Blob[]) {
    const tx = this.db.transaction([TASKS, OUTPUTS], 'readwrite');
    tx.objectStore(TASKS).put(record);
    if (outputs) tx.objectStore(OUTPUTS).put(outputs, record.task_id);
    await done(tx);
  }

  get(id: string) {
    return req(this.db.transaction(TASKS).objectStore(TASKS).get(id) as IDBRequest<TaskRecord | undefined>);
  }

  all() {
    return req(this.db.transaction(TASKS).objectStore(TASKS).getAll() as IDBRequest<TaskRecord[]>);
  }

  inputs(id: string) {
    return req(this.db.transaction(INPUTS).objectStore(INPUTS).get(id) as IDBRequest<TaskInputs | undefined>);
  }

  outputs(id: string) {
    return req(this.db.transaction(OUTPUTS).objectStore(OUTPUTS).get(id) as IDBRequest<Blob[] | undefined>);
  }

  async delete(id: string) {
    const tx = this.db.transaction([TASKS, INPUTS, OUTPUTS], 'readwrite');
    for (const s of [TASKS, INPUTS, OUTPUTS]) tx.objectStore(s).delete(id);
    await done(tx);
  }

  close() {
    this.db.close();
  }
}
