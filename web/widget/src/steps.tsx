/**
 * One component per step of the flow: each takes its screen (flow.ts) and the flow's actions
 * (connect-flow.ts) and renders the screen of screens.tsx, upload.tsx or a message. `Step` picks it.
 */
import type { FlowActions } from './connect-flow.ts';
import { loginUploadOffer, uploadOffered, type FlowState, type Screen } from './flow.ts';
import type { Params } from './params.ts';
import { AccountsScreen, ConsentScreen, CredentialsScreen, EnhancedScreen, InstitutionsScreen, MessageScreen, MethodScreen, MfaScreen, type Inst } from './screens.tsx';
import { Button, Loading } from './ui.tsx';
import { UploadStep } from './upload.tsx';

type Of<K extends Screen['kind']> = Extract<Screen, { kind: K }>;

interface StepProps<K extends Screen['kind']> {
  screen: Of<K>;
  params: Params;
  flow: FlowActions;
  institution: Inst | null;
  busy: boolean;
}

const instName = (i: Inst | null) => i?.name ?? '';

function LoadingStep({ screen, flow, institution }: StepProps<'loading'>) {
  return <Loading message={flow.t(screen.message, { institution: instName(institution) })} />;
}

function ConsentStep({ params, flow }: StepProps<'consent'>) {
  return <ConsentScreen customerName={params.customerName} appendedTitle={params.consentTitleAppendedText} termsUrl={params.termsUrl} onTerms={flow.clickTerms} onAccept={flow.acceptConsent} onDecline={flow.declineConsent} />;
}

function DeclinedStep({ flow }: StepProps<'declined'>) {
  const { t } = flow;
  return <MessageScreen title={t('declinedTitle')} text={t('declinedText')} icon="close"><Button onClick={flow.showConsent}>{t('startAgain')}</Button></MessageScreen>;
}

function InstitutionsStep({ params, flow, institutions }: StepProps<'institutions'> & { institutions: Inst[] }) {
  return <InstitutionsScreen institutions={institutions} filterEnabled={params.institutionFilterEnable} grid={params.desktopLayout} onChoose={flow.chooseInstitution} onUpload={uploadOffered(params) ? () => flow.showUpload('unlisted') : undefined} />;
}

function MethodStep({ flow, institution }: StepProps<'method'>) {
  return institution && <MethodScreen institution={institution} onLogin={flow.showCredentials} onUpload={() => flow.showUpload('choice')} />;
}

function CredentialsStep({ screen, params, flow, institution, busy, idle }: StepProps<'credentials'> & { idle: boolean }) {
  const reason = loginUploadOffer(params, screen.error !== null, idle);
  return institution && <CredentialsScreen institution={institution} error={screen.error} attempt={screen.attempt} busy={busy} termsUrl={params.consentEnable ? null : params.termsUrl} onTerms={flow.clickTerms} onSubmit={flow.submitCredentials}
    onUpload={reason ? () => flow.showUpload(reason) : undefined} />;
}

function MfaStep({ screen, flow, institution, busy }: StepProps<'mfa'>) {
  return institution && <MfaScreen key={screen.round} institution={institution} challenges={screen.challenges} round={screen.round} error={screen.error} attempt={screen.attempt} busy={busy} onSubmit={flow.submitMfa} />;
}

function EnhancedStep({ screen, flow, institution, busy }: StepProps<'enhanced'>) {
  return institution && <EnhancedScreen institution={institution} questions={screen.questions} error={screen.error} busy={busy} onSubmit={flow.submitEnhanced} onSkip={flow.skipEnhanced} />;
}

function ProviderStep({ flow, institution }: StepProps<'provider'>) {
  const { t } = flow;
  return (
    <MessageScreen title={t('providerWindowTitle', { institution: instName(institution) })} text={t('providerWindowText', { institution: instName(institution) })} icon="lock">
      <Button variant="secondary" onClick={flow.focusProvider}>{t('providerWindowShow')}</Button>
    </MessageScreen>
  );
}

function ProviderDoneStep({ flow }: StepProps<'providerDone'>) {
  return <MessageScreen title={flow.t('providerDoneTitle')} text={flow.t('providerDoneText')} icon="check" tone="success" />;
}

