// Helpers the browser benchmarks share.
import { request } from 'node:http';

/** Bytes on the wire for `url` with this Accept-Encoding. */
export function transferred(url, encoding) {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => { bytes += chunk.length; });
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The value at fraction `p` of the sorted `values` (0.5: the median). */
export const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.floor(values.length * p)];

/** The median of `values`. */
export const median = (values) => percentile(values, 0.5);
