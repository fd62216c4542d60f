import { FormEvent, useState } from 'react';
import {
  createIntegrationCredential, IntegrationCredential, listIntegrationCredentials, revokeIntegrationCredential,
  rotateIntegrationCredential,
} from '../../api/admin';
import { explain, States, useLoad } from '../../modules/admin/ui';

/**
 * Org admins: the organization's integration credentials, Kafka logins with which a SIEM, billing job or automation
 * reads the organization's own topics (docs/integrations.md). A secret is shown once, right after create or rotate.
 */
export function AdminIntegrations() {
  const list = useLoad(() => listIntegrationCredentials().then((r) => r.items));
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<IntegrationCredential | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (label: string, call: () => Promise<IntegrationCredential | void>) => {
    setBusy(label);
    setError(null);
    try {
      const result = await call();
      setIssued(result && result.secret ? result : null);
      await list.reload();
    } catch (e) {
      setError(explain(e));
    } finally {
      setBusy(null);
    }
  };

  const create = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Give the credential a name, e.g. the integration that will use it.');
      return;
    }
    void run('create', async () => {
      const c = await createIntegrationCredential(name.trim());
      setName('');
      return c;
    });
  };

  const items = list.data ?? [];
  return (
    <main className="page admin">
      <div className="page-head">
        <h1>Integrations</h1>
      </div>
      <p className="muted small">
        Each credential is a Kafka login that may read your organization’s topics (workspace events, usage, audit)
        and nothing else. The secret is shown once; rotate a credential to get a new one, revoke it to end it.
      </p>
      <form className="card" onSubmit={create} aria-label="New integration credential">
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100}
            placeholder="e.g. siem" data-testid="credential-name" />
        </label>
        <button className="primary" type="submit" disabled={busy !== null}>Create credential</button>
      </form>
      {error && <p role="alert" className="error">{error}</p>}
      {issued && <IssuedSecret credential={issued} onDone={() => setIssued(null)} />}
      <States loading={list.loading} error={list.error} empty={items.length === 0}
        emptyText="No integration credential yet.">
        <table className="admin-table" aria-label="Integration credentials">
          <thead>
            <tr><th>Name</th><th>Principal</th><th>Status</th><th>Created</th><th>Rotated</th>
              <th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-testid={`credential-${c.name}`}>
                <td>{c.name}</td>
                <td className="mono small">{c.principal}</td>
                <td>{c.status === 'ACTIVE'
                  ? <span className="badge badge-running">active</span>
                  : <span className="badge">revoked</span>}</td>
                <td className="small">{new Date(c.createdAt).toLocaleString()} by {c.createdBy}</td>
                <td className="small">{c.rotatedAt ? new Date(c.rotatedAt).toLocaleString() : '—'}</td>
                <td>
                  {c.status === 'ACTIVE' && (
                    <>
                      <button disabled={busy !== null} onClick={() => void run(`rotate-${c.id}`,
                        () => rotateIntegrationCredential(c.id))}>Rotate</button>
                      <button disabled={busy !== null} onClick={() => {
                        if (window.confirm(`Revoke “${c.name}”? Its consumers stop within seconds.`)) {
                          void run(`revoke-${c.id}`, () => revokeIntegrationCredential(c.id));
                        }
                      }}>Revoke</button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </States>
    </main>
  );
}

/** The one time a secret is visible: the client settings to copy, with the secret in them. */
function IssuedSecret({ credential, onDone }: { credential: IntegrationCredential; onDone: () => void }) {
  const config = [
    `bootstrap.servers=${credential.bootstrapServers}`,
    `security.protocol=${credential.securityProtocol}`,
    `sasl.mechanism=${credential.saslMechanism}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${credential.principal}" password="${credential.secret}";`,
    `# topics: ${credential.topicPrefix}workspace-events, …usage, …audit`,
    `group.id=${credential.groupPrefix}<any name>`,
  ].join('\n');
  return (
    <section className="card" role="status" data-testid="issued-secret">
      <h2>Copy these settings now</h2>
      <p className="small">The secret of <strong>{credential.name}</strong> is not shown again.</p>
      <pre className="mono small">{config}</pre>
      <button onClick={() => void navigator.clipboard?.writeText(config)}>Copy</button>
      <button onClick={onDone}>Done</button>
    </section>
  );
}
