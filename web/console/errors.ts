// An API error in the agent's language where the console knows the code; the server's own
// words otherwise (and as the reason of a weak password, which only the server can give).
import { ApiError } from './api';
import type { Strings } from './i18n';

export function errorText(error: unknown, t: Strings): string {
  if (!(error instanceof ApiError)) return String(error);
  switch (error.code) {
    case 'weak_password':
      return t.weakPassword(error.message);
    case 'wrong_password':
      return t.wrongCurrentPassword;
    case 'last_admin':
      return t.lastAdmin;
    case 'account_disabled':
      return t.accountDisabled;
    case 'forbidden':
      return t.forbidden;
    case 'invalid_timezone':
      return t.invalidTimezone;
    case 'at_capacity':
      return t.atCapacity;
    case 'agent_unavailable':
      return t.agentUnavailable;
    case 'not_holder':
      return t.notHolder;
    default:
      return error.message;
  }
}
