export { AuthEngine, ACCESS_TOKEN_TTL_SECONDS, type AuthEvents, type AuthUser, type TokenPair } from './auth-engine';
export { hashPassword, verifyPassword, passwordProblems } from './passwords';
export { BRIEF_USER_FIELDS, SELF_EDITABLE_USER_FIELDS, assertUserChange, assertUserLifecycle, seesWholeAccount, userViewFor } from './user-access';
export { authAndUserHandlers, type AuthHandlerDeps } from './auth-handlers';
