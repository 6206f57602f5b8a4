import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalTsa {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** PEM file of the CA that issued the TSA certificate: what `--tsa-ca` and `openssl ts -verify -CAfile` take. */
  readonly caFile: string;
  /** How many queries it answered. */
  readonly answered: () => number;
  close(): Promise<void>;
}

/**
 * An RFC 3161 time-stamping authority on the loopback interface: OpenSSL's own `openssl ts -reply` answers each
 * application/timestamp-query with an application/timestamp-reply, signed by a TSA certificate (extended key
 * usage timeStamping, critical) issued by a throw-away CA made here with openssl.
 */
export async function startLocalTsa(dir: string): Promise<LocalTsa> {
  const work = mkdtempSync(join(dir, 'tsa-'));
  const openssl = (args: string[]): void => void execFileSync('openssl', args, { cwd: work, stdio: 'pipe' });
  writeFileSync(join(work, 'ext.cnf'), '[tsa_ext]\nbasicConstraints = CA:FALSE\nkeyUsage = critical, digitalSignature\nextendedKeyUsage = critical, timeStamping\n');
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/CN=Test TSA Root']);
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Test TSA']);
  openssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'ext.cnf', '-extensions', 'tsa_ext', '-out', 'tsa.pem']);
  writeFileSync(join(work, 'tsaserial'), '01\n');
  writeFileSync(
    join(work, 'tsa.cnf'),
    [
      '[tsa]', 'default_tsa = local', '[local]', `serial = ${join(work, 'tsaserial')}`, 'crypto_device = builtin', `signer_cert = ${join(work, 'tsa.pem')}`,
      `certs = ${join(work, 'ca.pem')}`, `signer_key = ${join(work, 'tsa.key')}`, 'signer_digest = sha256', 'default_policy = 1.2.3.4.1', 'digests = sha256, sha384, sha512',
      'accuracy = secs:1', 'ordering = no', 'tsa_name = yes', 'ess_cert_id_chain = no', 'ess_cert_id_alg = sha256',
    ].join('\n') + '\n',
  );
  let answered = 0;
  let sequence = 0;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method !== 'POST' || request.headers['content-type'] !== 'application/timestamp-query') {
        response.writeHead(415).end();
        return;
      }
      sequence += 1;
      const query = join(work, `q${sequence}.tsq`);
      const reply = join(work, `r${sequence}.tsr`);
      writeFileSync(query, Buffer.concat(chunks));
      run('openssl', ['ts', '-reply', '-config', join(work, 'tsa.cnf'), '-queryfile', query, '-out', reply], { cwd: work })
        .then(() => {
          answered += 1;
          response.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(readFileSync(reply));
        })
        .catch(() => response.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    caFile: join(work, 'ca.pem'),
    answered: () => answered,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
