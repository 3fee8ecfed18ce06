import { data } from '@remix-run/node';
import type { ApiClient } from '../api/client.server';
import type { AccountIntent } from './account-forms';
import { CHECK_FIELDS } from './auth-form.server';
import { looksLikeEmail, textField } from './form-data';
import { type FormErrors, formErrorsFromProblem } from './form-errors';

/** A failed submission of one of the account page's forms (never echoes a password). */
function failure(intent: AccountIntent, errors: FormErrors, values: Record<string, string>, status: number) {
  return data({ intent, errors, values }, { status });
}

export async function changeEmail(client: ApiClient, form: FormData) {
  const email = textField(form, 'email').trim();
  const password = textField(form, 'password');
  const fields: Record<string, string> = {};
  if (!looksLikeEmail(email)) fields.email = 'Enter the new email address.';
  if (password === '') fields.password = 'Enter your current password.';
  if (Object.keys(fields).length > 0) return failure('email', { message: CHECK_FIELDS, fields }, { email }, 400);
  const result = await client.POST('/v1/auth/email-change', { body: { email, password } });
  if (result.response.status === 202) return { intent: 'email' as const, requested: email };
  return failure('email', formErrorsFromProblem(result.error, 'The change could not be requested.'), { email }, result.response.status);
}

/** The new password follows the sign-up rules (10 to 128 characters); the API checks them again. */
export async function changePassword(client: ApiClient, form: FormData) {
  const currentPassword = textField(form, 'currentPassword');
  const newPassword = textField(form, 'newPassword');
  const fields: Record<string, string> = {};
  if (currentPassword === '') fields.currentPassword = 'Enter your current password.';
  if (newPassword.length < 10 || newPassword.length > 128) fields.newPassword = 'Use 10 to 128 characters.';
  else if (newPassword !== textField(form, 'confirm')) fields.confirm = 'Type the same password twice.';
  if (Object.keys(fields).length > 0) return failure('password', { message: CHECK_FIELDS, fields }, {}, 400);
  const endOtherSessions = textField(form, 'keepOtherSessions') !== 'on';
  const result = await client.POST('/v1/auth/password', { body: { currentPassword, newPassword, endOtherSessions } });
  if (result.data !== undefined) return { intent: 'password' as const, otherSessionsEnded: result.data.otherSessionsEnded };
  return failure('password', formErrorsFromProblem(result.error, 'The password could not be changed.'), {}, result.response.status);
}

export async function endSession(client: ApiClient, form: FormData) {
  const id = textField(form, 'sessionId');
  const result = await client.DELETE('/v1/auth/sessions/{id}', { params: { path: { id } } });
  if (result.response.status === 204) return { intent: 'end-session' as const, ended: id };
  return failure('end-session', formErrorsFromProblem(result.error, 'The session could not be signed out.'), {}, result.response.status);
}