function UploadStepOf({ screen, params, flow, institution }: StepProps<'upload'>) {
  const offered = uploadOffered(params);
  return <UploadStep key={screen.attempt} customerId={params.customerId} token={params.authorizeToken} language={params.language} tag={params.tag} institution={offered ? (institution?.code ?? null) : null} onDone={flow.uploaded} onLogin={offered ? flow.backToLogin : undefined} />;
}

function AccountsStep({ screen, params, flow, institution, busy }: StepProps<'accounts'>) {
  return institution && <AccountsScreen institution={institution} accounts={screen.accounts} multiple={params.accountSelectorMultiple} noTitle={params.accountSelectorNoTitle} customerName={params.customerName} language={params.language} busy={busy} onSubmit={flow.chooseAccounts} />;
}

function SuccessStep({ screen, params, flow, institution }: StepProps<'success'>) {
  const { t } = flow;
  return (
    <MessageScreen title={t('successTitle')} text={institution ? t('successText', { institution: instName(institution) }) : t('successTextGeneric')} icon="check" tone="success">
      {screen.navigating ? (
        <>
          <p className="status" role="status">{t('redirecting')}</p>
          <a className="btn btn-secondary" href={screen.url} target={params.innerRedirect ? '_self' : '_top'} rel="noreferrer">{t('continue')}</a>
        </>
      ) : (
        <p className="status" role="status">{t('successDone')}</p>
      )}
    </MessageScreen>
  );
}

function ErrorStep({ screen, params, flow }: StepProps<'error'>) {
  const { t } = flow;
  return (
    <MessageScreen title={t(screen.title)} text={screen.message} icon="warning" tone="danger">
      {screen.actions.map((a, i) => (
        <Button key={a} variant={i === 0 ? 'primary' : 'secondary'} onClick={() => flow.errorAction(a)}>
          {a === 'institutions' ? t('otherInstitution') : a === 'login' ? t('logInAgain') : t('tryAgain')}
        </Button>
      ))}
      {/* A login that cannot go on (not an account list that failed after it): statements instead. */}
      {uploadOffered(params) && !screen.actions.includes('accounts') && <Button variant="secondary" onClick={() => flow.showUpload('error')}>{t('uploadInstead')}</Button>}
    </MessageScreen>
  );
}

function MaxStep({ params, flow }: StepProps<'max'>) {
  const { t } = flow;
  return (
    <MessageScreen title={t('maxTitle')} text={t('maxText')} icon="lock" tone="danger">
      {uploadOffered(params) && <Button onClick={() => flow.showUpload('max_attempts')}>{t('uploadInstead')}</Button>}
    </MessageScreen>
  );
}

function ClosedStep({ flow }: StepProps<'closed'>) {
  const { t } = flow;
  return <MessageScreen title={t('closedTitle')} text={t('closedText')} icon="close"><Button onClick={flow.startAgain}>{t('startAgain')}</Button></MessageScreen>;
}

/**
 * The step of the shown screen. The steps are called rather than mounted: the element tree stays
 * the screens' own, so two message steps in a row (the provider's pop-up, then its error) update
 * one MessageScreen, whose title keeps its focus state, as they always have.
 */
export function Step({ state, params, flow }: { state: FlowState; params: Params; flow: FlowActions }) {
  const common = { params, flow, institution: state.institution, busy: state.busy };
  const screen = state.screen;
  switch (screen.kind) {
    case 'loading':
      return LoadingStep({ screen, ...common });
    case 'consent':
      return ConsentStep({ screen, ...common });
    case 'declined':
      return DeclinedStep({ screen, ...common });
    case 'institutions':
      return InstitutionsStep({ screen, ...common, institutions: state.institutions });
    case 'method':
      return MethodStep({ screen, ...common });
    case 'credentials':
      return CredentialsStep({ screen, ...common, idle: state.idle });
    case 'mfa':
      return MfaStep({ screen, ...common });
    case 'enhanced':
      return EnhancedStep({ screen, ...common });
    case 'provider':
      return ProviderStep({ screen, ...common });
    case 'providerDone':
      return ProviderDoneStep({ screen, ...common });
    case 'upload':
      return UploadStepOf({ screen, ...common });
    case 'accounts':
      return AccountsStep({ screen, ...common });
    case 'success':
      return SuccessStep({ screen, ...common });
    case 'error':
      return ErrorStep({ screen, ...common });
    case 'max':
      return MaxStep({ screen, ...common });
    case 'closed':
      return ClosedStep({ screen, ...common });
  }
}
