/// <reference lib="webworker" />
// The only file that touches `self`.
import { expose } from 'comlink';
import { createWorkerApi } from './api';
import { installTransferHandlers } from '../src/shared/transfer-handlers';

installTransferHandlers();
expose(createWorkerApi());
