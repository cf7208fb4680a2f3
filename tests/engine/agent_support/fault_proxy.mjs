// The journeys' fault proxy (tests/e2e/fault-proxy.mjs) for the agent's Rust tests:
//   node tests/engine/agent_support/fault_proxy.mjs TARGET_URL 'RULES_JSON'
// RULES_JSON is an array of rules as fault-proxy.mjs takes them, with `path` a RegExp source.
// Prints one line `{"url": "http://127.0.0.1:PORT"}` once listening; exits when stdin closes.
import { startFaultProxy } from '../../e2e/fault-proxy.mjs';

const [target, rulesJson] = process.argv.slice(2);
const proxy = await startFaultProxy(target);
for (const rule of JSON.parse(rulesJson ?? '[]')) {
  proxy.fail({ ...rule, ...(rule.path ? { path: new RegExp(rule.path) } : {}) });
}
process.stdout.write(`${JSON.stringify({ url: proxy.url })}\n`);
process.stdin.resume();
process.stdin.on('end', async () => {
  process.stderr.write(`${JSON.stringify(proxy.log)}\n`);
  await proxy.close();
  process.exit(0);
});
