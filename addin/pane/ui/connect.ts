// The "connect" section: who is signed in to which service, and the forms to sign in with an API
// token or a Microsoft account. Folded while connected, and until connecting is the next step.
import { h, type Child } from './dom';
import { button, disclosure, field, foldingSection, notices, type View } from './controls';

export function connectSection(v: View): HTMLElement {
  const { state, T, pane, step } = v;
  const me = state.me;
  const form = connectForm(v);
  return foldingSection(
    v,
    'connect',
    T('connect.heading'),
    {
      open: !me && step === 'connect',
      note: me ? undefined : T('connect.folded'),
      always: [me ? h('p', { class: 'lp-connected' }, T('connect.connected', { name: me.name, role: roleText(v) })) : null, notices(v, 'connect', 'attention')],
    },
    me
      ? [
          h('p', { class: 'lp-muted' }, T('connect.where', { campaign: state.connection?.campaign ?? '', url: state.connection?.serviceUrl ?? '' })),
          h('div', { class: 'lp-actions' }, button(v, 'disconnect', T('connect.disconnect'), () => void pane.disconnect())),
          disclosure(v, 'change-connection', T('connect.change'), false, form),
        ]
      : [h('p', { class: 'lp-muted' }, T('connect.notConnected')), form],
    notices(v, 'connect', 'info'),
  );
}

function roleText({ state: { me }, T }: View): string {
  if (!me) return '';
  if (me.kind === 'office') return T('connect.role.office');
  return me.kind === 'unit' ? T('connect.role.unit', { unit: me.unit ?? '' }) : T('connect.role.unassigned');
}

function connectForm(v: View): Child[] {
  const { state, T, pane, form } = v;
  const me = state.me;
  return [
    field(v, 'serviceUrl', T('connect.serviceUrl'), { type: 'url', placeholder: 'https://ledger.example.edu.cn' }),
    field(v, 'campaign', T('connect.campaign'), { list: 'lp-campaigns' }),
    h('datalist', { id: 'lp-campaigns' }, state.campaigns.map((c) => h('option', { value: c }))),
    me?.kind === 'unit' ? null : field(v, 'unit', T('connect.unit'), { placeholder: T('connect.unitHint') }),
    field(v, 'token', T('connect.token'), { type: 'password', 'aria-describedby': 'lp-token-note' }),
    h('p', { id: 'lp-token-note', class: 'lp-hint' }, T('connect.tokenNote')),
    button(
      v,
      'connect-token',
      T('connect.withToken'),
      () => void pane.connectWithToken({ serviceUrl: form.serviceUrl, campaign: form.campaign, unit: form.unit, token: form.token }).then(() => (form.token = '')),
      { primary: v.step === 'connect' },
    ),
    pane.microsoftSignInAvailable
      ? disclosure(
          v,
          'microsoft',
          T('connect.microsoft'),
          state.auth === 'microsoft',
          field(v, 'clientId', T('connect.clientId'), { placeholder: '00000000-0000-0000-0000-000000000000' }),
          button(v, 'connect-ms', T('connect.signIn'), () => void pane.connectWithMicrosoft({ serviceUrl: form.serviceUrl, campaign: form.campaign, unit: form.unit, clientId: form.clientId })),
        )
      : h('p', { class: 'lp-hint' }, T('connect.microsoftUnavailable')),
  ];
}
