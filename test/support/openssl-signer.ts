import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `20260101000000Z`, as `openssl ca -startdate/-enddate` take it. */
function opensslTime(time: Date): string {
  return `${time.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/**
 * A self-signed RSA signing certificate made by openssl itself (not by kubevidence), valid exactly from `notBefore`
 * to `notAfter`, as a PKCS#12 file protected by `password`. `openssl ca -selfsign` is the one OpenSSL 3.0 command
 * that sets both dates, so an already expired or a not-yet-valid certificate can be made.
 */
export function opensslSigner(dir: string, options: { subject: string; notBefore: Date; notAfter: Date; password: string }): { p12: string; certPem: string } {
  const work = mkdtempSync(join(dir, 'openssl-ca-'));
  const config = join(work, 'ca.cnf');
  writeFileSync(
    config,
    [
      '[ca]', 'default_ca = own', '[own]', `database = ${join(work, 'index.txt')}`, `new_certs_dir = ${work}`, `serial = ${join(work, 'serial')}`,
      'default_md = sha256', 'policy = any', 'x509_extensions = signing', '[any]', 'commonName = supplied', 'organizationName = optional',
      '[signing]', 'basicConstraints = CA:FALSE', 'keyUsage = digitalSignature, nonRepudiation',
      '[req]', 'distinguished_name = dn', 'prompt = no', '[dn]',
      ...options.subject.split(/,\s*/).map((part) => part.replace('=', ' = ')),
    ].join('\n') + '\n',
  );
  writeFileSync(join(work, 'index.txt'), '');
  writeFileSync(join(work, 'serial'), '01\n');
  const run = (args: string[]): void => void execFileSync('openssl', args, { cwd: work, stdio: 'pipe' });
  run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'req.csr', '-config', config]);
  run(['ca', '-selfsign', '-keyfile', 'key.pem', '-in', 'req.csr', '-startdate', opensslTime(options.notBefore), '-enddate', opensslTime(options.notAfter), '-batch', '-config', config, '-out', 'cert.pem']);
  const p12 = join(work, 'signer.p12');
  // The password travels in the environment, never on the command line.
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', p12, '-passout', 'env:KV_TEST_P12_PASSWORD'], {
    cwd: work,
    stdio: 'pipe',
    env: { ...process.env, KV_TEST_P12_PASSWORD: options.password },
  });
  return { p12, certPem: readFileSync(join(work, 'cert.pem'), 'utf8') };
}
