/**
 * Vitest globalSetup for the browser project: starts the test HTTP servers in
 * Node before any browser test runs, hands their base URLs to the tests through
 * `provide`/`inject`, and stops them afterwards.
 *
 * In a test: `const base = inject('webhookServer'); // http://127.0.0.1:<port>`
 */
import { existsSync, readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startWebhookReceiver } from './webhook-receiver';
import { startModelServer } from './model-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the webhook receiver (see test/servers/webhook-receiver.ts). */
    webhookServer: string;
    /** Base URL of the model-file server (see test/servers/model-server.ts). */
    modelServer: string;
    /**
     * URLs of real weight files for the opt-in real-model tests, by model id, from
     * `LOCAL_INPAINT_<ID>_PATH` (served by the model server) or `LOCAL_INPAINT_<ID>_URL`.
     * `sd-turbo` is a Hub resolve base (`…/<owner>/<name>/resolve/<rev>`) whose files
     * keep the Hub's paths: from `LOCAL_INPAINT_SD_TURBO_DIR` (a local clone of
     * schmuell/sd-turbo-ort-web, served in the Hub layout with its tree API) or
     * `LOCAL_INPAINT_SD_TURBO_URL` (a real Hub or mirror base URL).
     */
    realModels: Record<string, string>;
    /**
     * A free Adobe RGB (1998) compatible ICC profile from Debian's icc-profiles-free
     * (or colord-data), base64, for the colour-managed fixtures; '' when neither is installed.
     */
    adobeRgbIcc: string;
  }
}

/** Where Debian's packages put an Adobe RGB (1998) compatible profile. */
export const ADOBE_RGB_ICC_PATHS = ['/usr/share/color/icc/compatibleWithAdobeRGB1998.icc', '/usr/share/color/icc/colord/AdobeRGB1998.icc'];

/** Where `LOCAL_INPAINT_SD_TURBO_DIR` is served in the Hub layout. */
const SD_TURBO_LOCAL_REPO = 'local/sd-turbo-ort-web';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const receiver = await startWebhookReceiver();
  project.provide('webhookServer', receiver.url);
  const realFiles: Record<string, string> = {};
  const realModels: Record<string, string> = {};
  for (const id of ['migan', 'lama']) {
    const path = process.env[`LOCAL_INPAINT_${id.toUpperCase()}_PATH`];
    const url = process.env[`LOCAL_INPAINT_${id.toUpperCase()}_URL`];
    if (path) realFiles[`${id}.onnx`] = path;
    else if (url) realModels[id] = url;
  }
  const sdTurboDir = process.env.LOCAL_INPAINT_SD_TURBO_DIR;
  const hubDirs: Record<string, string> = sdTurboDir ? { [SD_TURBO_LOCAL_REPO]: sdTurboDir } : {};
  if (!sdTurboDir && process.env.LOCAL_INPAINT_SD_TURBO_URL) realModels['sd-turbo'] = process.env.LOCAL_INPAINT_SD_TURBO_URL;
  // With a directory, startup hashes it (≈ 2.6 GB for SD-Turbo: seconds to a minute).
  const models = await startModelServer({ realFiles, hubDirs });
  for (const name of Object.keys(realFiles)) realModels[name.replace(/\.onnx$/, '')] = `${models.url}/real/${name}`;
  if (sdTurboDir) realModels['sd-turbo'] = `${models.url}/${SD_TURBO_LOCAL_REPO}/resolve/main`;
  project.provide('modelServer', models.url);
  project.provide('realModels', realModels);
  const icc = ADOBE_RGB_ICC_PATHS.find((p) => existsSync(p));
  project.provide('adobeRgbIcc', icc ? readFileSync(icc).toString('base64') : '');
  return async () => {
    await Promise.all([receiver.close(), models.close()]);
  };
}
