import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateCertificate } from './tls';

describe('the self-signed certificate for HTTPS on the LAN', () => {
  it('is made once, names the given hosts, and is made again when they change', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-shop-tls-'));
    const first = await loadOrCreateCertificate(dir, ['127.0.0.1', '192.168.1.20', 'localhost']);
    expect(first.created).toBe(true);
    const x509 = new crypto.X509Certificate(first.cert);
    expect(x509.subjectAltName).toContain('DNS:localhost');
    expect(x509.subjectAltName).toContain('IP Address:192.168.1.20');
    expect(x509.checkPrivateKey(crypto.createPrivateKey(first.key))).toBe(true);
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);

    const again = await loadOrCreateCertificate(dir, ['127.0.0.1', '192.168.1.20', 'localhost']);
    expect(again.created).toBe(false);
    expect(again.cert).toBe(first.cert);

    const moved = await loadOrCreateCertificate(dir, ['127.0.0.1', '192.168.1.33', 'localhost']);
    expect(moved.created).toBe(true);
    expect(new crypto.X509Certificate(moved.cert).subjectAltName).toContain('IP Address:192.168.1.33');
  });
});
