// The native `mesa` binary for the journeys that run it beside the app (`mesa verify`,
// `mesa agent`): the one `cargo build --bin mesa` built, or `MESA_BIN`.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The path of the `mesa` binary; throws, saying how to build it, when it is not there. */
export async function mesaBinary() {
  const bin = process.env.MESA_BIN
    || join(process.env.CARGO_TARGET_DIR || join(root, 'target'), 'debug', 'mesa');
  await access(bin).catch(() => {
    throw new Error(`the mesa binary is not at ${bin}: run \`cargo build --bin mesa\` or set MESA_BIN`);
  });
  return bin;
}

/** Runs `mesa ARGS`; resolves { code, stdout, stderr } (a non-zero exit is an answer here). */
export function mesa(bin, args) {
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (error.code ?? -1) : 0, stdout, stderr });
    });
  });
}

/**
 * One `mesa agent --once` pass over `couch` (from startCouch), reached at `url` (default the
 * server's own; a fault proxy's otherwise), its state in `data`, with `extra` arguments; fails
 * unless it exits 0. Returns its log lines (JSON objects).
 */
export async function agentPass(bin, couch, data, { url = couch.url, extra = [] } = {}) {
  const out = await mesa(bin, ['agent', '--once', '--url', url, '--db', couch.name, '--data', data, ...extra]);
  assert.equal(out.code, 0, `mesa agent: ${out.stderr}`);
  return out.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
