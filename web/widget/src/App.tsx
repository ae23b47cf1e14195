/**
 * The Connect widget's page: the header, the shown step and the footer. The flow (calls, events,
 * the screen shown) is useConnectFlow's (connect-flow.ts), its state flow.ts's reducer.
 */
import { useMemo } from 'react';
import { useConnectFlow, type PageConfig } from './connect-flow.ts';
import type { FlowActions } from './connect-flow.ts';
import type { FlowState } from './flow.ts';
import type { Params } from './params.ts';
import { Step } from './steps.tsx';
import { Icon, UiContext } from './ui.tsx';
import { StillSpinners } from '../../shared/ui.tsx';
import { FocusArmed, useFocusArmed } from '../../shared/focus.tsx';

export type { PageConfig };

export function App({ params, config }: { params: Params; config: PageConfig }) {
  const { state, actions } = useConnectFlow(params, config);
  const focusArmed = useFocusArmed();
  const { t } = actions;
  const ui = useMemo(() => ({ t }), [t]);
  const { screen, busy } = state;
  return (
    <UiContext.Provider value={ui}>
      <FocusArmed.Provider value={focusArmed}>
      <StillSpinners.Provider value={params.staticLoadingEnable}>
      <div className={`app${params.removePadding ? ' no-padding' : ''}${params.desktopLayout ? ' desktop' : ''}`}>
        <Header state={state} params={params} flow={actions} />
        <main className="main" aria-busy={busy || screen.kind === 'loading'}>
          <Step state={state} params={params} flow={actions} />
        </main>
        <footer className="footer">
          <Icon name="lock" />
          <span>{t('secured')}</span>
        </footer>
      </div>
      </StillSpinners.Provider>
      </FocusArmed.Provider>
    </UiContext.Provider>
  );
}

/** Back (on the login form, with backEnable), the title (headerEnable) and close (closeEnable). */
function Header({ state, params, flow }: { state: FlowState; params: Params; flow: FlowActions }) {
  const { t } = flow;
  const { screen, institution } = state;
  const canGoBack = params.backEnable && screen.kind === 'credentials' && !state.busy;
  if (!(params.headerEnable || params.closeEnable || canGoBack)) return null;
  return (
    <header className="header">
      <div className="header-side">
        {canGoBack && (
          <button type="button" className="icon-btn" onClick={flow.back} aria-label={t('back')}>
            <Icon name="back" />
          </button>
        )}
      </div>
      {params.headerEnable && (
        <p className="header-title">
          {institution && screen.kind !== 'institutions' ? institution.name : params.customerName ?? t('headerTitle')}
        </p>
      )}
      <div className="header-side end">
        {params.closeEnable && screen.kind !== 'closed' && (
          <button type="button" className="icon-btn" onClick={flow.close} aria-label={t('close')}>
            <Icon name="close" />
          </button>
        )}
      </div>
    </header>
  );
}
