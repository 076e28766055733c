// Runs the CloudFront Function from infra/cloudformation/r2w.yaml under node, as CloudFront
// would: the `cloudfront` module is replaced by a key value store read from the input.
// stdin: {"code": "...", "kvsId": "...", "store": {slug: prefix}, "events": [...]}
// stdout: the handler's result for each event (a request to forward, or a response).
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const cf = {
  kvs(id) {
    if (id !== input.kvsId) throw new Error('no key value store ' + id);
    return {
      async get(key) {
        if (Object.prototype.hasOwnProperty.call(input.store, key)) return input.store[key];
        throw new Error('Key not found: ' + key);
      },
    };
  },
};

const importLine = /^import cf from 'cloudfront';$/m;
if (!importLine.test(input.code)) throw new Error('the function no longer imports cloudfront');
const handler = new Function('cf', input.code.replace(importLine, '') + '\nreturn handler;')(cf);

const results = [];
for (const event of input.events) results.push(await handler(event));
process.stdout.write(JSON.stringify(results));
