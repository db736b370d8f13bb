/**
 * Vitest globalSetup for the browser project: starts the test HTTP servers in
 * Node before any browser test runs, hands their base URLs to the tests through
 * `provide`/`inject`, and stops them afterwards.
 *
 * In a test: `const base = inject('webhookServer'); // http://127.0.0.1:<port>`
 */
import type { TestProject } from 'vitest/node';
import { startWebhookReceiver } from './webhook-receiver';
import { startModelServer } from './model-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the webhook receiver (see test/servers/webhook-receiver.ts). */
    webhookServer: string;
    /** Base URL of the model-file server (see test/servers/model-server.ts). */
    modelServer: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const receiver = await startWebhookReceiver();
  project.provide('webhookServer', receiver.url);
  project.provide('modelServer', (await startModelServer()).url);
  return () => receiver.close();
}
