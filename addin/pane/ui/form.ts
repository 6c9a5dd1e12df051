// What was typed into the pane's forms. It lives across redraws (the pane is redrawn on every state
// change) and takes the workbook's remembered connection once that is known.
import type { PaneController } from '../controller';
import type { Connection } from '../settings';

export interface Form {
  serviceUrl: string;
  campaign: string;
  unit: string;
  token: string;
  clientId: string;
  /** A closure request's note, an extension's date and reason, the office's answer. */
  closureNote: string;
  extensionDate: string;
  extensionReason: string;
  officeNote: string;
  /** Conflict id → value typed for "another value". */
  custom: Record<string, string>;
}

/** The form's one-line text inputs. */
export type FormInput = keyof Omit<Form, 'custom'>;

export function newForm(pane: PaneController): Form {
  return {
    serviceUrl: pane.serviceUrl,
    campaign: pane.state.connection?.campaign ?? 'default',
    unit: pane.state.connection?.unit ?? '',
    token: '',
    clientId: pane.state.connection?.entraClientId ?? '',
    closureNote: '',
    extensionDate: '',
    extensionReason: '',
    officeNote: '',
    custom: {},
  };
}

/**
 * Returns what fills `form` from each connection the pane has not shown before, so a connection
 * read from the workbook (or made by signing in) replaces what the form started with, once.
 */
export function followConnection(form: Form, initial: Connection | undefined): (connection: Connection | undefined) => void {
  let seen = initial;
  return (connection) => {
    if (!connection || connection === seen) return;
    seen = connection;
    form.serviceUrl = connection.serviceUrl;
    form.campaign = connection.campaign;
    form.unit = connection.unit ?? form.unit;
    form.clientId = connection.entraClientId ?? form.clientId;
  };
}
