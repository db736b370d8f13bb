// The only file that touches `self`. Type-checked by tsconfig.worker.json (WebWorker library, no DOM).
import { expose } from 'comlink';
import { createWorkerApi } from './api';
import { installTransferHandlers } from '../src/shared/transfer-handlers';

installTransferHandlers();
expose(createWorkerApi());
