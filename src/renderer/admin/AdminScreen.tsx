import { useCallback, useEffect, useMemo, useState } from 'react';
import { ipcErrorOf } from '../../shared/ipc-error';
import type { AdminSourceAdd, AdminSourceView, AdminStatus } from '../../shared/ipc-schema';
import { useGangway } from '../api/GangwayProvider';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n/i18n';
import { formatDateTime } from '../util/format';
import { scopeTo, toAdminModel, topologyFor, type TunnelRow } from './admin-model';
import { FindingsList } from './FindingsList';
import { ReachabilityMatrix } from './ReachabilityMatrix';
import { RouteTable } from './RouteTable';
import { SourcesPanel } from './SourcesPanel';
import { TopologyDiagram } from './TopologyDiagram';
import { TunnelTable, type TunnelAction } from './TunnelTable';
import { ownValue } from '../../shared/own-property';

interface Pending {
  action: TunnelAction;
  tunnel: TunnelRow;
}

export function AdminScreen() {
  const { t, locale } = useI18n();
  const { api } = useGangway();
  const [sources, setSources] = useState<AdminSourceView[]>();
  const [selected, setSelected] = useState<string>();
  /** Last answer per source: a status, or why it could not be read. */
  const [statuses, setStatuses] = useState<Record<string, AdminStatus | { error: string }>>({});
  const [gateway, setGateway] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState<Pending>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string }>();

  const loadSources = useCallback(
    () =>
      api.admin.listSources().then(
        (list) => {
          setSources(list);
          setSelected((s) => (s && list.some((x) => x.sourceId === s) ? s : list[0]?.sourceId));
        },
        (err: unknown) => setProblem(ipcErrorOf(err).message),
      ),
    [api],
  );

  useEffect(() => {
    void loadSources();
  }, [loadSources]);

  const refresh = useCallback(
    (sourceId: string) =>
      api.admin.status({ sourceId }).then(
        (next) => setStatuses((m) => ({ ...m, [sourceId]: next })),
        (err: unknown) =>
          setStatuses((m) => ({ ...m, [sourceId]: { error: ipcErrorOf(err).message } })),
      ),
    [api],
  );

  useEffect(() => {
    if (selected) void refresh(selected);
  }, [selected, refresh]);

  useEffect(
    () => api.on('admin.updated', (next) => setStatuses((m) => ({ ...m, [next.sourceId]: next }))),
    [api],
  );

  const answer = useMemo(
    () => (selected ? ownValue(statuses, selected) : undefined),
    [statuses, selected],
  );
  const status = answer && !('error' in answer) ? answer : undefined;
  const loadError = answer && 'error' in answer ? answer.error : undefined;

  const model = useMemo(
    () => (status ? toAdminModel(status, t('common.unknown')) : undefined),
    [status, t],
  );
  const shownGateway =
    gateway && model?.gateways.some((g) => g.id === gateway) ? gateway : model?.gateways[0]?.id;

  const scoped = model && scopeTo(model, shownGateway);

  const add = async (source: AdminSourceAdd) => {
    const view = await api.admin.addSource(source);
    await loadSources();
    setSelected(view.sourceId);
  };
  const remove = async (sourceId: string) => {
    await api.admin.removeSource({ sourceId });
    await loadSources();
  };

  const runAction = async ({ action, tunnel }: Pending) => {
    if (!selected) return;
    const label = action === 'initiate' ? t('admin.initiate') : t('admin.terminate');
    try {
      const ref = { sourceId: selected, tunnelId: tunnel.id };
      await (action === 'initiate' ? api.admin.initiate(ref) : api.admin.terminate(ref));
      setOutcome({ ok: true, text: t('admin.actionDone', { action: label, name: tunnel.name }) });
      await refresh(selected);
    } catch (err) {
      const message = ipcErrorOf(err).message;
      setOutcome({
        ok: false,
        text: t('admin.actionFailed', { action: label, name: tunnel.name, message }),
      });
    }
  };

  return (
    <div className="page page-wide">
      <header className="page-head">
        <div>
          <h1>{t('admin.title')}</h1>
          <p>{t('admin.subtitle')}</p>
        </div>
        {status && (
          <div className="row">
            <span className="faint">
              {t('admin.refreshed', { time: formatDateTime(status.fetchedAt, locale) })}
            </span>
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => selected && void refresh(selected)}
            >
              <Icon name="refresh" />
              {t('common.refresh')}
            </button>
          </div>
        )}
      </header>
      {sources && (
        <SourcesPanel
          sources={sources}
          selected={selected}
          onSelect={setSelected}
          onAdd={add}
          onRemove={remove}
        />
      )}
      {problem && <Notice tone="bad">{problem}</Notice>}
      {loadError && <Notice tone="bad">{t('admin.loadFailed', { message: loadError })}</Notice>}
      {outcome && <Notice tone={outcome.ok ? 'ok' : 'bad'}>{outcome.text}</Notice>}
      {model && scoped && (
        <>
          <section className="card" aria-labelledby="admin-topology">
            <div className="card-head">
              <h2 id="admin-topology">{t('admin.topology')}</h2>
              {model.gateways.length > 1 && (
                <div className="field field-inline">
                  <label htmlFor="gw-pick">{t('admin.gateway')}</label>
                  <select
                    id="gw-pick"
                    value={shownGateway}
                    onChange={(e) => setGateway(e.target.value)}
                  >
                    {model.gateways.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
            </div>
            <div className="card-body">
              {shownGateway ? (
                <TopologyDiagram input={topologyFor(model, shownGateway)} />
              ) : (
                <p className="muted">{t('admin.noGateways')}</p>
              )}
            </div>
          </section>
          <TunnelTable
            tunnels={scoped.tunnels}
            canControl={model.canControl}
            onAction={(action, tunnel) => setPending({ action, tunnel })}
          />
          <RouteTable
            routes={model.routes.filter((r) => !shownGateway || r.gatewayId === shownGateway)}
          />
          {scoped.reachability && <ReachabilityMatrix reachability={scoped.reachability} />}
          <FindingsList findings={scoped.findings} />
        </>
      )}
      {pending && (
        <ConfirmDialog
          title={
            pending.action === 'initiate' ? t('admin.initiateTitle') : t('admin.terminateTitle')
          }
          body={
            pending.action === 'initiate'
              ? t('admin.initiateBody', { name: pending.tunnel.name })
              : t('admin.terminateBody', { name: pending.tunnel.name })
          }
          confirmLabel={pending.action === 'initiate' ? t('admin.initiate') : t('admin.terminate')}
          danger={pending.action === 'terminate'}
          onCancel={() => setPending(undefined)}
          onConfirm={() => {
            const p = pending;
            setPending(undefined);
            void runAction(p);
          }}
        />
      )}
    </div>
  );
}
