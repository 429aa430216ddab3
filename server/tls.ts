// A self-signed certificate for serving HTTPS on the LAN: browsers give camera access only in a
// secure context, and http://192.168.… is not one. Made on first use, kept in DATA_DIR, and made
// again when this machine's addresses change (the certificate names them).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface Certificate {
  key: string;
  cert: string;
  /** The names and addresses the certificate is valid for. */
  hosts: string[];
}

/** localhost plus every non-internal IPv4 address of this machine. */
export function localHosts(): string[] {
  const lan = Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => Boolean(a) && a!.family === 'IPv4' && !a!.internal)
    .map((a) => a.address);
  return ['localhost', '127.0.0.1', ...new Set(lan)].sort();
}

export async function loadOrCreateCertificate(dataDir: string, hosts: string[] = localHosts()): Promise<Certificate & { created: boolean }> {
  const dir = path.join(dataDir, 'tls');
  const files = { key: path.join(dir, 'key.pem'), cert: path.join(dir, 'cert.pem'), hosts: path.join(dir, 'hosts.json') };
  try {
    const known = JSON.parse(fs.readFileSync(files.hosts, 'utf8')) as { hosts: string[]; notAfter: string };
    if (known.hosts.join() === hosts.join() && new Date(known.notAfter).getTime() > Date.now() + 86_400_000) {
      return { key: fs.readFileSync(files.key, 'utf8'), cert: fs.readFileSync(files.cert, 'utf8'), hosts, created: false };
    }
  } catch {
    // none yet, or unreadable: make a new one
  }
  const notAfter = new Date(Date.now() + 365 * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: 'Live Shop (self-signed)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: hosts.map((h) => (/^\d+\.\d+\.\d+\.\d+$/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
      },
    ],
  });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(files.key, pems.private, { mode: 0o600 });
  fs.writeFileSync(files.cert, pems.cert);
  fs.writeFileSync(files.hosts, JSON.stringify({ hosts, notAfter: notAfter.toISOString() }));
  return { key: pems.private, cert: pems.cert, hosts, created: true };
}
